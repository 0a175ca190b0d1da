package org.concordia.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.issue.Ballot;
import org.concordia.kernel.issue.BallotClosure;
import org.concordia.kernel.issue.BallotOutcome;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.issue.Decision;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.VoteCast;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.junit.jupiter.api.Test;

/** The audit trail's human-readable summary carries the signature manifestation (21 CFR 11.50(b)). */
class SignatureSummariesTest {

    private static final Instant AT = Instant.parse("2026-03-01T09:30:00Z");
    private static final ActorContext DANA = new ActorContext("dana", "dmc", Set.of(MemberRole.CONTRIBUTOR));

    private static ElectronicSignature signed(String username, String name, SignatureMeaning meaning) {
        return new ElectronicSignature(username, name, meaning, AT, SignatureMethod.PASSWORD);
    }

    @Test
    void aSignedVoteNamesSignerMeaningAndTime() {
        assertThat(AuditEntries.summary(new VoteCast("c", "i", "p-1", VoteChoice.REJECT, null, DANA,
                signed("dana", "Dana Whitfield", SignatureMeaning.REJECTED))))
                .isEqualTo("REJECT on proposal p-1; signed by Dana Whitfield (dana), REJECTED, 2026-03-01T09:30:00Z");
    }

    @Test
    void anAdoptionListsTheApproversSignaturesAndSaysWhichWereRecordedUnsigned() {
        Decision decision = new Decision("p-1", "s", "r", 2, "TSC", 2, List.of(
                new Ballot("pat", "patients", VoteChoice.APPROVE, null),
                new Ballot("sam", "sponsor", VoteChoice.REJECT, signed("sam", "Sam", SignatureMeaning.REJECTED)),
                new Ballot("dana", "dmc", VoteChoice.APPROVE, signed("dana", "Dana Whitfield",
                        SignatureMeaning.APPROVED))));
        assertThat(AuditEntries.summary(new ProposalAdopted("c", "i", "p-1", decision, DANA)))
                .isEqualTo("proposal p-1 adopted at tier 2 (2 for, 1 against, 0 abstaining, APPROVALS_COUNTED); "
                           + "signed by pat (unsigned: recorded before electronic signatures); Dana Whitfield (dana), "
                           + "APPROVED, 2026-03-01T09:30:00Z");
    }

    @Test
    void aBallotTheChairClosedNamesTheChairsSignatureAndTheTally() {
        ProposalRejected rejected = new ProposalRejected("c", "i", "p-1", 2, BallotOutcome.NO_QUORUM,
                DecisionRule.fromApprovalQuorum(3), new Tally(4, 1, 0, 0, 0), BallotClosure.CLOSED_BY_CHAIR,
                List.of(new Ballot("dana", "dmc", VoteChoice.APPROVE, signed("dana", "Dana Whitfield",
                        SignatureMeaning.APPROVED))), "no quorum", signed("prof", "Ines Varga",
                        SignatureMeaning.BALLOT_CLOSED), DANA);
        assertThat(AuditEntries.summary(rejected))
                .isEqualTo("proposal p-1 not decided (no quorum) at tier 2 (1 for, 0 against, 0 abstaining of 4 "
                           + "eligible, CLOSED_BY_CHAIR); signed by Dana Whitfield (dana), APPROVED, "
                           + "2026-03-01T09:30:00Z; ballot closed by Ines Varga (prof), BALLOT_CLOSED, "
                           + "2026-03-01T09:30:00Z");
    }

    @Test
    void aClosingRecordedBeforeSignaturesSaysSo() {
        assertThat(AuditEntries.summary(new IssueClosed("c", "i", "n", DANA, null)))
                .isEqualTo("closed (unsigned: recorded before electronic signatures)");
        assertThat(AuditEntries.summary(new IssueClosed("c", "i", "n", DANA,
                signed("dana", "Dana Whitfield", SignatureMeaning.CLOSED_AS_EFFECTIVE))))
                .isEqualTo("closed; signed by Dana Whitfield (dana), CLOSED_AS_EFFECTIVE, 2026-03-01T09:30:00Z");
    }
}
