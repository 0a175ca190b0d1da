package org.concordia.command.collaboration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.issue.Issue;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollaborationTest {

    static final String KEY = "TRIAL";
    static final String CID = CollaborationId.forKey(KEY).value();
    static final String CORA = "cora";
    static final String SAM = "sam";
    static final String SITA = "sita";
    static final String ADA = "ada";
    static final String SPONSOR = "acme-pharma";
    static final String SITE = "site-berlin";
    static final GovernanceTier WORKING_GROUP = new GovernanceTier("Working group", List.of(SAM, SITA),
            Duration.ofDays(2), Duration.ofDays(14), 1);

    static final ActorContext CORA_AT_REGISTRATION = new ActorContext(CORA, null, Set.of());
    static final ActorContext CORA_AS_COORDINATOR =
            new ActorContext(CORA, null, Set.of(MemberRole.COORDINATOR));
    static final ActorContext SAM_AS_CONTRIBUTOR =
            new ActorContext(SAM, SPONSOR, Set.of(MemberRole.CONTRIBUTOR));

    private AggregateTestFixture<Collaboration> fixture;
    private EventStore issueEvents;

    @BeforeEach
    void setUp() {
        issueEvents = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        fixture = fixtureCreatingIssuesIn(issueEvents);
    }

    /** A Collaboration fixture whose RaiseIssue creates the Issue aggregate in {@code issueEvents}. */
    static AggregateTestFixture<Collaboration> fixtureCreatingIssuesIn(EventStore issueEvents) {
        AggregateTestFixture<Collaboration> fixture = new AggregateTestFixture<>(Collaboration.class);
        Repository<Issue> issues = EventSourcingRepository.builder(Issue.class).eventStore(issueEvents).build();
        fixture.registerRepositoryProvider(new RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == Issue.class ? (Repository<T>) issues : null;
            }
        });
        return fixture;
    }

    // ------------------------------------------------------------ given events

    static CollaborationRegistered registered() {
        return new CollaborationRegistered(CID, KEY, "Trial 42", CollaborationKind.CLINICAL_TRIAL, "Phase III",
                CORA, CORA_AT_REGISTRATION);
    }

    static MemberAdded coraIsCoordinator() {
        return new MemberAdded(CID, CORA, null, Set.of(MemberRole.COORDINATOR), CORA_AT_REGISTRATION);
    }

    static Object[] established() {
        return new Object[] {registered(), coraIsCoordinator(),
                new PartyRegistered(CID, SPONSOR, "ACME Pharma", PartyRole.SPONSOR, CORA_AS_COORDINATOR),
                new PartyRegistered(CID, SITE, "Berlin site", PartyRole.SITE, CORA_AS_COORDINATOR),
                new MemberAdded(CID, SAM, SPONSOR, Set.of(MemberRole.CONTRIBUTOR), CORA_AS_COORDINATOR),
                new MemberAdded(CID, SITA, SITE, Set.of(MemberRole.CONTRIBUTOR), CORA_AS_COORDINATOR),
                new MemberAdded(CID, ADA, SITE, Set.of(MemberRole.AUDITOR), CORA_AS_COORDINATOR)};
    }

    static Object[] governed() {
        Object[] base = established();
        Object[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = new GovernanceLadderDefined(CID, 1, List.of(WORKING_GROUP), CORA_AS_COORDINATOR);
        return all;
    }

    static RaiseIssue raise(String issueId, IssueType type, Set<String> parties, String actor) {
        return new RaiseIssue(CID, issueId, type, "Visit window deviation", "Visits outside the window",
                IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, parties, actor);
    }

    // ------------------------------------------------------------ registering

    @Test
    void creatorBecomesCoordinatorOfNewCollaboration() {
        fixture.givenNoPriorActivity()
               .when(RegisterCollaboration.of(KEY, "Trial 42", CollaborationKind.CLINICAL_TRIAL, "Phase III", CORA))
               .expectEvents(registered(), coraIsCoordinator());
    }

    @Test
    void administratorRegistersCollaborationForSomeoneElse() {
        ActorContext admin = new ActorContext("admin", null, Set.of());
        fixture.givenNoPriorActivity()
               .when(new RegisterCollaboration(CID, KEY, "Trial 42", CollaborationKind.CLINICAL_TRIAL, null, CORA,
                       "admin"))
               .expectEvents(new CollaborationRegistered(CID, KEY, "Trial 42", CollaborationKind.CLINICAL_TRIAL, null,
                               CORA, admin),
                       new MemberAdded(CID, CORA, null, Set.of(MemberRole.COORDINATOR), admin));
    }

    @Test
    void keyCannotBeTakenTwice() {
        expectRefused(fixture.given(registered(), coraIsCoordinator())
                             .when(RegisterCollaboration.of(KEY, "Other", CollaborationKind.OTHER, null, SAM)),
                DomainRule.COLLABORATION_KEY_TAKEN);
    }

    // ------------------------------------------------------------ parties and members

    @Test
    void coordinatorRegistersParty() {
        fixture.given(registered(), coraIsCoordinator())
               .when(new RegisterParty(CID, SPONSOR, "ACME Pharma", PartyRole.SPONSOR, CORA))
               .expectEvents(new PartyRegistered(CID, SPONSOR, "ACME Pharma", PartyRole.SPONSOR, CORA_AS_COORDINATOR));
    }

    @Test
    void partyIsRegisteredOnce() {
        expectRefused(fixture.given(established())
                             .when(new RegisterParty(CID, SPONSOR, "ACME again", PartyRole.SPONSOR, CORA)),
                DomainRule.PARTY_ALREADY_REGISTERED);
    }

    @Test
    void contributorCannotChangeTheCollaboration() {
        expectRefused(fixture.given(established())
                             .when(new RegisterParty(CID, "cro-x", "CRO X", PartyRole.CRO, SAM)),
                DomainRule.NOT_A_COORDINATOR);
    }

    @Test
    void strangerCannotChangeTheCollaboration() {
        expectRefused(fixture.given(established())
                             .when(new RegisterParty(CID, "cro-x", "CRO X", PartyRole.CRO, "mallory")),
                DomainRule.NOT_A_MEMBER);
    }

    @Test
    void coordinatorAddsMemberOfAParty() {
        fixture.given(established())
               .when(new AddMember(CID, "sven", SPONSOR, Set.of(MemberRole.CONTRIBUTOR, MemberRole.OBSERVER), CORA))
               .expectEvents(new MemberAdded(CID, "sven", SPONSOR, Set.of(MemberRole.CONTRIBUTOR, MemberRole.OBSERVER),
                       CORA_AS_COORDINATOR));
    }

    @Test
    void memberMustBelongToARegisteredParty() {
        expectRefused(fixture.given(established())
                             .when(new AddMember(CID, "sven", "nowhere", Set.of(MemberRole.CONTRIBUTOR), CORA)),
                DomainRule.PARTY_UNKNOWN);
    }

    @Test
    void memberIsAddedOnce() {
        expectRefused(fixture.given(established())
                             .when(new AddMember(CID, SAM, SPONSOR, Set.of(MemberRole.OBSERVER), CORA)),
                DomainRule.MEMBER_ALREADY_ADDED);
    }

    @Test
    void coordinatorRemovesMemberAndMayAddThemAgain() {
        fixture.given(established())
               .when(new RemoveMember(CID, SAM, "Left the sponsor", CORA))
               .expectEvents(new MemberRemoved(CID, SAM, "Left the sponsor", CORA_AS_COORDINATOR));
        Object[] removed = java.util.Arrays.copyOf(established(), established().length + 1);
        removed[removed.length - 1] = new MemberRemoved(CID, SAM, null, CORA_AS_COORDINATOR);
        fixture.given(removed)
               .when(new AddMember(CID, SAM, SITE, Set.of(MemberRole.CONTRIBUTOR), CORA))
               .expectEvents(new MemberAdded(CID, SAM, SITE, Set.of(MemberRole.CONTRIBUTOR), CORA_AS_COORDINATOR));
    }

    @Test
    void unknownMemberCannotBeRemoved() {
        expectRefused(fixture.given(established()).when(new RemoveMember(CID, "mallory", "typo", CORA)),
                DomainRule.MEMBER_UNKNOWN);
    }

    @Test
    void lastCoordinatorCannotBeRemoved() {
        expectRefused(fixture.given(established()).when(new RemoveMember(CID, CORA, "leaving", CORA)),
                DomainRule.LAST_COORDINATOR);
    }

    // ------------------------------------------------------------ governance

    @Test
    void coordinatorDefinesLadderAndRedefinitionIsVersioned() {
        fixture.given(established())
               .when(new DefineGovernanceLadder(CID, List.of(WORKING_GROUP), CORA))
               .expectEvents(new GovernanceLadderDefined(CID, 1, List.of(WORKING_GROUP), CORA_AS_COORDINATOR));
        fixture.given(governed())
               .when(new DefineGovernanceLadder(CID, List.of(WORKING_GROUP), List.of(), "Chair re-elected", CORA))
               .expectEvents(new GovernanceLadderDefined(CID, 2, List.of(WORKING_GROUP), List.of(),
                       "Chair re-elected", CORA_AS_COORDINATOR));
    }

    @Test
    void changingTheLadderNeedsAReason() {
        expectRefused(fixture.given(governed()).when(new DefineGovernanceLadder(CID, List.of(WORKING_GROUP), CORA)),
                DomainRule.REASON_REQUIRED);
    }

    @Test
    void tierBodyMembersMustBeMembers() {
        GovernanceTier board = new GovernanceTier("Board", List.of("mallory"), Duration.ofDays(1), Duration.ofDays(2),
                1);
        expectRefused(fixture.given(established()).when(new DefineGovernanceLadder(CID, List.of(board), CORA)),
                DomainRule.TIER_MEMBER_UNKNOWN);
    }

    @Test
    void contributorCannotDefineLadder() {
        expectRefused(fixture.given(established()).when(new DefineGovernanceLadder(CID, List.of(WORKING_GROUP), SAM)),
                DomainRule.NOT_A_COORDINATOR);
    }

    // ------------------------------------------------------------ raising issues

    @Test
    void raisingAnIssueAllocatesTheNextNumberAndCreatesTheIssueAtTierOne() {
        ActorContext sam = SAM_AS_CONTRIBUTOR;
        fixture.given(governed())
               .when(raise("issue-1", IssueType.CONFLICT, Set.of(SPONSOR, SITE), SAM))
               .expectEvents(new IssueNumberAllocated(CID, "issue-1", 1, "TRIAL-1", sam))
               .expectScheduledDeadlineWithName(Duration.ofDays(2), "issue-acknowledge-sla")
               .expectScheduledDeadlineWithName(Duration.ofDays(14), "issue-resolve-sla");

        List<Object> issueStream = issueEvents.readEvents("issue-1").asStream().map(EventMessage::getPayload)
                                              .collect(Collectors.toList());
        assertThat(issueStream).containsExactly(new IssueRaised(CID, "issue-1", "TRIAL-1", 1, IssueType.CONFLICT,
                "Visit window deviation", "Visits outside the window", IssueCategory.PROTOCOL_DEVIATION,
                Severity.HIGH, Set.of(SPONSOR, SITE), new TierSnapshot(1, 1, WORKING_GROUP), sam));
    }

    @Test
    void numbersAreNeverReused() {
        fixture.given(governed())
               .andGiven(new IssueNumberAllocated(CID, "issue-1", 1, "TRIAL-1", SAM_AS_CONTRIBUTOR))
               .when(raise("issue-2", IssueType.ISSUE, Set.of(SITE), SAM))
               .expectEvents(new IssueNumberAllocated(CID, "issue-2", 2, "TRIAL-2", SAM_AS_CONTRIBUTOR));
    }

    @Test
    void sameIssueIdCannotBeRaisedTwice() {
        expectRefused(fixture.given(governed())
                             .andGiven(new IssueNumberAllocated(CID, "issue-1", 1, "TRIAL-1", SAM_AS_CONTRIBUTOR))
                             .when(raise("issue-1", IssueType.ISSUE, Set.of(SITE), SAM)),
                DomainRule.ISSUE_ALREADY_RAISED);
    }

    @Test
    void conflictNeedsTwoDistinctParties() {
        expectRefused(fixture.given(governed()).when(raise("issue-1", IssueType.CONFLICT, Set.of(SITE), SAM)),
                DomainRule.CONFLICT_NEEDS_TWO_PARTIES);
    }

    @Test
    void involvedPartiesMustBeRegistered() {
        expectRefused(fixture.given(governed())
                             .when(raise("issue-1", IssueType.CONFLICT, Set.of(SITE, "nowhere"), SAM)),
                DomainRule.PARTY_UNKNOWN);
    }

    @Test
    void issuesNeedAGovernanceLadder() {
        expectRefused(fixture.given(established()).when(raise("issue-1", IssueType.ISSUE, Set.of(SITE), SAM)),
                DomainRule.NO_GOVERNANCE_LADDER);
    }

    @Test
    void auditorCannotRaiseIssues() {
        expectRefused(fixture.given(governed()).when(raise("issue-1", IssueType.ISSUE, Set.of(SITE), ADA)),
                DomainRule.READ_ONLY_ROLE);
    }

    @Test
    void strangerCannotRaiseIssues() {
        expectRefused(fixture.given(governed()).when(raise("issue-1", IssueType.ISSUE, Set.of(SITE), "mallory")),
                DomainRule.NOT_A_MEMBER);
    }

    @Test
    void raiserMustSpeakForAParty() {
        expectRefused(fixture.given(governed()).when(raise("issue-1", IssueType.ISSUE, Set.of(SITE), CORA)),
                DomainRule.MEMBER_HAS_NO_PARTY);
    }
}
