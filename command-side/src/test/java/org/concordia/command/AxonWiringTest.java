package org.concordia.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.command.collaboration.RepositoryCollaborationDirectory;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.issue.Issue;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both aggregates in a real, in-memory Axon configuration, wired the way infra is expected to: the
 * Collaboration creates Issues through the configuration's repository provider, and Issues see the
 * collaboration through {@link RepositoryCollaborationDirectory}.
 */
class AxonWiringTest {

    private Configuration configuration;
    private CommandGateway commands;

    @BeforeEach
    void start() {
        configuration = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Collaboration.class))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Issue.class))
                .registerComponent(CollaborationDirectory.class,
                        c -> new RepositoryCollaborationDirectory(c.repository(Collaboration.class)))
                .buildConfiguration();
        configuration.start();
        commands = configuration.commandGateway();
    }

    @AfterEach
    void stop() {
        configuration.shutdown();
    }

    @Test
    void raisedIssueIsCreatedAndActedOnThroughTheDirectory() {
        String cid = CollaborationId.forKey("WIRE").value();
        commands.sendAndWait(RegisterCollaboration.of("WIRE", "Wiring", CollaborationKind.OTHER, null, "cora"));
        commands.sendAndWait(new RegisterParty(cid, "a", "A", PartyRole.SPONSOR, "cora"));
        commands.sendAndWait(new RegisterParty(cid, "b", "B", PartyRole.SITE, "cora"));
        commands.sendAndWait(new AddMember(cid, "sam", "a", Set.of(MemberRole.CONTRIBUTOR), "cora"));
        commands.sendAndWait(new AddMember(cid, "wendy", "b", Set.of(MemberRole.CONTRIBUTOR), "cora"));
        commands.sendAndWait(new DefineGovernanceLadder(cid, List.of(new GovernanceTier("WG", List.of("wendy"),
                Duration.ofDays(2), Duration.ofDays(14), 1)), "cora"));
        commands.sendAndWait(new RaiseIssue(cid, "issue-1", IssueType.CONFLICT, "t", "d", IssueCategory.BUDGET,
                Severity.LOW, Set.of("a", "b"), "sam"));
        commands.sendAndWait(new AcknowledgeIssue("issue-1", "wendy"));

        assertThat(configuration.eventStore().readEvents("issue-1").asStream().map(EventMessage::getPayload))
                .map(Object::getClass).map(Class::getSimpleName)
                .containsExactly("IssueRaised", "IssueAcknowledged");
        assertThat(configuration.eventStore().readEvents(cid).asStream().map(EventMessage::getPayload))
                .last().isEqualTo(new IssueNumberAllocated(cid, "issue-1", 1, "WIRE-1",
                        new org.concordia.kernel.shared.ActorContext("sam", "a", Set.of(MemberRole.CONTRIBUTOR))));

        assertThatThrownBy(() -> commands.sendAndWait(
                RegisterCollaboration.of("WIRE", "Again", CollaborationKind.OTHER, null, "sam")))
                .isInstanceOfSatisfying(DomainRuleViolation.class,
                        v -> assertThat(v.rule()).isEqualTo(DomainRule.COLLABORATION_KEY_TAKEN));
        assertThatThrownBy(() -> commands.sendAndWait(new AcknowledgeIssue("issue-1", "sam")))
                .isInstanceOfSatisfying(DomainRuleViolation.class,
                        v -> assertThat(v.rule()).isEqualTo(DomainRule.ISSUE_ALREADY_ACKNOWLEDGED));
    }
}
