package org.concordia.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.junit.jupiter.api.Test;

/** The structure of decision rules, ladders and the commands of corrections and CAPA (issue 15). */
class GovernanceMessagesTest {

    private static final String CID = CollaborationId.forKey("TRIAL").value();
    private static final Duration DAY = Duration.ofDays(1);
    private static final DecisionRule MAJORITY = new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, null);

    private static ElectronicSignature signed(String username, SignatureMeaning meaning) {
        return new ElectronicSignature(username, username, meaning, Instant.parse("2026-03-01T09:30:00Z"),
                SignatureMethod.PASSWORD);
    }

    @Test
    void aSimpleMajorityCountsVotesForAndAgainstAndTheChairBreaksATieOnlyWithACastingVote() {
        assertThat(MAJORITY.outcome(new Tally(4, 2, 1, 1, 0), null)).isEqualTo(BallotOutcome.ADOPTED);
        assertThat(MAJORITY.outcome(new Tally(4, 2, 2, 0, 0), VoteChoice.APPROVE)).isEqualTo(BallotOutcome.ADOPTED);
        assertThat(MAJORITY.outcome(new Tally(4, 2, 2, 0, 0), VoteChoice.REJECT)).isEqualTo(BallotOutcome.REJECTED);
        assertThat(MAJORITY.outcome(new Tally(4, 2, 2, 0, 0), VoteChoice.ABSTAIN)).isEqualTo(BallotOutcome.REJECTED);
        DecisionRule noCasting = new DecisionRule(2, Threshold.SIMPLE_MAJORITY, false, null);
        assertThat(noCasting.outcome(new Tally(4, 2, 2, 0, 0), VoteChoice.APPROVE)).isEqualTo(BallotOutcome.REJECTED);
    }

    @Test
    void belowTheParticipationQuorumNothingIsDecidedAndAbstentionsCountTowardIt() {
        assertThat(MAJORITY.outcome(new Tally(4, 1, 0, 0, 0), null)).isEqualTo(BallotOutcome.NO_QUORUM);
        assertThat(MAJORITY.outcome(new Tally(4, 1, 0, 1, 0), null)).isEqualTo(BallotOutcome.ADOPTED);
        assertThat(MAJORITY.outcome(new Tally(4, 0, 0, 4, 0), null)).isEqualTo(BallotOutcome.REJECTED);
    }

    @Test
    void twoThirdsAndUnanimityAreSharesOfTheVotesForOrAgainst() {
        DecisionRule twoThirds = new DecisionRule(1, Threshold.TWO_THIRDS, false, null);
        assertThat(twoThirds.outcome(new Tally(null, 2, 1, 5, 0), null)).isEqualTo(BallotOutcome.ADOPTED);
        assertThat(twoThirds.outcome(new Tally(null, 3, 2, 0, 0), null)).isEqualTo(BallotOutcome.REJECTED);
        DecisionRule unanimity = new DecisionRule(1, Threshold.UNANIMITY, false, null);
        assertThat(unanimity.outcome(new Tally(null, 5, 0, 2, 0), null)).isEqualTo(BallotOutcome.ADOPTED);
        assertThat(unanimity.outcome(new Tally(null, 5, 1, 0, 0), null)).isEqualTo(BallotOutcome.REJECTED);
    }

    @Test
    void anOldQuorumOfApprovalsReadsAsParticipationQuorumAndSimpleMajority() {
        assertThat(DecisionRule.fromApprovalQuorum(3))
                .isEqualTo(new DecisionRule(3, Threshold.SIMPLE_MAJORITY, false, null));
        assertThat(new GovernanceTier("WG", List.of("a", "b", "c"), DAY, DAY, 3).decisionRule())
                .isEqualTo(DecisionRule.fromApprovalQuorum(3));
    }

    @Test
    void aTiersChairSitsOnItAndACastingVoteNeedsAChair() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a", "b"), "z", DAY, DAY, MAJORITY))
                .withMessageStartingWith("chair");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GovernanceTier("WG", List.of("a", "b"), null, DAY, DAY, MAJORITY))
                .withMessageStartingWith("chair");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, Duration.ZERO))
                .withMessageStartingWith("votingPeriod");
        assertThatNoException().isThrownBy(() -> new GovernanceTier("WG", List.of("a", "b"), "a", DAY, DAY,
                MAJORITY));
    }

    @Test
    void aLadderHasDistinctTierNamesAndRoutesWithinIt() {
        GovernanceTier wg = new GovernanceTier("WG", List.of("a"), DAY, DAY, 1);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(wg, wg), List.of(), null, "cora"))
                .withMessageStartingWith("tiers");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DefineGovernanceLadder(CID, List.of(wg), List.of(new EntryRoute(
                        IssueCategory.SAFETY, Severity.CRITICAL, 2)), null, "cora"))
                .withMessageStartingWith("entryRoutes");
    }

    @Test
    void anEntryRouteMatchesItsCategoryAndTheSeverityOrAbove() {
        EntryRoute criticalSafety = new EntryRoute(IssueCategory.SAFETY, Severity.HIGH, 3);
        assertThat(criticalSafety.matches(IssueCategory.SAFETY, Severity.CRITICAL)).isTrue();
        assertThat(criticalSafety.matches(IssueCategory.SAFETY, Severity.MEDIUM)).isFalse();
        assertThat(criticalSafety.matches(IssueCategory.BUDGET, Severity.CRITICAL)).isFalse();
        assertThat(new EntryRoute(null, null, 2).matches(IssueCategory.BUDGET, Severity.LOW)).isTrue();
    }

    @Test
    void signedActsOfGovernanceCarryTheirOwnMeaning() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CloseBallot("i-1", "p-1", "done", "dana",
                signed("dana", SignatureMeaning.APPROVED))).withMessageStartingWith("signature.meaning");
        assertThatIllegalArgumentException().isThrownBy(() -> new DismissIssue("i-1", Dismissal.NOT_AN_ISSUE, null,
                "x", "dana", signed("dana", SignatureMeaning.REVIEWED))).withMessageStartingWith("signature.meaning");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordEffectivenessCheck("i-1", false, "x",
                "ada", signed("ada", SignatureMeaning.EFFECTIVENESS_VERIFIED)))
                .withMessageStartingWith("signature.meaning");
        assertThatNoException().isThrownBy(() -> new RecordEffectivenessCheck("i-1", true, "x", "ada",
                signed("ada", SignatureMeaning.EFFECTIVENESS_VERIFIED)));
    }

    @Test
    void aDuplicateNamesTheOriginalAndOnlyADuplicateDoes() {
        ElectronicSignature dana = signed("dana", SignatureMeaning.CLOSED_WITHOUT_VOTE);
        assertThatIllegalArgumentException().isThrownBy(() -> new DismissIssue("i-1", Dismissal.DUPLICATE, null,
                "x", "dana", dana)).withMessageStartingWith("duplicateOf");
        assertThatIllegalArgumentException().isThrownBy(() -> new DismissIssue("i-1", Dismissal.DUPLICATE, "i-1",
                "x", "dana", dana)).withMessageStartingWith("duplicateOf");
        assertThatIllegalArgumentException().isThrownBy(() -> new DismissIssue("i-1", Dismissal.NO_ACTION_NEEDED,
                "i-2", "x", "dana", dana)).withMessageStartingWith("duplicateOf");
        assertThatNoException().isThrownBy(() -> new DismissIssue("i-1", Dismissal.DUPLICATE, "i-2", "x", "dana",
                dana));
    }

    @Test
    void everyCorrectionNeedsAReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReassignAction("i-1", "a-1", "sam", " ", "cora"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new CancelAction("i-1", "a-1", null, "cora"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new CorrectIssueDetails("i-1", "New title", null, null,
                null, null, "cora")).withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new CorrectIssueDetails("i-1", null, null, null, null,
                "because", "cora")).withMessageStartingWith("title");
        assertThatIllegalArgumentException().isThrownBy(() -> new DeclareConflictOfInterest("i-1", "", "dana"))
                                            .withMessageStartingWith("reason");
        assertThatIllegalArgumentException().isThrownBy(() -> new org.concordia.kernel.collaboration.RemoveMember(
                CID, "sam", null, "cora")).withMessageStartingWith("reason");
    }

    @Test
    void aRecurrenceIsOfAnotherIssueAndAnEscalationTargetIsAboveTierOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RaiseIssue(CID, "i-1", IssueType.ISSUE, "t", "d",
                IssueCategory.SAFETY, Severity.LOW, Set.of("p"), Set.of(), "i-1", "sam"))
                .withMessageStartingWith("recurrenceOf");
        assertThatIllegalArgumentException().isThrownBy(() -> new EscalateIssue("i-1", "why", 1, "sam"))
                                            .withMessageStartingWith("toTier");
    }
}
