package org.concordia.infra.app;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import com.mongodb.client.MongoDatabase;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.issue.EscalationCause;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An SLA timer set before a restart fires after it: deadlines live in MongoDB, not in the JVM. */
class SlaEscalationRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void anUnacknowledgedIssueEscalatesAfterARestart() {
        try (RunningApp app = new RunningApp(dataDir)) {
            CommandGateway commands = app.bean(CommandGateway.class);
            RegisterCollaboration register = RegisterCollaboration.of("SLA", "SLA trial", CollaborationKind.CLINICAL_TRIAL,
                                                                      null, "cora");
            String cid = register.collaborationId();
            commands.sendAndWait(register);
            commands.sendAndWait(new RegisterParty(cid, "sponsor", "Sponsor", PartyRole.SPONSOR, "cora"));
            commands.sendAndWait(new RegisterParty(cid, "site", "Site 12", PartyRole.SITE, "cora"));
            commands.sendAndWait(new AddMember(cid, "sam", "sponsor", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new AddMember(cid, "wendy", "site", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new AddMember(cid, "tom", "site", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new DefineGovernanceLadder(cid, List.of(
                    new GovernanceTier("Working group", List.of("wendy"), Duration.ofSeconds(4), Duration.ofDays(14), 1),
                    new GovernanceTier("Steering committee", List.of("tom"), Duration.ofDays(2), Duration.ofDays(30), 1)),
                    "cora"));
            commands.sendAndWait(new RaiseIssue(cid, "issue-sla", IssueType.CONFLICT, "Visit window deviation",
                                                "Site and sponsor disagree", IssueCategory.PROTOCOL_DEVIATION,
                                                Severity.HIGH, Set.of("sponsor", "site"), "sam"));
            assertThat(app.bean(MongoDatabase.class).getCollection("deadline_entries").countDocuments())
                    .as("the timer is kept in MongoDB").isGreaterThanOrEqualTo(1);

            app.stop();                                   // down before the 4 s acknowledge SLA passes
            await().pollDelay(5, TimeUnit.SECONDS).atMost(6, TimeUnit.SECONDS).until(() -> true);
            app.start();

            await().atMost(30, TimeUnit.SECONDS).until(() -> escalation(app).isPresent());
            IssueEscalated escalated = escalation(app).orElseThrow();
            assertThat(escalated.cause()).isEqualTo(EscalationCause.SLA_BREACH);
            assertThat(escalated.to().level()).isEqualTo(2);
            assertThat(escalated.actor()).isEqualTo(ActorContext.SYSTEM);
        }
    }

    private static Optional<IssueEscalated> escalation(RunningApp app) {
        return app.bean(EventStore.class).readEvents("issue-sla").asStream()
                  .map(DomainEventMessage::getPayload)
                  .filter(IssueEscalated.class::isInstance).map(IssueEscalated.class::cast).findFirst();
    }
}
