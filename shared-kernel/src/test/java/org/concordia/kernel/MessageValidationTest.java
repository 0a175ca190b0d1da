package org.concordia.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.account.ChangePassword;
import org.concordia.kernel.account.CreateUserAccount;
import org.concordia.kernel.account.DisableAccount;
import org.concordia.kernel.account.UserAccountId;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.junit.jupiter.api.Test;

class MessageValidationTest {

    private static final String CID = CollaborationId.forKey("TRIAL").value();
    private static final Duration DAY = Duration.ofDays(1);

    private static RaiseIssue raise(String title, String description) {
        return new RaiseIssue(CID, "i-1", IssueType.ISSUE, title, description, IssueCategory.SAFETY, Severity.LOW,
                Set.of("p"), "sam");
    }

    @Test
    void collaborationIdIsDeterministicFromTheKey() {
        assertThat(CollaborationId.forKey("TRIAL")).isEqualTo(CollaborationId.forKey("TRIAL"))
                                                    .isNotEqualTo(CollaborationId.forKey("OTHER"));
        assertThat(CollaborationId.forKey("TRIAL").value()).matches("[0-9a-f-]{36}").isEqualTo(CID);
    }

    @Test
    void keyIsTwoToTenUpperCaseLetters() {
        for (String bad : new String[] {"A", "ABCDEFGHIJK", "Trial", "TR1AL", "TR AL", ""}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> RegisterCollaboration.of(bad, "n", CollaborationKind.OTHER, null, "cora"))
                    .withMessageStartingWith("key");
        }
        assertThatNoException().isThrownBy(() -> RegisterCollaboration.of("AB", "n", CollaborationKind.OTHER, null, "c"));
        assertThatNoException()
                .isThrownBy(() -> RegisterCollaboration.of("ABCDEFGHIJ", "n", CollaborationKind.OTHER, null, "c"));
    }

    @Test
    void collaborationIdMustBeDerivedFromTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RegisterCollaboration("other-id", "TRIAL", "n", CollaborationKind.OTHER, null,
                        "cora", "cora"))
                .withMessageStartingWith("collaborationId");
    }

    @Test
    void titleIsAtMost200Characters() {
        assertThatNoException().isThrownBy(() -> raise("t".repeat(200), "d"));
        assertThatIllegalArgumentException().isThrownBy(() -> raise("t".repeat(201), "d"))
                                            .withMessageStartingWith("title");
        assertThatIllegalArgumentException().isThrownBy(() -> raise("  ", "d")).withMessageStartingWith("title");
        assertThatIllegalArgumentException().isThrownBy(() -> raise(null, "d")).withMessageStartingWith("title");
    }

    @Test
    void descriptionAndCommentAreAtMost20000Characters() {
        assertThatNoException().isThrownBy(() -> raise("t", "d".repeat(20_000)));
        assertThatIllegalArgumentException().isThrownBy(() -> raise("t", "d".repeat(20_001)))
                                            .withMessageStartingWith("description");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CommentOnIssue("i-1", "c-1", "x".repeat(20_001), "sam"))
                .withMessageStartingWith("text");
    }

    @Test
    void reasonIsRequiredAndAtMost2000Characters() {
        assertThatNoException().isThrownBy(() -> new EscalateIssue("i-1", "r".repeat(2_000), "sam"));
        assertThatIllegalArgumentException().isThrownBy(() -> new EscalateIssue("i-1", "r".repeat(2_001), "sam"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new ChangeSeverity("i-1", Severity.HIGH, "", "sam"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new WithdrawIssue("i-1", null, "sam"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReopenIssue("i-1", " ", "sam"))
                                            .withMessageStartingWith("reason");
    }

    @Test
    void quorumIsAtLeastOneAndAtMostTheBodySize() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a"), DAY, DAY, 0)).withMessageStartingWith("quorum");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a"), DAY, DAY, 2)).withMessageStartingWith("quorum");
        assertThatNoException().isThrownBy(() -> new GovernanceTier("WG", List.of("a", "b"), DAY, DAY, 2));
    }

    @Test
    void tierNeedsDistinctMembersAndPositiveDurations() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of(), DAY, DAY, 1)).withMessageStartingWith("members");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a", "a"), DAY, DAY, 1))
                .withMessageStartingWith("members");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a"), Duration.ZERO, DAY, 1))
                .withMessageStartingWith("acknowledgeWithin");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a"), DAY, DAY.negated(), 1))
                .withMessageStartingWith("resolveWithin");
        assertThatIllegalArgumentException().isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(), "cora"))
                                            .withMessageStartingWith("tiers");
    }

    @Test
    void aNewLadderHasNoSlaLongerThanTenYears() {
        Duration longest = GovernanceTier.LONGEST_SLA;
        GovernanceTier huge = new GovernanceTier("WG", List.of("a"), DAY, Duration.parse("P106751991167300D"), 1);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(huge), "cora"))
                .withMessage("tiers[0].resolveWithin: must be at most " + longest);
        GovernanceTier justOver = new GovernanceTier("Board", List.of("a"), longest.plusSeconds(1), DAY, 1);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(
                        new GovernanceTier("WG", List.of("a"), longest, longest, 1), justOver), "cora"))
                .withMessageStartingWith("tiers[1].acknowledgeWithin: ");
        assertThatNoException().isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(
                new GovernanceTier("WG", List.of("a"), Duration.ofSeconds(4), longest, 1)), "cora"));
        // a ladder recorded before the bound still reads back (the tier itself does not refuse it)
        assertThatNoException().isThrownBy(() -> new GovernanceTier("WG", List.of("a"), DAY,
                                                                     Duration.parse("P106751991167300D"), 1));
    }

    @Test
    void aCapaIsDueOnACalendarDateWithAFourDigitYear() {
        for (LocalDate outside : List.of(LocalDate.MAX, LocalDate.MIN, LocalDate.of(10_000, 1, 1),
                                         LocalDate.of(-1, 12, 31))) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AddCorrectiveAction("i-1", "a", ActionKind.CORRECTIVE, "d", "o", outside, "s"))
                    .withMessage("dueOn: must be a date in the years 0000 to 9999");
        }
        for (LocalDate inside : List.of(LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31))) {
            assertThatNoException().isThrownBy(
                    () -> new AddCorrectiveAction("i-1", "a", ActionKind.CORRECTIVE, "d", "o", inside, "s"));
        }
    }

    @Test
    void evidenceUriIsHttpOrHttps() {
        assertThatNoException().isThrownBy(() -> new AttachEvidence("i-1", "e", "t", "http://x.org/a", null, "s"));
        assertThatNoException().isThrownBy(() -> new AttachEvidence("i-1", "e", "t", "HTTPS://x.org/a", null, "s"));
        for (String bad : new String[] {"ftp://x.org/a", "file:///etc/passwd", "/relative", "javascript:alert(1)",
                "https://", "not a uri"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AttachEvidence("i-1", "e", "t", bad, null, "s"))
                    .withMessageStartingWith("uri");
        }
    }

    @Test
    void sha256IsOptionalButSixtyFourHexCharacters() {
        assertThatNoException().isThrownBy(() -> new AttachEvidence("i-1", "e", "t", "https://x.org", "AB".repeat(32), "s"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AttachEvidence("i-1", "e", "t", "https://x.org", "ab".repeat(31), "s"))
                .withMessageStartingWith("sha256");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AttachEvidence("i-1", "e", "t", "https://x.org", "g".repeat(64), "s"))
                .withMessageStartingWith("sha256");
    }

    @Test
    void anElectronicSignatureNamesItsSignerMeaningAndTimeAndFitsTheSignedAct() {
        java.time.Instant at = java.time.Instant.parse("2026-03-01T09:30:00Z");
        ElectronicSignature dana = new ElectronicSignature("dana", "Dana Whitfield", SignatureMeaning.APPROVED, at,
                SignatureMethod.PASSWORD);
        assertThat(dana.manifestation()).isEqualTo("Dana Whitfield (dana), APPROVED, 2026-03-01T09:30:00Z");
        assertThatIllegalArgumentException().isThrownBy(() -> new ElectronicSignature("dana", " ",
                SignatureMeaning.APPROVED, at, SignatureMethod.PASSWORD)).withMessageStartingWith("signature.printedName");
        assertThatIllegalArgumentException().isThrownBy(() -> new ElectronicSignature("dana", "Dana", null, at,
                SignatureMethod.PASSWORD)).withMessageStartingWith("signature.meaning");
        assertThatIllegalArgumentException().isThrownBy(() -> new ElectronicSignature("dana", "Dana",
                SignatureMeaning.APPROVED, null, SignatureMethod.PASSWORD)).withMessageStartingWith("signature.signedAt");

        assertThatNoException().isThrownBy(() -> new CastVote("i-1", "p", VoteChoice.APPROVE, null, "dana", dana));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CastVote("i-1", "p", VoteChoice.REJECT, null, "dana", dana))
                .withMessage("signature.meaning: must be REJECTED for the vote REJECT");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CastVote("i-1", "p", VoteChoice.APPROVE, null, "sam", dana))
                .withMessageStartingWith("signature.username");
        assertThat(CastVote.meaningOf(VoteChoice.ABSTAIN)).isEqualTo(SignatureMeaning.ABSTAINED);
        assertThatIllegalArgumentException().isThrownBy(() -> new CloseIssue("i-1", null, "dana", dana))
                                            .withMessageStartingWith("signature.meaning");
        assertThatNoException().isThrownBy(() -> new CloseIssue("i-1", null, "dana", new ElectronicSignature(
                "dana", "Dana", SignatureMeaning.CLOSED_AS_EFFECTIVE, at, SignatureMethod.OIDC_REAUTHENTICATION)));
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AcknowledgeIssue(null, "sam"))
                                            .withMessageStartingWith("issueId");
        assertThatIllegalArgumentException().isThrownBy(() -> new AcknowledgeIssue("i-1", " "))
                                            .withMessageStartingWith("actor");
        assertThatIllegalArgumentException().isThrownBy(() -> new CastVote("i-1", "p", null, null, "sam", null))
                                            .withMessageStartingWith("vote");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AddCorrectiveAction("i-1", "a", ActionKind.CORRECTIVE, "d", "o", null, "s"))
                .withMessageStartingWith("dueOn");
        assertThatIllegalArgumentException().isThrownBy(() -> new AddMember(CID, "u", "p", Set.of(), "cora"))
                                            .withMessageStartingWith("roles");
        assertThatIllegalArgumentException().isThrownBy(() -> new LinkIssue("i-1", "i-2", null, "sam"))
                                            .withMessageStartingWith("relation");
        assertThatNoException().isThrownBy(() -> new AddCorrectiveAction("i-1", "a", ActionKind.PREVENTIVE, "d", "o",
                LocalDate.of(2026, 1, 1), "s"));
    }

    @Test
    void systemActorHasNoPartyAndNoRoles() {
        assertThat(ActorContext.SYSTEM.username()).isEqualTo("system");
        assertThat(ActorContext.SYSTEM.partyId()).isNull();
        assertThat(ActorContext.SYSTEM.roles()).isEmpty();
        assertThat(ActorContext.SYSTEM.isSystem()).isTrue();
    }

    @Test
    void accountStreamsAreApartFromIssueAndCollaborationStreams() {
        assertThat(new DisableAccount("demo-7", "left the trial", "admin").accountId()).isEqualTo("account:demo-7");
        assertThat(UserAccountId.isReserved("system")).isTrue();
        assertThat(UserAccountId.isReserved("System")).isTrue();
        assertThat(UserAccountId.isReserved("cora")).isFalse();
    }

    @Test
    void onlyTheHolderChangesTheirPasswordAndAdministrativeActsNeedAReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChangePassword("cora", null, "admin"))
                                            .withMessageStartingWith("actor");
        assertThatNoException().isThrownBy(() -> new ChangePassword("cora", null, "cora"));
        assertThatIllegalArgumentException().isThrownBy(() -> new DisableAccount("cora", " ", "admin"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CreateUserAccount("x@idp", "X", false, false, "https://idp", null, null, "system"))
                .withMessageStartingWith("issuer");
    }
}
