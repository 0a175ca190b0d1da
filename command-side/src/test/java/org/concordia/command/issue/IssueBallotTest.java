package org.concordia.command.issue;

import static org.concordia.command.issue.IssueTestSupport.*;
import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.signed;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Duration;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Ballots decide what the tier's decision rule says (issue 15 §1). */
class IssueBallotTest {

    private static final TierSnapshot BOARD_TIER = new TierSnapshot(2, 1, BOARD);
    private static final String SUMMARY = "Switch courier";
    private static final String TEXT = "Use the regional courier for lab kits.";

    private FakeCollaborationDirectory directory;
    private AggregateTestFixture<Issue> fixture;

    @BeforeEach
    void setUp() {
        directory = new FakeCollaborationDirectory();
        fixture = fixture(directory);
    }

    /** A plain issue at the four-member board (chair cora; quorum 2, simple majority, no casting vote), ballot open. */
    private static Object[] boardBallotOpen(TierSnapshot body) {
        return new Object[] {plainIssueRaised(), new IssueEscalated(CID, ISSUE, 1, body, EscalationCause.MANUAL, null,
                "Board matter", null, actor(SAM)), new IssueAcknowledged(CID, ISSUE, 2, actor(CORA)),
                new ResolutionProposed(CID, ISSUE, P1, SUMMARY, TEXT, 2, body, List.of(), actor(CORA))};
    }

    private static Object[] boardBallotOpen() {
        return boardBallotOpen(BOARD_TIER);
    }

