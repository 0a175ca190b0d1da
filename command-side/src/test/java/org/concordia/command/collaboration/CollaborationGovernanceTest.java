package org.concordia.command.collaboration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.command.collaboration.CollaborationTest.*;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.shared.DomainRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Corrections of membership, the ladder's reasons, entry routes, restrictions and recurrences (issue 15). */
class CollaborationGovernanceTest {

    private static final GovernanceTier DMC = new GovernanceTier("Data monitoring committee", List.of(SITA), SITA,
            Duration.ofDays(1), Duration.ofDays(7), new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, null));
    private static final EntryRoute CRITICAL_SAFETY = new EntryRoute(IssueCategory.SAFETY, Severity.CRITICAL, 2);

    private AggregateTestFixture<Collaboration> fixture;
    private EventStore issueEvents;

    @BeforeEach
    void setUp() {
        issueEvents = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        fixture = fixtureCreatingIssuesIn(issueEvents);
    }

    private static Object[] withDmc() {
        Object[] base = established();
        Object[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = new GovernanceLadderDefined(CID, 1, List.of(WORKING_GROUP, DMC), List.of(CRITICAL_SAFETY),
                null, CORA_AS_COORDINATOR);
        return all;
    }

    private static RaiseIssue safety(Severity severity, Set<String> restrictedTo, String recurrenceOf) {
        return new RaiseIssue(CID, "issue-9", IssueType.ISSUE, "Hepatotoxicity cluster", "Three grade 4 cases",
                IssueCategory.SAFETY, severity, Set.of(SITE), restrictedTo, recurrenceOf, SAM);
    }

    private IssueRaised raisedIssue() {
        return (IssueRaised) issueEvents.readEvents("issue-9").asStream().map(EventMessage::getPayload).findFirst()
                                        .orElseThrow();
    }

    // ------------------------------------------------------------ members

    @Test
    void coordinatorCorrectsAMembersPartyAndRolesWithAReason() {
        fixture.given(established())
               .when(new ChangeMember(CID, SAM, SITE, Set.of(MemberRole.CONTRIBUTOR, MemberRole.AUDITOR),
                       "Moved from the sponsor to the site", CORA))
               .expectEvents(new MemberChanged(CID, SAM, SPONSOR, SITE, Set.of(MemberRole.CONTRIBUTOR),
                       Set.of(MemberRole.CONTRIBUTOR, MemberRole.AUDITOR), "Moved from the sponsor to the site",
                       CORA_AS_COORDINATOR));
    }

    @Test
    void aMemberChangeMustChangeSomething() {
        expectRefused(fixture.given(established()).when(new ChangeMember(CID, SAM, SPONSOR,
                Set.of(MemberRole.CONTRIBUTOR), "no-op", CORA)), DomainRule.MEMBER_UNCHANGED);
    }

    @Test
    void theLastCoordinatorKeepsTheRole() {
        Object[] affiliated = Arrays.copyOf(established(), established().length + 1);
        affiliated[affiliated.length - 1] = new MemberChanged(CID, CORA, null, SPONSOR, Set.of(MemberRole.COORDINATOR),
                Set.of(MemberRole.COORDINATOR), "joined the sponsor", CORA_AS_COORDINATOR);
        expectRefused(fixture.given(affiliated).when(new ChangeMember(CID, CORA, SPONSOR,
                Set.of(MemberRole.CONTRIBUTOR), "stepping down", CORA)), DomainRule.LAST_COORDINATOR);
    }

    @Test
    void aMemberMovesOnlyToARegisteredParty() {
        expectRefused(fixture.given(established()).when(new ChangeMember(CID, SAM, "nowhere",
                Set.of(MemberRole.CONTRIBUTOR), "x", CORA)), DomainRule.PARTY_UNKNOWN);
        expectRefused(fixture.given(established()).when(new ChangeMember(CID, "mallory", SITE,
                Set.of(MemberRole.CONTRIBUTOR), "x", CORA)), DomainRule.MEMBER_UNKNOWN);
    }

    @Test
    void onlyACoordinatorCorrectsAMember() {
        expectRefused(fixture.given(established()).when(new ChangeMember(CID, SITA, SPONSOR,
                Set.of(MemberRole.CONTRIBUTOR), "x", SAM)), DomainRule.NOT_A_COORDINATOR);
    }

    @Test
    void aMemberWhoSitsOnATierIsNotRemovedUntilTheLadderIsRedefined() {
        expectRefused(fixture.given(governed()).when(new RemoveMember(CID, SAM, "Left the sponsor", CORA)),
                DomainRule.MEMBER_SITS_ON_A_TIER);
    }

    // ------------------------------------------------------------ entry routes and restrictions

    @Test
    void aCriticalSafetyIssueStartsAtTheTierItsRouteNames() {
        fixture.given(withDmc()).when(safety(Severity.CRITICAL, Set.of(), null))
               .expectEvents(new IssueNumberAllocated(CID, "issue-9", 1, "TRIAL-1", SAM_AS_CONTRIBUTOR))
               .expectScheduledDeadlineWithName(Duration.ofDays(1), "issue-acknowledge-sla");
        assertThat(raisedIssue().tier()).isEqualTo(new TierSnapshot(2, 1, DMC));
        assertThat(raisedIssue().routing()).isEqualTo("entry route CRITICAL+ SAFETY → tier 2");
    }

    @Test
    void anIssueNoRouteMatchesStartsAtTierOne() {
        fixture.given(withDmc()).when(safety(Severity.HIGH, Set.of(), null)).expectSuccessfulHandlerExecution();
        assertThat(raisedIssue().tier().level()).isEqualTo(1);
        assertThat(raisedIssue().routing()).isNull();
    }

    @Test
    void aRestrictedIssueStartsAtTheLowestTierItIsRestrictedTo() {
        fixture.given(withDmc()).when(safety(Severity.LOW, Set.of("Data monitoring committee"), null))
               .expectSuccessfulHandlerExecution();
        assertThat(raisedIssue().tier()).isEqualTo(new TierSnapshot(2, 1, DMC));
        assertThat(raisedIssue().restrictedToTiers()).containsExactly("Data monitoring committee");
        assertThat(raisedIssue().routing()).isEqualTo("restricted to [Data monitoring committee]: starts at the "
                                                      + "lowest of them");
    }

    @Test
    void anIssueIsRestrictedOnlyToTiersOfTheLadder() {
        expectRefused(fixture.given(withDmc()).when(safety(Severity.LOW, Set.of("Ethics board"), null)),
                DomainRule.TIER_UNKNOWN);
    }

    // ------------------------------------------------------------ recurrences

    @Test
    void aRecurrenceIsRaisedAnewAndLinkedToTheIssueItRecurs() {
        fixture.given(withDmc())
               .andGiven(new IssueNumberAllocated(CID, "issue-1", 1, "TRIAL-1", SAM_AS_CONTRIBUTOR))
               .when(safety(Severity.HIGH, Set.of(), "issue-1"))
               .expectEvents(new IssueNumberAllocated(CID, "issue-9", 2, "TRIAL-2", SAM_AS_CONTRIBUTOR));
        assertThat(raisedIssue().recurrenceOf()).isEqualTo("issue-1");
    }

    @Test
    void aRecurrenceIsOfAnIssueOfTheSameCollaboration() {
        expectRefused(fixture.given(withDmc()).when(safety(Severity.HIGH, Set.of(), "elsewhere-1")),
                DomainRule.RELATED_ISSUE_UNKNOWN);
    }
}
