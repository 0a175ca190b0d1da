package org.concordia.command.issue;

import static org.concordia.command.issue.IssueTestSupport.*;
import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.signed;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Corrections with a reason, never by rewriting history (issue 15 §2). */
class IssueCorrectionsTest {

    private static final LocalDate LATER = DUE.plusWeeks(4);

    private FakeCollaborationDirectory directory;
    private AggregateTestFixture<Issue> fixture;

    @BeforeEach
    void setUp() {
        directory = new FakeCollaborationDirectory();
        fixture = fixture(directory);
    }

    private static Object[] withAction() {
        return with(analysedAtTier2(), actionAdded());
    }

    @Nested
    class Details {
        private final IssueDetails asRaised = new IssueDetails("Visit window deviation at Berlin",
                "Visits 4-6 were done outside the protocol window.", IssueCategory.PROTOCOL_DEVIATION,
                Set.of(SPONSOR, SITE));

        @Test
        void theRaiserCorrectsTheTitleWithAReasonAndTheOldOneStaysInTheRecord() {
            fixture.given(conflictRaised())
                   .when(new CorrectIssueDetails(ISSUE, "Visit window deviations at Berlin (visits 4-7)", null, null,
                           null, "Visit 7 was late too", SAM))
                   .expectEvents(new IssueDetailsCorrected(CID, ISSUE, asRaised, new IssueDetails(
                           "Visit window deviations at Berlin (visits 4-7)", asRaised.description(),
                           asRaised.category(), asRaised.involvedParties()), List.of(), "Visit 7 was late too",
                           actor(SAM)));
        }

        @Test
        void aCorrectionMustChangeSomething() {
            expectRefused(fixture.given(conflictRaised()).when(new CorrectIssueDetails(ISSUE, asRaised.title(), null,
                    IssueCategory.PROTOCOL_DEVIATION, null, "same", SAM)), DomainRule.NOTHING_TO_CORRECT);
        }

        @Test
        void correctedPartiesAreRegisteredAndAConflictKeepsTwo() {
            expectRefused(fixture.given(conflictRaised()).when(new CorrectIssueDetails(ISSUE, null, null, null,
                    Set.of(SITE, "nowhere"), "x", SAM)), DomainRule.PARTY_UNKNOWN);
            expectRefused(fixture.given(conflictRaised()).when(new CorrectIssueDetails(ISSUE, null, null, null,
                    Set.of(SITE), "x", SAM)), DomainRule.CONFLICT_NEEDS_TWO_PARTIES);
        }

        @Test
        void aContributorWhoNeitherRaisedItNorSitsOnTheTierCannotCorrect() {
            expectRefused(fixture.given(conflictRaised()).when(new CorrectIssueDetails(ISSUE, "mine", null, null,
                    null, "x", SITA)), DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }

        @Test
        void aClosedIssueIsNotCorrected() {
            expectRefused(fixture.given(with(resolvedAtTier2(), new IssueClosed(CID, ISSUE, null, actor(TESS),
                    signed(TESS, SignatureMeaning.REVIEWED)))).when(new CorrectIssueDetails(ISSUE, "t", null, null,
                    null, "x", CORA)), DomainRule.ISSUE_CLOSED);
        }

        @Test
        void newPartiesRecomputeRecusalsAndFlagVotesAlreadyCastByMembersNowRecused() {
            // tom (university) voted; the university turns out to be a party: his vote is flagged, and with sven also
            // recused, tess alone cannot reach the quorum of 2
            IssueDetails corrected = new IssueDetails(asRaised.title(), asRaised.description(), asRaised.category(),
                    Set.of(SPONSOR, UNI));
            fixture.given(with(ballotOpenAtTier2(), vote(TOM, VoteChoice.APPROVE)))
                   .when(new CorrectIssueDetails(ISSUE, null, null, null, Set.of(SPONSOR, UNI),
                           "The dispute is with the university's lab, not the site", CORA))
                   .expectEvents(new IssueDetailsCorrected(CID, ISSUE, asRaised, corrected, List.of(TOM),
                                   "The dispute is with the university's lab, not the site", actor(CORA)),
                           new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.NO_QUORUM, TSC_RULE,
                                   new Tally(1, 0, 0, 0, 1), BallotClosure.QUORUM_UNREACHABLE,
                                   List.of(ballot(TOM, VoteChoice.APPROVE).flagged("recused after voting: party "
                                           + "uni-leiden is involved in the conflict")),
                                   "NO_QUORUM under quorum 2, simple majority, chair's casting vote: 0 for, 0 against, "
                                   + "0 abstaining of 1 eligible, 1 flagged (recused after voting, not counted); the "
                                   + "quorum of 2 can no longer be reached (0 voted, 1 eligible still to vote)", null,
                                   actor(CORA)));
        }
    }