    private static ProposalRejected rejectedByBoard(Tally tally, BallotClosure closure, List<Ballot> ballots,
                                                    String reason, String by) {
        return new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.REJECTED, BOARD.decisionRule(), tally, closure,
                ballots, reason, null, actor(by));
    }

    private static ProposalAdopted adoptedBy(GovernanceTier body, Tally tally, BallotClosure closure,
                                             List<Ballot> ballots, ElectronicSignature chair, ActorContext by) {
        return new ProposalAdopted(CID, ISSUE, P1, new Decision(P1, SUMMARY, TEXT, 2, body.name(),
                body.decisionRule(), tally, closure, ballots), chair, by);
    }

    @Nested
    class Opening {
        @Test
        void aProposalOpensABallotThatFreezesTheBodyItsRecusalsAndItsDeadline() {
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                   .when(new ProposeResolution(ISSUE, P1, "Retrain site staff", "Retrain and re-consent.", TESS))
                   .expectEvents(proposedAtTier2())
                   .expectScheduledDeadline(Duration.ofDays(7), new BallotDeadline(ISSUE, P1));
        }

        @Test
        void aLadderChangedSinceTheIssueEnteredItsTierAppliesToTheNextBallot() {
            GovernanceTier renewed = new GovernanceTier("Trial steering committee", List.of(TESS, TOM, CORA), TOM,
                    Duration.ofDays(3), Duration.ofDays(30), TSC_RULE);
            directory.defineLadder(List.of(WORKING_GROUP, renewed));
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                   .when(new ProposeResolution(ISSUE, P1, "s", "t", TESS))
                   .expectEvents(new ResolutionProposed(CID, ISSUE, P1, "s", "t", 2, new TierSnapshot(2, 2, renewed),
                           List.of(), actor(TESS)));
        }

        /** The steering committee in force: {@code members}, chaired by {@code chair} (the ladder's version 2). */
        private GovernanceTier steeringCommitteeNow(List<String> members, String chair) {
            GovernanceTier renewed = new GovernanceTier("Trial steering committee", members, chair,
                    Duration.ofDays(3), Duration.ofDays(30), TSC_RULE);
            directory.defineLadder(List.of(WORKING_GROUP, renewed));
            return renewed;
        }

        @Test
        void aMemberRemovedFromTheTierSinceTheIssueEnteredItCanNoLongerProposeOrAcknowledge() {
            steeringCommitteeNow(List.of(SVEN, TESS), TESS);
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                                 .when(new ProposeResolution(ISSUE, P1, "s", "t", TOM)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM))
                                 .when(new AcknowledgeIssue(ISSUE, TOM)),
                    DomainRule.NOT_A_TIER_MEMBER);
        }

        @Test
        void aMemberAddedToTheTierSinceTheIssueEnteredItMayAcknowledgeAndPropose() {
            GovernanceTier renewed = steeringCommitteeNow(List.of(SVEN, TESS, TOM, WALT), TESS);
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM))
                   .when(new AcknowledgeIssue(ISSUE, WALT))
                   .expectEvents(new IssueAcknowledged(CID, ISSUE, 2, actor(WALT)));
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                   .when(new ProposeResolution(ISSUE, P1, "s", "t", WALT))
                   .expectEvents(new ResolutionProposed(CID, ISSUE, P1, "s", "t", 2, new TierSnapshot(2, 2, renewed),
                           List.of(SVEN_RECUSED), actor(WALT)));
        }

        @Test
        void aNewChairOfTheTierClosesWithoutAVoteAndTheFormerChairMayNot() {
            steeringCommitteeNow(List.of(SVEN, TESS, TOM), TOM);
            ElectronicSignature tomSigns = signed(TOM, SignatureMeaning.CLOSED_WITHOUT_VOTE);
            fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                   .when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED, null, "Handled by the amendment", TOM,
                           tomSigns))
                   .expectEvents(new IssueDismissed(CID, ISSUE, Dismissal.NO_ACTION_NEEDED, null,
                           "Handled by the amendment", actor(TOM), tomSigns));
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                                 .when(new DismissIssue(ISSUE, Dismissal.NO_ACTION_NEEDED, null, "x", TESS,
                                         signed(TESS, SignatureMeaning.CLOSED_WITHOUT_VOTE))),
                    DomainRule.NOT_THE_CHAIR);
        }

        @Test
        void aBallotThatCouldNotReachItsQuorumIsNotOpened() {
            // sven is recused by party, tess by declaration: tom alone cannot reach a quorum of 2
            expectRefused(fixture.given(with(new Object[] {conflictRaised(), escalatedManuallyBy(SAM),
                                         acknowledgedAtTier2()}, new ConflictOfInterestDeclared(CID, ISSUE,
                                         "Consults for the site", null, actor(TESS))))
                                 .when(new ProposeResolution(ISSUE, P1, "s", "t", TOM)),
                    DomainRule.QUORUM_UNREACHABLE);
        }

        @Test
        void aRecusedMemberCannotPropose() {
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                                 .when(new ProposeResolution(ISSUE, P1, "s", "t", SVEN)),
                    DomainRule.ACTOR_RECUSED);
        }

        @Test
        void cannotProposeBeforeAcknowledgement() {
            expectRefused(fixture.given(conflictRaised()).when(new ProposeResolution(ISSUE, P1, "s", "t", WENDY)),
                    DomainRule.ISSUE_NOT_ACKNOWLEDGED);
        }

        @Test
        void onlyOneOpenProposalAtATime() {
            expectRefused(fixture.given(ballotOpenAtTier2()).when(new ProposeResolution(ISSUE, "p-2", "s", "t", TOM)),
                    DomainRule.PROPOSAL_ALREADY_OPEN);
        }

        @Test
        void contributorOutsideTierCannotPropose() {
            expectRefused(fixture.given(conflictRaised(), acknowledgedAtTier1())
                                 .when(new ProposeResolution(ISSUE, P1, "s", "t", SITA)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }
    }

    @Nested
    class Counting {
        @Test
        void votingDoesNotStopAtAMajorityAndLaterDissentIsRecorded() {
            fixture.given(with(boardBallotOpen(), vote(TESS, VoteChoice.APPROVE), vote(TOM, VoteChoice.APPROVE)))
                   .when(castVote(SVEN, VoteChoice.REJECT))
                   .expectEvents(vote(SVEN, VoteChoice.REJECT));
        }

        @Test
        void twoRejectionsAndTwoApprovalsDoNotAdoptWithoutACastingVote() {
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.REJECT), vote(TESS, VoteChoice.REJECT),
                                 vote(TOM, VoteChoice.APPROVE)))
                   .when(castVote(CORA, VoteChoice.APPROVE))
                   .expectEvents(vote(CORA, VoteChoice.APPROVE), rejectedByBoard(new Tally(4, 2, 2, 0, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.REJECT),
                                   ballot(TESS, VoteChoice.REJECT), ballot(TOM, VoteChoice.APPROVE),
                                   ballot(CORA, VoteChoice.APPROVE)),
                           "REJECTED under quorum 2, simple majority: 2 for, 2 against, 0 abstaining of 4 eligible; a "
                           + "tie, and the rule gives the chair no casting vote; every eligible member voted", CORA));
        }

        @Test
        void aMajorityOfRejectionsRejects() {
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.REJECT), vote(TESS, VoteChoice.REJECT),
                                 vote(CORA, VoteChoice.REJECT)))
                   .when(castVote(TOM, VoteChoice.APPROVE))
                   .expectEvents(vote(TOM, VoteChoice.APPROVE), rejectedByBoard(new Tally(4, 1, 3, 0, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.REJECT),
                                   ballot(TESS, VoteChoice.REJECT), ballot(CORA, VoteChoice.REJECT),
                                   ballot(TOM, VoteChoice.APPROVE)),
                           "REJECTED under quorum 2, simple majority: 1 for, 3 against, 0 abstaining of 4 eligible; "
                           + "every eligible member voted", TOM));
        }

        @Test
        void abstentionsCountTowardTheQuorumButNotInTheThreshold() {
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.ABSTAIN), vote(TESS, VoteChoice.ABSTAIN),
                                 vote(CORA, VoteChoice.ABSTAIN)))
                   .when(castVote(TOM, VoteChoice.APPROVE))
                   .expectEvents(vote(TOM, VoteChoice.APPROVE), adoptedBy(BOARD, new Tally(4, 1, 0, 3, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.ABSTAIN),
                                   ballot(TESS, VoteChoice.ABSTAIN), ballot(CORA, VoteChoice.ABSTAIN),
                                   ballot(TOM, VoteChoice.APPROVE)), null, actor(TOM)));
        }

        @Test
        void theChairsCastingVoteBreaksATie() {
            // tess chairs the steering committee, whose rule gives her a casting vote; sven is recused
            fixture.given(with(ballotOpenAtTier2(), vote(TOM, VoteChoice.REJECT)))
                   .when(castVote(TESS, VoteChoice.APPROVE))
                   .expectEvents(vote(TESS, VoteChoice.APPROVE), new ProposalAdopted(CID, ISSUE, P1, new Decision(P1,
                           "Retrain site staff", "Retrain and re-consent.", 2, "Trial steering committee", TSC_RULE,
                           new Tally(2, 1, 1, 0, 0), BallotClosure.ALL_VOTED, List.of(ballot(TOM, VoteChoice.REJECT),
                           ballot(TESS, VoteChoice.APPROVE))), null, actor(TESS)));
        }

        @Test
        void twoThirdsNeedsTwoApprovalsForEveryRejection() {
            GovernanceTier twoThirds = new GovernanceTier("Executive board", BOARD.members(), CORA,
                    Duration.ofDays(5), Duration.ofDays(30), new DecisionRule(3, Threshold.TWO_THIRDS, false, null));
            TierSnapshot body = new TierSnapshot(2, 1, twoThirds);
            fixture.given(with(boardBallotOpen(body), vote(SVEN, VoteChoice.APPROVE), vote(TESS, VoteChoice.APPROVE),
                                 vote(CORA, VoteChoice.ABSTAIN)))
                   .when(castVote(TOM, VoteChoice.REJECT))
                   .expectEvents(vote(TOM, VoteChoice.REJECT), adoptedBy(twoThirds, new Tally(4, 2, 1, 1, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.APPROVE),
                                   ballot(TESS, VoteChoice.APPROVE), ballot(CORA, VoteChoice.ABSTAIN),
                                   ballot(TOM, VoteChoice.REJECT)), null, actor(TOM)));
        }

        @Test
        void unanimityFailsOnASingleRejection() {
            GovernanceTier unanimous = new GovernanceTier("Executive board", BOARD.members(), CORA,
                    Duration.ofDays(5), Duration.ofDays(30), new DecisionRule(4, Threshold.UNANIMITY, false, null));
            TierSnapshot body = new TierSnapshot(2, 1, unanimous);
            fixture.given(with(boardBallotOpen(body), vote(SVEN, VoteChoice.APPROVE), vote(TESS, VoteChoice.APPROVE),
                                 vote(CORA, VoteChoice.APPROVE)))
                   .when(castVote(TOM, VoteChoice.REJECT))
                   .expectEvents(vote(TOM, VoteChoice.REJECT), new ProposalRejected(CID, ISSUE, P1, 2,
                           BallotOutcome.REJECTED, unanimous.decisionRule(), new Tally(4, 3, 1, 0, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.APPROVE),
                                   ballot(TESS, VoteChoice.APPROVE), ballot(CORA, VoteChoice.APPROVE),
                                   ballot(TOM, VoteChoice.REJECT)),
                           "REJECTED under quorum 4, unanimity: 3 for, 1 against, 0 abstaining of 4 eligible; every "
                           + "eligible member voted", null, actor(TOM)));
        }

        @Test
        void whenEveryoneAbstainsNothingIsAdopted() {
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.ABSTAIN), vote(TESS, VoteChoice.ABSTAIN),
                                 vote(CORA, VoteChoice.ABSTAIN)))
                   .when(castVote(TOM, VoteChoice.ABSTAIN))
                   .expectEvents(vote(TOM, VoteChoice.ABSTAIN), rejectedByBoard(new Tally(4, 0, 0, 4, 0),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.ABSTAIN),
                                   ballot(TESS, VoteChoice.ABSTAIN), ballot(CORA, VoteChoice.ABSTAIN),
                                   ballot(TOM, VoteChoice.ABSTAIN)),
                           "REJECTED under quorum 2, simple majority: 0 for, 0 against, 4 abstaining of 4 eligible; "
                           + "every eligible member voted", TOM));
        }
    }

    @Nested
    class Voters {
        @Test
        void aMemberOfAPartyToTheConflictCannotVote() {
            expectRefused(fixture.given(ballotOpenAtTier2()).when(castVote(SVEN, VoteChoice.APPROVE)),
                    DomainRule.VOTER_RECUSED);
        }

        @Test
        void aMemberOfAnInvolvedPartyMayVoteOnAPlainIssue() {
            fixture.given(boardBallotOpen())
                   .when(castVote(SVEN, VoteChoice.APPROVE))
                   .expectEvents(vote(SVEN, VoteChoice.APPROVE));
        }

        @Test
        void onlyMembersOfTheBodyAsItStoodAtOpeningVote() {
            expectRefused(fixture.given(ballotOpenAtTier2()).when(castVote(CORA, VoteChoice.APPROVE)),
                    DomainRule.NOT_A_TIER_MEMBER);
        }

        @Test
        void oneVoteEach() {
            expectRefused(fixture.given(with(boardBallotOpen(), vote(TESS, VoteChoice.APPROVE)))
                                 .when(castVote(TESS, VoteChoice.REJECT)),
                    DomainRule.ALREADY_VOTED);
        }

        @Test
        void cannotVoteOnAnUnknownProposal() {
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2())
                                 .when(castVote(TESS, VoteChoice.APPROVE)),
                    DomainRule.PROPOSAL_UNKNOWN);
        }

        @Test
        void cannotVoteOnceTheBallotAdopted() {
            expectRefused(fixture.given(resolvedAtTier2()).when(castVote(TESS, VoteChoice.APPROVE)),
                    DomainRule.QUORUM_ALREADY_REACHED);
        }

        @Test
        void aMemberRemovedBeforeVotingNoLongerCountsAsEligible() {
            directory.removeMember(TOM);
            fixture.given(ballotOpenAtTier2())
                   .when(castVote(TESS, VoteChoice.APPROVE))
                   .expectEvents(vote(TESS, VoteChoice.APPROVE), new ProposalRejected(CID, ISSUE, P1, 2,
                           BallotOutcome.NO_QUORUM, TSC_RULE, new Tally(1, 1, 0, 0, 0), BallotClosure.ALL_VOTED,
                           List.of(ballot(TESS, VoteChoice.APPROVE)), "NO_QUORUM under quorum 2, simple majority, "
                           + "chair's casting vote: 1 for, 0 against, 0 abstaining of 1 eligible; every eligible "
                           + "member voted", null, actor(TESS)));
        }
    }

    @Nested
    class Reviewing {
        @Test
        void aBallotWhoseLastEligibleVoterWasRemovedClosesWhenReviewed() {
            directory.removeMember(TOM);
            fixture.given(with(ballotOpenAtTier2(), vote(TESS, VoteChoice.APPROVE)))
                   .when(new ReviewBallot(ISSUE, P1))
                   .expectEvents(new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.NO_QUORUM, TSC_RULE,
                           new Tally(1, 1, 0, 0, 0), BallotClosure.ALL_VOTED, List.of(ballot(TESS, VoteChoice.APPROVE)),
                           "NO_QUORUM under quorum 2, simple majority, chair's casting vote: 1 for, 0 against, "
                           + "0 abstaining of 1 eligible; every eligible member voted", null, ActorContext.SYSTEM));
        }

        @Test
        void aBallotThatARemovalDidNotDecideStaysOpen() {
            fixture.given(ballotOpenAtTier2())
                   .when(new ReviewBallot(ISSUE, P1))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void aClosedBallotIsNotReviewed() {
            expectRefused(fixture.given(resolvedAtTier2()).when(new ReviewBallot(ISSUE, P1)),
                    DomainRule.QUORUM_ALREADY_REACHED);
            expectRefused(fixture.given(ballotOpenAtTier2()).when(new ReviewBallot(ISSUE, "p-unknown")),
                    DomainRule.PROPOSAL_UNKNOWN);
        }
    }

    @Nested
    class ConflictsOfInterest {
        @Test
        void aMemberDeclaresAConflictOfInterestWithAReason() {
            fixture.given(plainIssueRaised())
                   .when(new DeclareConflictOfInterest(ISSUE, "My spouse works for the courier", WENDY))
                   .expectEvents(new ConflictOfInterestDeclared(CID, ISSUE, "My spouse works for the courier", null,
                           actor(WENDY)));
        }

        @Test
        void aConflictIsDeclaredOnce() {
            expectRefused(fixture.given(plainIssueRaised(), new ConflictOfInterestDeclared(CID, ISSUE, "x", null,
                                 actor(WENDY)))
                                 .when(new DeclareConflictOfInterest(ISSUE, "again", WENDY)),
                    DomainRule.CONFLICT_ALREADY_DECLARED);
        }

        @Test
        void aMemberWhoDeclaredCannotVote() {
            expectRefused(fixture.given(with(boardBallotOpen(), new ConflictOfInterestDeclared(CID, ISSUE, "x", null,
                                 actor(TOM))))
                                 .when(castVote(TOM, VoteChoice.APPROVE)),
                    DomainRule.VOTER_RECUSED);
        }

        @Test
        void declaringAfterVotingFlagsTheVoteWhichIsKeptButNotCounted() {
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.APPROVE), vote(TESS, VoteChoice.APPROVE),
                                 vote(TOM, VoteChoice.REJECT)))
                   .when(new DeclareConflictOfInterest(ISSUE, "Sponsor bonus tied to the outcome", SVEN))
                   .expectEvents(new ConflictOfInterestDeclared(CID, ISSUE, "Sponsor bonus tied to the outcome", P1,
                           actor(SVEN)));
            fixture.given(with(boardBallotOpen(), vote(SVEN, VoteChoice.APPROVE), vote(TESS, VoteChoice.APPROVE),
                                 vote(TOM, VoteChoice.REJECT), new ConflictOfInterestDeclared(CID, ISSUE,
                                 "Sponsor bonus tied to the outcome", P1, actor(SVEN))))
                   .when(castVote(CORA, VoteChoice.REJECT))
                   .expectEvents(vote(CORA, VoteChoice.REJECT), rejectedByBoard(new Tally(3, 1, 2, 0, 1),
                           BallotClosure.ALL_VOTED, List.of(ballot(SVEN, VoteChoice.APPROVE).flagged(
                                   "recused after voting: declared a conflict of interest (Sponsor bonus tied to the "
                                   + "outcome)"), ballot(TESS, VoteChoice.APPROVE), ballot(TOM, VoteChoice.REJECT),
                                   ballot(CORA, VoteChoice.REJECT)),
                           "REJECTED under quorum 2, simple majority: 1 for, 2 against, 0 abstaining of 3 eligible, 1 "
                           + "flagged (recused after voting, not counted); every eligible member voted", CORA));
        }

        @Test
        void aDeclarationThatPutsTheQuorumOutOfReachClosesTheBallotAsNoQuorum() {
            fixture.given(ballotOpenAtTier2())
                   .when(new DeclareConflictOfInterest(ISSUE, "Co-author with the site PI", TOM))
                   .expectEvents(new ConflictOfInterestDeclared(CID, ISSUE, "Co-author with the site PI", null,
                                   actor(TOM)),
                           new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.NO_QUORUM, TSC_RULE,
                                   new Tally(1, 0, 0, 0, 0), BallotClosure.QUORUM_UNREACHABLE, List.of(),
                                   "NO_QUORUM under quorum 2, simple majority, chair's casting vote: 0 for, 0 against, "
                                   + "0 abstaining of 1 eligible; the quorum of 2 can no longer be reached (0 voted, 1 "
                                   + "eligible still to vote)", null, actor(TOM)));
        }
    }

    @Nested
    class Closing {
        private final ElectronicSignature coraCloses = signed(CORA, SignatureMeaning.BALLOT_CLOSED);

        @Test
        void theChairClosesTheBallotEarlySignedAndTheRuleDecidesOnTheVotesCast() {
            fixture.given(with(boardBallotOpen(), vote(TESS, VoteChoice.APPROVE), vote(TOM, VoteChoice.APPROVE)))
                   .when(new CloseBallot(ISSUE, P1, "Meeting ended", CORA, coraCloses))
                   .expectEvents(adoptedBy(BOARD, new Tally(4, 2, 0, 0, 0), BallotClosure.CLOSED_BY_CHAIR,
                           List.of(ballot(TESS, VoteChoice.APPROVE), ballot(TOM, VoteChoice.APPROVE)), coraCloses,
                           actor(CORA)));
        }

        @Test
        void aBallotClosedBelowItsQuorumDecidesNothing() {
            fixture.given(with(boardBallotOpen(), vote(TESS, VoteChoice.APPROVE)))
                   .when(new CloseBallot(ISSUE, P1, "No more time", CORA, coraCloses))
                   .expectEvents(new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.NO_QUORUM,
                           BOARD.decisionRule(), new Tally(4, 1, 0, 0, 0), BallotClosure.CLOSED_BY_CHAIR,
                           List.of(ballot(TESS, VoteChoice.APPROVE)), "NO_QUORUM under quorum 2, simple majority: 1 "
                           + "for, 0 against, 0 abstaining of 4 eligible; closed by the chair (No more time)",
                           coraCloses, actor(CORA)));
        }

        @Test
        void onlyTheChairClosesABallot() {
            expectRefused(fixture.given(boardBallotOpen()).when(new CloseBallot(ISSUE, P1, "x", TESS,
                    signed(TESS, SignatureMeaning.BALLOT_CLOSED))), DomainRule.NOT_THE_CHAIR);
        }

        @Test
        void aRecusedChairCannotCloseTheBallot() {
            expectRefused(fixture.given(with(boardBallotOpen(), new ConflictOfInterestDeclared(CID, ISSUE, "x", null,
                                 actor(CORA))))
                                 .when(new CloseBallot(ISSUE, P1, "x", CORA, coraCloses)),
                    DomainRule.ACTOR_RECUSED);
        }

        @Test
        void aBallotOfATierWithoutAChairCannotBeClosedEarly() {
            GovernanceTier legacy = new GovernanceTier("Executive board", BOARD.members(), Duration.ofDays(5),
                    Duration.ofDays(30), 2);
            expectRefused(fixture.given(boardBallotOpen(new TierSnapshot(2, 1, legacy)))
                                 .when(new CloseBallot(ISSUE, P1, "x", CORA, coraCloses)),
                    DomainRule.TIER_HAS_NO_CHAIR);
        }

        @Test
        void theVotingPeriodsDeadlineClosesTheBallot() {
            fixture.givenCommands(RAISE_CONFLICT, new EscalateIssue(ISSUE, "Working group deadlocked", SAM),
                           new AcknowledgeIssue(ISSUE, TESS),
                           new ProposeResolution(ISSUE, P1, "Retrain site staff", "Retrain and re-consent.", TESS))
                   .andGivenCommands(castVote(TESS, VoteChoice.APPROVE))
                   .whenTimeElapses(Duration.ofDays(7))
                   .expectEvents(new ProposalRejected(CID, ISSUE, P1, 2, BallotOutcome.NO_QUORUM, TSC_RULE,
                           new Tally(2, 1, 0, 0, 0), BallotClosure.DEADLINE, List.of(ballot(TESS, VoteChoice.APPROVE)),
                           "NO_QUORUM under quorum 2, simple majority, chair's casting vote: 1 for, 0 against, 0 "
                           + "abstaining of 2 eligible; voting period of PT168H ended", null, ActorContext.SYSTEM));
        }

        @Test
        void theDeadlineOfABallotClosedSinceIsIgnored() {
            fixture.given(with(resolvedAtTier2()))
                   .whenInvoking(ISSUE, issue -> issue.onBallotDeadline(new BallotDeadline(ISSUE, P1), directory,
                           null))
                   .expectNoEvents();
        }
    }

    @Nested
    class Superseding {
        @Test
        void anEscalationKeepsTheSupersededBallotWithItsSignedVotes() {
            fixture.given(conflictRaised(), acknowledgedAtTier1(), new ResolutionProposed(CID, ISSUE, P1, "s", "t", 1,
                          TIER_1, List.of(), actor(WENDY)),
                          new VoteCast(CID, ISSUE, P1, VoteChoice.REJECT, null, actor(WALT),
                                  signed(WALT, VoteChoice.REJECT)))
                   .when(new EscalateIssue(ISSUE, "No agreement", WENDY))
                   .expectEvents(new ProposalSuperseded(CID, ISSUE, P1, 1, WG_RULE, new Tally(2, 0, 1, 0, 0),
                                   List.of(ballot(WALT, VoteChoice.REJECT)),
                                   "superseded by the escalation to tier 2 (MANUAL): No agreement", actor(WENDY)),
                           new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.MANUAL, null, "No agreement", P1,
                                   actor(WENDY)));
        }

        @Test
        void anSlaEscalationKeepsTheSupersededBallotToo() {
            fixture.givenCommands(RAISE_CONFLICT, new AcknowledgeIssue(ISSUE, WENDY),
                           new ProposeResolution(ISSUE, P1, "s", "t", WENDY), castVote(WALT, VoteChoice.APPROVE))
                   .whenTimeElapses(Duration.ofDays(14))
                   .expectEvents(new ProposalSuperseded(CID, ISSUE, P1, 1, WG_RULE, new Tally(2, 1, 0, 0, 0),
                                   List.of(ballot(WALT, VoteChoice.APPROVE)), "superseded by the escalation to tier 2 "
                                   + "(SLA_BREACH): SLA breached at tier 1 (Working group): not resolved within PT336H",
                                   ActorContext.SYSTEM),
                           new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.SLA_BREACH, SlaPhase.RESOLVE,
                                   "SLA breached at tier 1 (Working group): not resolved within PT336H", P1,
                                   ActorContext.SYSTEM));
        }
    }
}
