package org.concordia.command.issue;

import static org.concordia.command.issue.IssueTestSupport.*;
import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.*;
import static org.concordia.command.testdata.Violations.expectRefused;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IssueTest {

    private FakeCollaborationDirectory directory;
    private AggregateTestFixture<Issue> fixture;

    @BeforeEach
    void setUp() {
        directory = new FakeCollaborationDirectory();
        fixture = fixture(directory);
    }

    // ------------------------------------------------------------ acknowledge

    @Nested
    class Acknowledging {
        @Test
        void tierMemberAcknowledgesOpenIssue() {
            fixture.given(conflictRaised())
                   .when(new AcknowledgeIssue(ISSUE, WENDY))
                   .expectEvents(acknowledgedAtTier1());
        }

        @Test
        void strangerCannotAcknowledge() {
            expectRefused(fixture.given(conflictRaised()).when(new AcknowledgeIssue(ISSUE, STRANGER)),
                    DomainRule.NOT_A_MEMBER);
        }

        @Test
        void removedMemberCannotAcknowledge() {
            directory.removeMember(WENDY);
            expectRefused(fixture.given(conflictRaised()).when(new AcknowledgeIssue(ISSUE, WENDY)),
                    DomainRule.NOT_A_MEMBER);
        }

        @Test
        void observerCannotChangeAnything() {
            expectRefused(fixture.given(conflictRaised()).when(new AcknowledgeIssue(ISSUE, OTTO)),
                    DomainRule.READ_ONLY_ROLE);
        }

        @Test
        void auditorCannotChangeAnything() {
            expectRefused(fixture.given(conflictRaised()).when(new CommentOnIssue(ISSUE, "c-1", "Hi", ADA)),
                    DomainRule.READ_ONLY_ROLE);
        }

        @Test
        void contributorOutsideTheTierBodyCannotAcknowledge() {
            expectRefused(fixture.given(conflictRaised()).when(new AcknowledgeIssue(ISSUE, SITA)),
                    DomainRule.NOT_A_TIER_MEMBER);
        }

        @Test
        void memberOfAnotherTierCannotAcknowledge() {
            expectRefused(fixture.given(conflictRaised()).when(new AcknowledgeIssue(ISSUE, TESS)),
                    DomainRule.NOT_A_TIER_MEMBER);
        }

        @Test
        void cannotAcknowledgeTwice() {
            expectRefused(fixture.given(conflictRaised(), acknowledgedAtTier1())
                                 .when(new AcknowledgeIssue(ISSUE, WALT)),
                    DomainRule.ISSUE_ALREADY_ACKNOWLEDGED);
        }

        @Test
        void cannotAcknowledgeResolvedIssue() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new AcknowledgeIssue(ISSUE, TESS)),
                    DomainRule.ISSUE_ALREADY_RESOLVED);
        }

        @Test
        void cannotAcknowledgeClosedIssue() {
            expectRefused(fixture.given(with(resolvedAtTier2(), new IssueClosed(CID, ISSUE, null, actor(CORA),
                    closedAsEffective(CORA))))
                                 .when(new AcknowledgeIssue(ISSUE, TESS)),
                    DomainRule.ISSUE_CLOSED);
        }

        @Test
        void cannotAcknowledgeWithdrawnIssue() {
            expectRefused(fixture.given(conflictRaised(), new IssueWithdrawn(CID, ISSUE, "settled", actor(SAM)))
                                 .when(new AcknowledgeIssue(ISSUE, WENDY)),
                    DomainRule.ISSUE_WITHDRAWN);
        }
    }

    // ------------------------------------------------------------ small changes

    @Nested
    class Annotating {
        @Test
        void anyContributorAssignsAMemberAsOwnerAndTheFirstAssignmentNeedsNoReason() {
            fixture.given(conflictRaised())
                   .when(new AssignIssue(ISSUE, WENDY, null, SITA))
                   .expectEvents(new IssueAssigned(CID, ISSUE, WENDY, null, actor(SITA)));
        }

        @Test
        void reassigningAnIssueThatHasAnOwnerNeedsAReason() {
            expectRefused(fixture.given(conflictRaised(), new IssueAssigned(CID, ISSUE, WENDY, null, actor(SITA)))
                                 .when(new AssignIssue(ISSUE, WALT, null, CORA)),
                    DomainRule.REASON_REQUIRED);
            expectRefused(fixture.given(conflictRaised(), new IssueAssigned(CID, ISSUE, WENDY, null, actor(SITA)))
                                 .when(new AssignIssue(ISSUE, WALT, "  ", CORA)),
                    DomainRule.REASON_REQUIRED);
        }

        @Test
        void aReassignmentWithAReasonRecordsIt() {
            fixture.given(conflictRaised(), new IssueAssigned(CID, ISSUE, WENDY, null, actor(SITA)))
                   .when(new AssignIssue(ISSUE, WALT, "Wendy is on leave until June", CORA))
                   .expectEvents(new IssueAssigned(CID, ISSUE, WALT, "Wendy is on leave until June", actor(CORA)));
        }

        @Test
        void ownerMustBeAMember() {
            expectRefused(fixture.given(conflictRaised()).when(new AssignIssue(ISSUE, STRANGER, null, CORA)),
                    DomainRule.OWNER_NOT_A_MEMBER);
        }

        @Test
        void contributorComments() {
            fixture.given(conflictRaised())
                   .when(new CommentOnIssue(ISSUE, "c-1", "Site disagrees with the window.", SITA))
                   .expectEvents(new CommentAdded(CID, ISSUE, "c-1", "Site disagrees with the window.", actor(SITA)));
        }

        @Test
        void commentIdCannotBeReused() {
            expectRefused(fixture.given(conflictRaised(), new CommentAdded(CID, ISSUE, "c-1", "x", actor(SITA)))
                                 .when(new CommentOnIssue(ISSUE, "c-1", "again", SAM)),
                    DomainRule.ID_ALREADY_USED);
        }

        @Test
        void cannotCommentOnClosedIssue() {
            expectRefused(fixture.given(with(resolvedAtTier2(), new IssueClosed(CID, ISSUE, null, actor(CORA),
                    closedAsEffective(CORA))))
                                 .when(new CommentOnIssue(ISSUE, "c-9", "late", SAM)),
                    DomainRule.ISSUE_CLOSED);
        }

        @Test
        void evidenceIsAttachedAsReference() {
            String sha = "a".repeat(64);
            fixture.given(conflictRaised())
                   .when(new AttachEvidence(ISSUE, "e-1", "Visit log", "https://dms.example.org/doc/42", sha, SITA))
                   .expectEvents(new EvidenceAttached(CID, ISSUE, "e-1", "Visit log", "https://dms.example.org/doc/42",
                           sha, actor(SITA)));
        }

        @Test
        void severityChangesWithReason() {
            fixture.given(conflictRaised())
                   .when(new ChangeSeverity(ISSUE, Severity.CRITICAL, "Patient safety affected", WENDY))
                   .expectEvents(new SeverityChanged(CID, ISSUE, Severity.HIGH, Severity.CRITICAL,
                           "Patient safety affected", actor(WENDY)));
        }

        @Test
        void severityMustActuallyChange() {
            expectRefused(fixture.given(conflictRaised()).when(new ChangeSeverity(ISSUE, Severity.HIGH, "same", SAM)),
                    DomainRule.SEVERITY_UNCHANGED);
        }

        @Test
        void issuesAreLinked() {
            fixture.given(conflictRaised())
                   .when(new LinkIssue(ISSUE, "issue-7", LinkRelation.BLOCKS, SAM))
                   .expectEvents(new IssueLinked(CID, ISSUE, "issue-7", LinkRelation.BLOCKS, actor(SAM)));
        }

        @Test
        void issueCannotBeLinkedToItself() {
            expectRefused(fixture.given(conflictRaised()).when(new LinkIssue(ISSUE, ISSUE, LinkRelation.RELATES_TO, SAM)),
                    DomainRule.CANNOT_LINK_TO_ITSELF);
        }

        @Test
        void sameLinkIsNotRecordedTwice() {
            expectRefused(fixture.given(conflictRaised(),
                                 new IssueLinked(CID, ISSUE, "issue-7", LinkRelation.BLOCKS, actor(SAM)))
                                 .when(new LinkIssue(ISSUE, "issue-7", LinkRelation.BLOCKS, SITA)),
                    DomainRule.LINK_ALREADY_EXISTS);
        }
    }

    // ------------------------------------------------------------ escalation

    @Nested
    class Escalating {
        @Test
        void raiserEscalatesToNextTierWhichStartsItsOwnClocks() {
            fixture.given(conflictRaised())
                   .when(new EscalateIssue(ISSUE, "Working group deadlocked", SAM))
                   .expectEvents(escalatedManuallyBy(SAM))
                   .expectScheduledDeadline(Duration.ofDays(3), new SlaDeadline(ISSUE, 2, SlaPhase.ACKNOWLEDGE, 1))
                   .expectScheduledDeadline(Duration.ofDays(30), new SlaDeadline(ISSUE, 2, SlaPhase.RESOLVE, 1));
        }

        @Test
        void contributorWhoIsNeitherRaiserNorTierMemberCannotEscalate() {
            expectRefused(fixture.given(conflictRaised()).when(new EscalateIssue(ISSUE, "hurry", SITA)),
                    DomainRule.NOT_ALLOWED_TO_ESCALATE);
        }

        @Test
        void cannotEscalatePastTheTopTier() {
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM))
                                 .when(new EscalateIssue(ISSUE, "higher", TESS)),
                    DomainRule.TOP_TIER_REACHED);
        }

        @Test
        void newLadderAppliesToNewEscalationsOnly() {
            GovernanceTier board = new GovernanceTier("Executive board", List.of(CORA), Duration.ofDays(1),
                    Duration.ofDays(7), 1);
            directory.defineLadder(List.of(WORKING_GROUP, board));
            fixture.given(conflictRaised())
                   .when(new EscalateIssue(ISSUE, "urgent", WENDY))
                   .expectEvents(new IssueEscalated(CID, ISSUE, 1, new TierSnapshot(2, 2, board),
                           EscalationCause.MANUAL, null, "urgent", null, actor(WENDY)));
        }

        @Test
        void escalationSupersedesAnOpenProposal() {
            fixture.given(conflictRaised(), acknowledgedAtTier1(),
                          new ResolutionProposed(CID, ISSUE, P1, "s", "t", 1, actor(WENDY)))
                   .when(new EscalateIssue(ISSUE, "no agreement", WENDY))
                   .expectEvents(new ProposalSuperseded(CID, ISSUE, P1, 1, WG_RULE, new Tally(2, 0, 0, 0, 0),
                                   List.of(), "superseded by the escalation to tier 2 (MANUAL): no agreement",
                                   actor(WENDY)),
                           new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.MANUAL, null,
                           "no agreement", P1, actor(WENDY)));
        }

        @Test
        void escalationMaySkipTiersWithItsReason() {
            directory.defineLadder(List.of(WORKING_GROUP, STEERING_COMMITTEE, BOARD));
            fixture.given(conflictRaised())
                   .when(new EscalateIssue(ISSUE, "Sponsor-level budget question", 3, CORA))
                   .expectEvents(new IssueEscalated(CID, ISSUE, 1, new TierSnapshot(3, 2, BOARD),
                           EscalationCause.MANUAL, null, "Sponsor-level budget question", null, actor(CORA)));
        }

        @Test
        void escalationTargetMustBeAboveTheCurrentTier() {
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM))
                                 .when(new EscalateIssue(ISSUE, "down", 2, TESS)),
                    DomainRule.ESCALATION_TARGET_INVALID);
        }

        @Test
        void escalationTargetMustExist() {
            expectRefused(fixture.given(conflictRaised()).when(new EscalateIssue(ISSUE, "far", 5, SAM)),
                    DomainRule.TIER_UNKNOWN);
        }

        @Test
        void resolvedIssueCannotBeEscalated() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new EscalateIssue(ISSUE, "again", SAM)),
                    DomainRule.ISSUE_ALREADY_RESOLVED);
        }
    }

    // ------------------------------------------------------------ closing, reopening, withdrawing

    @Nested
    class ClosingOut {
        @Test
        void tierMemberClosesAResolvedIssueAsReviewedOnceEveryActionIsDone() {
            ElectronicSignature reviewed = signed(TESS, SignatureMeaning.REVIEWED);
            expectRefused(fixture.given(with(analysedAtTier2(), actionAdded()))
                                 .when(new CloseIssue(ISSUE, "done", TESS, reviewed)),
                    DomainRule.ACTIONS_STILL_OPEN);
            fixture.given(with(analysedAtTier2(), actionAdded(), actionCompleted()))
                   .when(new CloseIssue(ISSUE, "done", TESS, reviewed))
                   .expectEvents(new IssueClosed(CID, ISSUE, "done", actor(TESS), reviewed));
        }

        @Test
        void unresolvedIssueCannotBeClosed() {
            expectRefused(fixture.given(conflictRaised(), acknowledgedAtTier1()).when(new CloseIssue(ISSUE, null, CORA,
                    signed(CORA, SignatureMeaning.REVIEWED))),
                    DomainRule.ISSUE_NOT_RESOLVED);
        }

        @Test
        void plainContributorCannotClose() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new CloseIssue(ISSUE, null, SITA,
                    signed(SITA, SignatureMeaning.REVIEWED))),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }

        @Test
        void recusedTierMemberCannotClose() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new CloseIssue(ISSUE, null, SVEN,
                    signed(SVEN, SignatureMeaning.REVIEWED))),
                    DomainRule.ACTOR_RECUSED);
        }

        @Test
        void resolvedIssueReopensOpenAtTheSameTier() {
            fixture.given(resolvedAtTier2())
                   .when(new ReopenIssue(ISSUE, "Decision was based on a wrong visit log", TESS))
                   .expectEvents(new IssueReopened(CID, ISSUE, "Decision was based on a wrong visit log", 2,
                           actor(TESS)))
                   .expectScheduledDeadline(Duration.ofDays(3), new SlaDeadline(ISSUE, 2, SlaPhase.ACKNOWLEDGE, 2));
        }

        @Test
        void closedIssueIsNotReopenedButRaisedAnewAsARecurrence() {
            expectRefused(fixture.given(with(resolvedAtTier2(), new IssueClosed(CID, ISSUE, null, actor(TESS),
                                 signed(TESS, SignatureMeaning.REVIEWED))))
                                 .when(new ReopenIssue(ISSUE, "Deviation recurred", TESS)),
                    DomainRule.ISSUE_CLOSED);
        }

        @Test
        void unresolvedIssueCannotBeReopened() {
            expectRefused(fixture.given(conflictRaised()).when(new ReopenIssue(ISSUE, "why", WENDY)),
                    DomainRule.ISSUE_NOT_RESOLVED);
        }

        @Test
        void raiserWithdrawsBeforeResolution() {
            fixture.given(conflictRaised(), acknowledgedAtTier1())
                   .when(new WithdrawIssue(ISSUE, "Settled bilaterally", SAM))
                   .expectEvents(new IssueWithdrawn(CID, ISSUE, "Settled bilaterally", actor(SAM)));
        }

        @Test
        void coordinatorWithdrawsAnIssueTheyDidNotRaise() {
            fixture.given(conflictRaised(), acknowledgedAtTier1())
                   .when(new WithdrawIssue(ISSUE, "Raised in the wrong collaboration", CORA))
                   .expectEvents(new IssueWithdrawn(CID, ISSUE, "Raised in the wrong collaboration", actor(CORA)));
        }

        @Test
        void onlyTheRaiserOrACoordinatorWithdraws() {
            expectRefused(fixture.given(conflictRaised()).when(new WithdrawIssue(ISSUE, "mine", SITA)),
                    DomainRule.NOT_THE_RAISER);
        }

        @Test
        void resolvedIssueCannotBeWithdrawn() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new WithdrawIssue(ISSUE, "late", SAM)),
                    DomainRule.ISSUE_ALREADY_RESOLVED);
        }

        @Test
        void withdrawnIssueCannotBeReopened() {
            expectRefused(fixture.given(conflictRaised(), new IssueWithdrawn(CID, ISSUE, "x", actor(SAM)))
                                 .when(new ReopenIssue(ISSUE, "back", WENDY)),
                    DomainRule.ISSUE_WITHDRAWN);
        }
    }

    // ------------------------------------------------------------ SLA deadlines

    // ------------------------------------------------------------ electronic signatures (21 CFR 11.50)

    @Nested
    class ElectronicSignatures {

        @Test
        void aVoteRecordsItsVotersSignature() {
            ElectronicSignature tess = signed(TESS, SignatureMeaning.REJECTED);
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2(), proposedAtTier2(),
                          vote(TOM, VoteChoice.APPROVE))
                   .when(new CastVote(ISSUE, P1, VoteChoice.REJECT, "No", TESS, tess))
                   .expectEvents(new VoteCast(CID, ISSUE, P1, VoteChoice.REJECT, "No", actor(TESS), tess),
                           new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.REJECTED, TSC_RULE,
                                   new Tally(2, 1, 1, 0, 0), BallotClosure.ALL_VOTED,
                                   List.of(new Ballot(TOM, UNI, VoteChoice.APPROVE, signed(TOM, VoteChoice.APPROVE)),
                                           new Ballot(TESS, CRO, VoteChoice.REJECT, tess)),
                                   "REJECTED under quorum 2, simple majority, chair's casting vote: 1 for, 1 against, "
                                   + "0 abstaining of 2 eligible; a tie, the chair's casting vote rejected; every "
                                   + "eligible member voted", null, actor(TESS)));
        }

        @Test
        void theAdoptedDecisionCarriesEveryApproversSignatureAndKeepsAnUnsignedEarlierBallotUnsigned() {
            VoteCast unsignedLegacyVote = new VoteCast(CID, ISSUE, P1, VoteChoice.APPROVE, null, actor(TESS), null);
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2(), proposedAtTier2(),
                          unsignedLegacyVote)
                   .when(new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, TOM, signed(TOM, VoteChoice.APPROVE)))
                   .expectEvents(vote(TOM, VoteChoice.APPROVE),
                           new ProposalAdopted(CID, ISSUE, P1, new Decision(P1, "Retrain site staff",
                                   "Retrain and re-consent.", 2, "Trial steering committee", TSC_RULE,
                                   new Tally(2, 2, 0, 0, 0), BallotClosure.ALL_VOTED,
                                   List.of(new Ballot(TESS, CRO, VoteChoice.APPROVE, null),
                                           new Ballot(TOM, UNI, VoteChoice.APPROVE, signed(TOM, VoteChoice.APPROVE)))),
                                   null, actor(TOM)));
        }

        @Test
        void closingRecordsTheClosersSignatureWithTheChosenMeaning() {
            ElectronicSignature reviewed = signed(TESS, SignatureMeaning.REVIEWED);
            fixture.given(resolvedAtTier2())
                   .when(new CloseIssue(ISSUE, "Reviewed", TESS, reviewed))
                   .expectEvents(new IssueClosed(CID, ISSUE, "Reviewed", actor(TESS), reviewed));
        }

        @Test
        void aSignedVoteRefusedByARuleRecordsNothing() {
            expectRefused(fixture.given(with(resolvedAtTier2(), new IssueClosed(CID, ISSUE, null, actor(CORA),
                                         closedAsEffective(CORA))))
                                 .when(new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, SVEN,
                                         signed(SVEN, VoteChoice.APPROVE))),
                    DomainRule.ISSUE_CLOSED);
        }

        @Test
        void aSignedCloseBySomeoneNotAllowedToCloseRecordsNothing() {
            expectRefused(fixture.given(resolvedAtTier2())
                                 .when(new CloseIssue(ISSUE, null, SITA, signed(SITA, SignatureMeaning.REVIEWED))),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }

        // An unsigned, misattributed or mis-meant vote or close cannot even be built (compact constructors), so no
        // aggregate ever receives one: these pin that down where the fixture would otherwise be asked.

        @Test
        void anUnsignedVoteOrCloseCannotBeSent() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, TESS, null))
                    .withMessage("signature: must not be null");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CloseIssue(ISSUE, null, CORA, null))
                    .withMessage("signature: must not be null");
        }

        @Test
        void nobodySignsForSomeoneElse() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, TESS,
                            signed(TOM, VoteChoice.APPROVE)))
                    .withMessageStartingWith("signature.username: the signer must be the actor");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CloseIssue(ISSUE, null, CORA, closedAsEffective(TESS)))
                    .withMessageStartingWith("signature.username");
        }

        @Test
        void theMeaningMustFitTheAct() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, TESS,
                            signed(TESS, SignatureMeaning.REJECTED)))
                    .withMessage("signature.meaning: must be APPROVED for the vote APPROVE");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CloseIssue(ISSUE, null, CORA, signed(CORA, SignatureMeaning.APPROVED)))
                    .withMessageStartingWith("signature.meaning");
        }
    }

    @Nested
    class SlaDeadlines {
        private final String ackBreach = "SLA breached at tier 1 (Working group): not acknowledged within PT48H";

        @Test
        void raisingStartsBothClocksOfTierOne() {
            fixture.givenNoPriorActivity()
                   .when(RAISE_CONFLICT)
                   .expectEvents(conflictRaised())
                   .expectScheduledDeadline(Duration.ofDays(2), new SlaDeadline(ISSUE, 1, SlaPhase.ACKNOWLEDGE, 0))
                   .expectScheduledDeadline(Duration.ofDays(14), new SlaDeadline(ISSUE, 1, SlaPhase.RESOLVE, 0));
        }

        @Test
        void notAcknowledgedInTimeEscalatesBySystem() {
            fixture.givenCommands(RAISE_CONFLICT)
                   .whenTimeElapses(Duration.ofDays(2).plusMinutes(1))
                   .expectEvents(new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.SLA_BREACH,
                           SlaPhase.ACKNOWLEDGE, ackBreach, null, ActorContext.SYSTEM))
                   .expectScheduledDeadline(Duration.ofDays(3).minusMinutes(1),
                           new SlaDeadline(ISSUE, 2, SlaPhase.ACKNOWLEDGE, 1));
        }

        @Test
        void acknowledgedInTimeDoesNotEscalate() {
            fixture.givenCommands(RAISE_CONFLICT, new AcknowledgeIssue(ISSUE, WENDY))
                   .whenTimeElapses(Duration.ofDays(3))
                   .expectNoEvents()
                   .expectNoScheduledDeadlineWithName(Duration.ofDays(2), Issue.ACKNOWLEDGE_DEADLINE)
                   .expectScheduledDeadline(Duration.ofDays(11), new SlaDeadline(ISSUE, 1, SlaPhase.RESOLVE, 0));
        }

        @Test
        void notResolvedInTimeEscalatesBySystem() {
            fixture.givenCommands(RAISE_CONFLICT, new AcknowledgeIssue(ISSUE, WENDY))
                   .whenTimeElapses(Duration.ofDays(14))
                   .expectEvents(new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.SLA_BREACH,
                           SlaPhase.RESOLVE, "SLA breached at tier 1 (Working group): not resolved within PT336H",
                           null, ActorContext.SYSTEM));
        }

        @Test
        void breachAtTopTierIsRecordedInsteadOfEscalating() {
            fixture.givenCommands(RAISE_CONFLICT, new EscalateIssue(ISSUE, "Working group deadlocked", SAM))
                   .whenTimeElapses(Duration.ofDays(3))
                   .expectEvents(new SlaBreached(CID, ISSUE, 2, SlaPhase.ACKNOWLEDGE,
                           "SLA breached at tier 2 (Trial steering committee): not acknowledged within PT72H",
                           ActorContext.SYSTEM));
        }

        @Test
        void resolvingStopsTheClocks() {
            fixture.givenCommands(RAISE_CONFLICT, new AcknowledgeIssue(ISSUE, WENDY),
                           new ProposeResolution(ISSUE, P1, "s", "t", WENDY))
                   .andGivenCommands(new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, WALT,
                           signed(WALT, VoteChoice.APPROVE)), new CastVote(ISSUE, P1, VoteChoice.APPROVE, null, WENDY,
                           signed(WENDY, VoteChoice.APPROVE)))
                   .whenTimeElapses(Duration.ofDays(60))
                   .expectNoEvents()
                   .expectNoScheduledDeadlines();
        }

        @Test
        void withdrawingStopsTheClocks() {
            fixture.givenCommands(RAISE_CONFLICT, new WithdrawIssue(ISSUE, "settled", SAM))
                   .whenTimeElapses(Duration.ofDays(60))
                   .expectNoEvents()
                   .expectNoScheduledDeadlines();
        }

        @Test
        void staleDeadlineOfAnEarlierTierIsIgnored() {
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM))
                   .whenInvoking(ISSUE, issue -> issue.onAcknowledgeDeadline(
                           new SlaDeadline(ISSUE, 1, SlaPhase.ACKNOWLEDGE, 0), directory, null))
                   .expectNoEvents();
        }

        @Test
        void staleDeadlineOfAnEarlierVisitToTheSameTierIsIgnored() {
            fixture.given(with(resolvedAtTier2(), new IssueReopened(CID, ISSUE, "again", 2, actor(TESS))))
                   .whenInvoking(ISSUE, issue -> issue.onResolveDeadline(
                           new SlaDeadline(ISSUE, 2, SlaPhase.RESOLVE, 1), directory, null))
                   .expectNoEvents();
        }

        @Test
        void acknowledgeDeadlineAfterAcknowledgementIsIgnored() {
            fixture.given(conflictRaised(), acknowledgedAtTier1())
                   .whenInvoking(ISSUE, issue -> issue.onAcknowledgeDeadline(
                           new SlaDeadline(ISSUE, 1, SlaPhase.ACKNOWLEDGE, 0), directory, null))
                   .expectNoEvents();
        }
    }
}