    @Nested
    class ClosingWithoutAVote {
        private final ElectronicSignature wendySigns = signed(WENDY, SignatureMeaning.CLOSED_WITHOUT_VOTE);

        @Test
        void theChairClosesADuplicateWithoutAVoteSignedAndNamesTheOriginal() {
            fixture.given(conflictRaised(), acknowledgedAtTier1())
                   .when(new DismissIssue(ISSUE, Dismissal.DUPLICATE, "issue-0", "Same visits as TRIAL-0", WENDY,
                           wendySigns))
                   .expectEvents(new IssueDismissed(CID, ISSUE, Dismissal.DUPLICATE, "issue-0",
                           "Same visits as TRIAL-0", actor(WENDY), wendySigns));
        }

        @Test
        void closingWithoutAVoteStopsTheClocks() {
            fixture.givenCommands(RAISE_CONFLICT, new DismissIssue(ISSUE, Dismissal.NOT_AN_ISSUE, null,
                           "Visits were within the amended window", WENDY, wendySigns))
                   .whenTimeElapses(Duration.ofDays(60))
                   .expectNoEvents()
                   .expectNoScheduledDeadlines();
        }

        @Test
        void onlyTheChairClosesWithoutAVote() {
            expectRefused(fixture.given(conflictRaised()).when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED,
                    null, "x", WALT, signed(WALT, SignatureMeaning.CLOSED_WITHOUT_VOTE))), DomainRule.NOT_THE_CHAIR);
        }

        @Test
        void aTierWithoutAChairCannotCloseWithoutAVote() {
            GovernanceTier legacy = new GovernanceTier("Working group", List.of(WENDY, WALT), Duration.ofDays(2),
                    Duration.ofDays(14), 1);
            IssueRaised raisedAtLegacyTier = new IssueRaised(CID, ISSUE, KEY + "-1", 1, IssueType.ISSUE, "t", "d",
                    IssueCategory.BUDGET, Severity.LOW, Set.of(SPONSOR), new TierSnapshot(1, 1, legacy), actor(SAM));
            directory.defineLadder(List.of(legacy, STEERING_COMMITTEE)); // the chair is judged from the ladder in force
            expectRefused(fixture.given(raisedAtLegacyTier).when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED,
                    null, "x", WENDY, wendySigns)), DomainRule.TIER_HAS_NO_CHAIR);
        }

        @Test
        void aRecusedChairCannotCloseWithoutAVote() {
            expectRefused(fixture.given(conflictRaised(), new ConflictOfInterestDeclared(CID, ISSUE, "x", null,
                    actor(WENDY))).when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED, null, "x", WENDY,
                    wendySigns)), DomainRule.ACTOR_RECUSED);
        }

        @Test
        void notWhileABallotIsOpen() {
            expectRefused(fixture.given(ballotOpenAtTier2()).when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED,
                    null, "x", TESS, signed(TESS, SignatureMeaning.CLOSED_WITHOUT_VOTE))), DomainRule.BALLOT_OPEN);
        }

        @Test
        void anIssueWithOpenActionsIsNotClosedWithoutAVote() {
            expectRefused(fixture.given(conflictRaised(), acknowledgedAtTier1(), rootCause(), impact(),
                                 new CorrectiveActionAdded(CID, ISSUE, A1, ActionKind.CORRECTIVE, "Quarantine", SITA, DUE,
                                         actor(WENDY)))
                                 .when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED, null, "x", WENDY,
                                         wendySigns)),
                    DomainRule.ACTIONS_STILL_OPEN);
        }

        @Test
        void aResolvedIssueIsNotClosedWithoutAVote() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED,
                    null, "x", TESS, signed(TESS, SignatureMeaning.CLOSED_WITHOUT_VOTE))),
                    DomainRule.ISSUE_ALREADY_RESOLVED);
        }
    }

    @Nested
    class Actions {
        @Test
        void anActionIsReassignedWithAReason() {
            fixture.given(withAction())
                   .when(new ReassignAction(ISSUE, A1, SAM, "Sita is on leave", TESS))
                   .expectEvents(new ActionReassigned(CID, ISSUE, A1, SITA, SAM, "Sita is on leave", actor(TESS)));
        }

        @Test
        void reassigningNeedsANewOwnerWhoIsAMemberByATierMemberOrCoordinator() {
            expectRefused(fixture.given(withAction()).when(new ReassignAction(ISSUE, A1, SITA, "x", TESS)),
                    DomainRule.ACTION_UNCHANGED);
            expectRefused(fixture.given(withAction()).when(new ReassignAction(ISSUE, A1, STRANGER, "x", TESS)),
                    DomainRule.OWNER_NOT_A_MEMBER);
            expectRefused(fixture.given(withAction()).when(new ReassignAction(ISSUE, A1, SAM, "x", SITA)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
            expectRefused(fixture.given(with(withAction(), actionCompleted()))
                                 .when(new ReassignAction(ISSUE, A1, SAM, "x", TESS)),
                    DomainRule.ACTION_NOT_OPEN);
        }

        @Test
        void anIssueWhoseActionOwnerWasRemovedIsNotStuck() {
            directory.removeMember(SITA);
            expectRefused(fixture.given(withAction()).when(new CompleteAction(ISSUE, A1, "done", SITA)),
                    DomainRule.NOT_A_MEMBER);
            fixture.given(withAction())
                   .when(new ReassignAction(ISSUE, A1, SAM, "Sita left the trial", CORA))
                   .expectEvents(new ActionReassigned(CID, ISSUE, A1, SITA, SAM, "Sita left the trial", actor(CORA)));
            fixture.given(with(withAction(), new ActionReassigned(CID, ISSUE, A1, SITA, SAM, "left", actor(CORA)),
                          new ActionCompleted(CID, ISSUE, A1, "done", actor(SAM))))
                   .when(new CloseIssue(ISSUE, "Reviewed", TESS, signed(TESS, SignatureMeaning.REVIEWED)))
                   .expectEvents(new IssueClosed(CID, ISSUE, "Reviewed", actor(TESS),
                           signed(TESS, SignatureMeaning.REVIEWED)));
        }

        @Test
        void anActionIsRedatedWithAReason() {
            fixture.given(withAction())
                   .when(new RedateAction(ISSUE, A1, LATER, "Due date was entered wrongly", TESS))
                   .expectEvents(new ActionRedated(CID, ISSUE, A1, DUE, LATER, "Due date was entered wrongly",
                           actor(TESS)));
            expectRefused(fixture.given(withAction()).when(new RedateAction(ISSUE, A1, DUE, "x", TESS)),
                    DomainRule.ACTION_UNCHANGED);
        }

        @Test
        void aCancelledActionStaysOnRecordAndNoLongerHoldsTheIssueOpen() {
            fixture.given(withAction())
                   .when(new CancelAction(ISSUE, A1, "Superseded by the EDC alert", TESS))
                   .expectEvents(new ActionCancelled(CID, ISSUE, A1, "Superseded by the EDC alert", actor(TESS)));
            Object[] cancelled = with(withAction(), new ActionCancelled(CID, ISSUE, A1, "x", actor(TESS)));
            expectRefused(fixture.given(cancelled).when(new CompleteAction(ISSUE, A1, null, SITA)),
                    DomainRule.ACTION_NOT_OPEN);
            fixture.given(cancelled)
                   .when(new CloseIssue(ISSUE, null, TESS, signed(TESS, SignatureMeaning.REVIEWED)))
                   .expectEvents(new IssueClosed(CID, ISSUE, null, actor(TESS), signed(TESS, SignatureMeaning.REVIEWED)));
        }
    }

    @Nested
    class DueDateExtensions {
        private final DueDateExtensionRequested requested = new DueDateExtensionRequested(CID, ISSUE, A1, DUE, LATER,
                "Trainer unavailable in June", actor(SITA));

        @Test
        void theOwnerRequestsALaterDueDate() {
            fixture.given(withAction())
                   .when(new RequestDueDateExtension(ISSUE, A1, LATER, "Trainer unavailable in June", SITA))
                   .expectEvents(requested);
        }

        @Test
        void onlyTheOwnerRequestsAndOnlyALaterDateOnceAtATime() {
            expectRefused(fixture.given(withAction()).when(new RequestDueDateExtension(ISSUE, A1, LATER, "x", TESS)),
                    DomainRule.NOT_THE_ACTION_OWNER);
            expectRefused(fixture.given(withAction()).when(new RequestDueDateExtension(ISSUE, A1, DUE, "x", SITA)),
                    DomainRule.EXTENSION_NOT_LATER);
            expectRefused(fixture.given(with(withAction(), requested))
                                 .when(new RequestDueDateExtension(ISSUE, A1, LATER.plusDays(1), "x", SITA)),
                    DomainRule.EXTENSION_ALREADY_REQUESTED);
        }

        @Test
        void theTierChairApprovesAndTheDueDateMoves() {
            fixture.given(with(withAction(), requested))
                   .when(new DecideDueDateExtension(ISSUE, A1, true, "Reasonable", TESS))
                   .expectEvents(new DueDateExtensionDecided(CID, ISSUE, A1, true, DUE, LATER, "Reasonable",
                           actor(TESS)));
            // the due date is now LATER: re-dating to it changes nothing
            expectRefused(fixture.given(with(withAction(), requested, new DueDateExtensionDecided(CID, ISSUE, A1, true,
                                 DUE, LATER, "ok", actor(TESS))))
                                 .when(new RedateAction(ISSUE, A1, LATER, "x", TESS)),
                    DomainRule.ACTION_UNCHANGED);
        }

        @Test
        void theChairOfTheTierInForceDecidesAndTheFormerChairMayNot() {
            directory.defineLadder(List.of(WORKING_GROUP, new GovernanceTier("Trial steering committee",
                    List.of(SVEN, TESS, TOM), TOM, Duration.ofDays(3), Duration.ofDays(30), TSC_RULE)));
            fixture.given(with(withAction(), requested))
                   .when(new DecideDueDateExtension(ISSUE, A1, true, "Reasonable", TOM))
                   .expectEvents(new DueDateExtensionDecided(CID, ISSUE, A1, true, DUE, LATER, "Reasonable",
                           actor(TOM)));
            expectRefused(fixture.given(with(withAction(), requested))
                                 .when(new DecideDueDateExtension(ISSUE, A1, true, "x", TESS)),
                    DomainRule.NOT_THE_CHAIR);
        }

        @Test
        void onlyTheChairDecidesAndOnlyARequest() {
            expectRefused(fixture.given(with(withAction(), requested))
                                 .when(new DecideDueDateExtension(ISSUE, A1, true, "x", TOM)),
                    DomainRule.NOT_THE_CHAIR);
            expectRefused(fixture.given(withAction()).when(new DecideDueDateExtension(ISSUE, A1, false, "x", TESS)),
                    DomainRule.NO_EXTENSION_REQUESTED);
        }
    }
}
