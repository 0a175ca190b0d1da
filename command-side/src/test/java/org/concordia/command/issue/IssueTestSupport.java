package org.concordia.command.issue;

import static org.concordia.command.testdata.Cast.*;

import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.Cast;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;

/** Shared set-up for Issue fixtures. */
final class IssueTestSupport {

    static final String ISSUE = "issue-1";
    static final TierSnapshot TIER_1 = new TierSnapshot(1, 1, WORKING_GROUP);
    static final TierSnapshot TIER_2 = new TierSnapshot(2, 1, STEERING_COMMITTEE);

    static final RaiseIssue RAISE_CONFLICT = new RaiseIssue(CID, ISSUE, IssueType.CONFLICT,
            "Visit window deviation at Berlin", "Visits 4-6 were done outside the protocol window.",
            IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, Set.of(SPONSOR, SITE), SAM);

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
