package org.concordia.infra.app;

import com.mongodb.client.MongoDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Aggregates restored from snapshots (and no cache, after a restart) keep every rule they enforced before. */
class SnapshotRestoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aggregatesRestoredFromSnapshotsBehaveAsBefore() {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.event-store.snapshot-every=3")) {
            CommandGateway commands = app.bean(CommandGateway.class);
            RegisterCollaboration register = RegisterCollaboration.of("SNAP", "Snapshots", CollaborationKind.OTHER,
                                                                      null, "cora");
            String cid = register.collaborationId();
            commands.sendAndWait(register);
            commands.sendAndWait(new RegisterParty(cid, "a", "Party A", PartyRole.SPONSOR, "cora"));
            commands.sendAndWait(new RegisterParty(cid, "b", "Party B", PartyRole.SITE, "cora"));
            commands.sendAndWait(new AddMember(cid, "sam", "a", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new AddMember(cid, "wendy", "b", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new DefineGovernanceLadder(cid, List.of(new GovernanceTier(
                    "WG", List.of("wendy"), Duration.ofDays(2), Duration.ofDays(14), 1)), "cora"));
            commands.sendAndWait(new RaiseIssue(cid, "snap-1", IssueType.CONFLICT, "t", "d", IssueCategory.BUDGET,
                                                Severity.LOW, Set.of("a", "b"), "sam"));
            commands.sendAndWait(new AcknowledgeIssue("snap-1", "wendy"));
            commands.sendAndWait(new CommentOnIssue("snap-1", "c1", "first", "sam"));
            commands.sendAndWait(new ProposeResolution("snap-1", "p1", "Split", "Split the cost", "wendy"));
            commands.sendAndWait(new CommentOnIssue("snap-1", "c2", "second", "sam"));

            MongoDatabase database = app.bean(MongoDatabase.class);
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    database.getCollection("snapshots").find(eq("_id", cid)).first() != null
                    && database.getCollection("snapshots").find(eq("_id", "snap-1")).first() != null);

            app.restart(); // no cache: both aggregates load from their snapshots plus later events

            CommandGateway after = app.bean(CommandGateway.class);
            assertRule(() -> after.sendAndWait(new AddMember(cid, "sam", "a", Set.of(MemberRole.CONTRIBUTOR), "cora")),
                       DomainRule.MEMBER_ALREADY_ADDED);
            assertRule(() -> after.sendAndWait(new AcknowledgeIssue("snap-1", "wendy")),
                       DomainRule.ISSUE_ALREADY_ACKNOWLEDGED);
            assertRule(() -> after.sendAndWait(new ProposeResolution("snap-1", "p2", "Again", "Again", "wendy")),
                       DomainRule.PROPOSAL_ALREADY_OPEN);
            assertRule(() -> after.sendAndWait(new CommentOnIssue("snap-1", "c1", "reused id", "sam")),
                       DomainRule.ID_ALREADY_USED);
            after.sendAndWait(new CommentOnIssue("snap-1", "c3", "still works", "sam"));
        }
    }

    private static void assertRule(Runnable command, DomainRule rule) {
        assertThatThrownBy(command::run).isInstanceOfSatisfying(DomainRuleViolation.class,
                                                                 v -> assertThat(v.rule()).isEqualTo(rule));
    }
}
