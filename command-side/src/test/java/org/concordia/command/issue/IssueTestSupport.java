package org.concordia.command.issue;

import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.signed;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.Cast;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.issue.*;

/** Shared set-up and event builders for Issue fixtures. */
final class IssueTestSupport {

    static final String ISSUE = "issue-1";
    static final String P1 = "proposal-1";
    static final String A1 = "action-1";
    static final LocalDate DUE = LocalDate.of(2026, 6, 30);
    static final TierSnapshot TIER_1 = new TierSnapshot(1, 1, WORKING_GROUP);
    static final TierSnapshot TIER_2 = new TierSnapshot(2, 1, STEERING_COMMITTEE);

    static final RaiseIssue RAISE_CONFLICT = new RaiseIssue(CID, ISSUE, IssueType.CONFLICT,
            "Visit window deviation at Berlin", "Visits 4-6 were done outside the protocol window.",
            IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, Set.of(SPONSOR, SITE), SAM);

    /** Sven sits on the steering committee for the sponsor, a party to the conflict. */
    static final Recusal SVEN_RECUSED = new Recusal(SVEN, SPONSOR, RecusalGround.PARTY_INVOLVED, null);

    private IssueTestSupport() {
    }

    /** What the Collaboration would record for {@link #RAISE_CONFLICT} as the first issue. */
    static IssueRaised raised(RaiseIssue command) {
        return new IssueRaised(command.collaborationId(), command.issueId(), KEY + "-1", 1, command.type(),
                command.title(), command.description(), command.category(), command.severity(),
                command.involvedParties(), TIER_1, Cast.actor(command.actor()));
    }

    static IssueRaised conflictRaised() {
        return raised(RAISE_CONFLICT);
    }

    /** A plain issue (not a conflict): nobody is recused by party. */
    static IssueRaised plainIssueRaised() {
        return new IssueRaised(CID, ISSUE, KEY + "-1", 1, IssueType.ISSUE, "Late lab kits", "Kits arrive late.",
                IssueCategory.RESOURCING, Severity.LOW, Set.of(SPONSOR), TIER_1, actor(SAM));
    }

    static IssueAcknowledged acknowledgedAtTier1() {
        return new IssueAcknowledged(CID, ISSUE, 1, actor(WENDY));
    }

    static IssueEscalated escalatedManuallyBy(String username) {
        return new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.MANUAL, null, "Working group deadlocked",
                null, actor(username));
    }

    static IssueAcknowledged acknowledgedAtTier2() {
        return new IssueAcknowledged(CID, ISSUE, 2, actor(TESS));
    }

    /** Tess proposes at the steering committee; sven is recused (party involved). */
    static ResolutionProposed proposedAtTier2() {
        return new ResolutionProposed(CID, ISSUE, P1, "Retrain site staff", "Retrain and re-consent.", 2, TIER_2,
                List.of(SVEN_RECUSED), actor(TESS));
    }

    /** The conflict at the steering committee with the proposal's ballot open. */
    static Object[] ballotOpenAtTier2() {
        return new Object[] {conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2(), proposedAtTier2()};
    }

    static VoteCast vote(String username, VoteChoice choice) {
        return new VoteCast(CID, ISSUE, P1, choice, null, actor(username), signed(username, choice));
    }

    static CastVote castVote(String username, VoteChoice choice) {
        return new CastVote(ISSUE, P1, choice, null, username, signed(username, choice));
    }

    static Ballot ballot(String username, VoteChoice choice) {
        return new Ballot(username, actor(username).partyId(), choice, signed(username, choice));
    }

    /** Tess and tom (the two eligible members) both approved. */
    static ProposalAdopted adopted() {
        return new ProposalAdopted(CID, ISSUE, P1, new Decision(P1, "Retrain site staff", "Retrain and re-consent.",
                2, "Trial steering committee", TSC_RULE, new Tally(2, 2, 0, 0, 0), BallotClosure.ALL_VOTED,
                List.of(ballot(TESS, VoteChoice.APPROVE), ballot(TOM, VoteChoice.APPROVE))), null, actor(TOM));
    }

    static Object[] resolvedAtTier2() {
        return with(ballotOpenAtTier2(), vote(TESS, VoteChoice.APPROVE), vote(TOM, VoteChoice.APPROVE), adopted());
    }

    static RootCauseRecorded rootCause() {
        return new RootCauseRecorded(CID, ISSUE, RootCauseMethod.FIVE_WHYS, "Schedulers never trained on window",
                null, actor(TESS));
    }

    static ImpactAssessed impact() {
        return new ImpactAssessed(CID, ISSUE, "Six visits outside window; no safety impact", RiskLevel.MEDIUM, null,
                actor(TESS));
    }

    /** Resolved, with root cause and impact recorded: actions may be added. */
    static Object[] analysedAtTier2() {
        return with(resolvedAtTier2(), rootCause(), impact());
    }

    static CorrectiveActionAdded actionAdded() {
        return new CorrectiveActionAdded(CID, ISSUE, A1, ActionKind.CORRECTIVE, "Retrain visit schedulers", SITA, DUE,
                actor(TESS));
    }

    static ActionCompleted actionCompleted() {
        return new ActionCompleted(CID, ISSUE, A1, "All schedulers retrained", actor(SITA));
    }

    static Object[] with(Object[] events, Object... more) {
        Object[] all = Arrays.copyOf(events, events.length + more.length);
        System.arraycopy(more, 0, all, events.length, more.length);
        return all;
    }

    static AggregateTestFixture<Issue> fixture(FakeCollaborationDirectory directory) {
        AggregateTestFixture<Issue> fixture = new AggregateTestFixture<>(Issue.class);
        fixture.registerInjectableResource(directory);
        fixture.registerAnnotatedCommandHandler(new TestRaiser(fixture));
        return fixture;
    }

    /**
     * Stands in for the Collaboration in Issue fixtures, so that raising (and the SLA deadlines it schedules)
     * can be given as a command: it creates the Issue exactly as the Collaboration does.
     */
    static final class TestRaiser {
        private final AggregateTestFixture<Issue> fixture;

        TestRaiser(AggregateTestFixture<Issue> fixture) {
            this.fixture = fixture;
        }

        @CommandHandler
        void handle(RaiseIssue command, DeadlineManager deadlineManager) throws Exception {
            fixture.getRepository().newInstance(() -> new Issue(raised(command), deadlineManager));
        }
    }
}
