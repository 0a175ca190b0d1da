package org.concordia.command.collaboration;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.command.directory.PartyFacts;
import org.concordia.command.issue.Issue;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.ChangeMember;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.MemberChanged;
import org.concordia.kernel.collaboration.CollaborationRegistered;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.IssueNumberAllocated;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRegistered;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.collaboration.RemoveMember;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;

/**
 * A multi-party collaboration: its parties, members, governance ladder and the numbering of its issues.
 * Only COORDINATORs change it; any writing member may raise an issue, which creates the Issue aggregate
 * in the same unit of work.
 */
@Revision("2") // 2: decision rules, CAPA and routing state; snapshots of revision 1 are ignored
public class Collaboration {

    @AggregateIdentifier
    private String collaborationId;
    private String key;
    private final Map<String, PartyFacts> parties = new LinkedHashMap<>();
    private final Map<String, MemberFacts> members = new LinkedHashMap<>();
    private int ladderVersion;
    private List<GovernanceTier> ladder = List.of();
    private List<EntryRoute> entryRoutes = List.of();
    private long lastIssueNumber;
    private final Set<String> issueIds = new HashSet<>();

    Collaboration() {
        // for Axon
    }

    // ---------------------------------------------------------------- commands

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterCollaboration command) {
        if (collaborationId != null) {
            throw new DomainRuleViolation(DomainRule.COLLABORATION_KEY_TAKEN,
                    "a collaboration with key " + command.key() + " is already registered");
        }
        ActorContext actor = new ActorContext(command.actor(), null, Set.of());
        apply(new CollaborationRegistered(command.collaborationId(), command.key(), command.name(), command.kind(),
                command.description(), command.coordinator(), actor));
        apply(new MemberAdded(command.collaborationId(), command.coordinator(), null,
                Set.of(MemberRole.COORDINATOR), actor));
    }

    @CommandHandler
    void handle(RegisterParty command) {
        MemberFacts coordinator = requireCoordinator(command.actor());
        if (parties.containsKey(command.partyId())) {
            throw new DomainRuleViolation(DomainRule.PARTY_ALREADY_REGISTERED,
                    "party " + command.partyId() + " is already registered");
        }
        apply(new PartyRegistered(collaborationId, command.partyId(), command.name(), command.role(),
                coordinator.toActor()));
    }

    @CommandHandler
    void handle(AddMember command) {
        MemberFacts coordinator = requireCoordinator(command.actor());
        requirePartyKnown(command.partyId());
        if (members.containsKey(command.username())) {
            throw new DomainRuleViolation(DomainRule.MEMBER_ALREADY_ADDED,
                    command.username() + " is already a member");
        }
        apply(new MemberAdded(collaborationId, command.username(), command.partyId(), command.roles(),
                coordinator.toActor()));
    }

    @CommandHandler
    void handle(RemoveMember command) {
        MemberFacts coordinator = requireCoordinator(command.actor());
        MemberFacts member = members.get(command.username());
        if (member == null) {
            throw new DomainRuleViolation(DomainRule.MEMBER_UNKNOWN, command.username() + " is not a member");
        }
        if (member.isCoordinator() && members.values().stream().filter(MemberFacts::isCoordinator).count() == 1) {
            throw new DomainRuleViolation(DomainRule.LAST_COORDINATOR,
                    command.username() + " is the last coordinator and cannot be removed");
        }
        List<String> seats = ladder.stream().filter(t -> t.members().contains(command.username()))
                                   .map(GovernanceTier::name).toList();
        if (!seats.isEmpty()) {
            throw new DomainRuleViolation(DomainRule.MEMBER_SITS_ON_A_TIER, command.username() + " sits on " + seats
                    + ": redefine the ladder without them first");
        }
        apply(new MemberRemoved(collaborationId, command.username(), command.reason(), coordinator.toActor()));
    }

    @CommandHandler
    void handle(ChangeMember command) {
        MemberFacts coordinator = requireCoordinator(command.actor());
        MemberFacts member = members.get(command.username());
        if (member == null) {
            throw new DomainRuleViolation(DomainRule.MEMBER_UNKNOWN, command.username() + " is not a member");
        }
        requirePartyKnown(command.partyId());
        if (command.partyId().equals(member.partyId()) && command.roles().equals(member.roles())) {
            throw new DomainRuleViolation(DomainRule.MEMBER_UNCHANGED,
                    command.username() + " already has that party and those roles");
        }
        boolean losesCoordinator = member.isCoordinator() && !command.roles().contains(MemberRole.COORDINATOR);
        if (losesCoordinator && members.values().stream().filter(MemberFacts::isCoordinator).count() == 1) {
            throw new DomainRuleViolation(DomainRule.LAST_COORDINATOR,
                    command.username() + " is the last coordinator and must keep the role");
        }
        apply(new MemberChanged(collaborationId, command.username(), member.partyId(), command.partyId(),
                member.roles(), command.roles(), command.reason(), coordinator.toActor()));
    }

    @CommandHandler
    void handle(DefineGovernanceLadder command) {
        MemberFacts coordinator = requireCoordinator(command.actor());
        if (!ladder.isEmpty() && (command.reason() == null || command.reason().isBlank())) {
            throw new DomainRuleViolation(DomainRule.REASON_REQUIRED,
                    "changing the governance ladder (version " + ladderVersion + ") needs a reason");
        }
        for (GovernanceTier tier : command.tiers()) {
            for (String username : tier.members()) {
                if (!members.containsKey(username)) {
                    throw new DomainRuleViolation(DomainRule.TIER_MEMBER_UNKNOWN,
                            username + " of tier " + tier.name() + " is not a member");
                }
            }
        }
        apply(new GovernanceLadderDefined(collaborationId, ladderVersion + 1, command.tiers(), command.entryRoutes(),
                command.reason(), coordinator.toActor()));
    }

    @CommandHandler
    void handle(RaiseIssue command, DeadlineManager deadlineManager) throws Exception {
        MemberFacts raiser = requireWriter(command.actor());
        if (raiser.partyId() == null) {
            throw new DomainRuleViolation(DomainRule.MEMBER_HAS_NO_PARTY,
                    command.actor() + " belongs to no party and cannot raise an issue");
        }
        command.involvedParties().forEach(this::requirePartyKnown);
        if (command.type() == IssueType.CONFLICT && command.involvedParties().size() < 2) {
            throw new DomainRuleViolation(DomainRule.CONFLICT_NEEDS_TWO_PARTIES,
                    "a conflict involves at least two distinct parties");
        }
        if (ladder.isEmpty()) {
            throw new DomainRuleViolation(DomainRule.NO_GOVERNANCE_LADDER,
                    "define a governance ladder before raising issues");
        }
        if (issueIds.contains(command.issueId())) {
            throw new DomainRuleViolation(DomainRule.ISSUE_ALREADY_RAISED,
                    "issue " + command.issueId() + " was already raised");
        }
        if (command.recurrenceOf() != null && !issueIds.contains(command.recurrenceOf())) {
            throw new DomainRuleViolation(DomainRule.RELATED_ISSUE_UNKNOWN,
                    "issue " + command.recurrenceOf() + " is not an issue of collaboration " + key);
        }
        for (String name : command.restrictedToTiers()) {
            if (ladder.stream().noneMatch(t -> t.name().equals(name))) {
                throw new DomainRuleViolation(DomainRule.TIER_UNKNOWN, "the ladder has no tier named " + name);
            }
        }
        EntryTier entry = entryTier(command);
        long number = lastIssueNumber + 1;
        String issueKey = key + "-" + number;
        ActorContext actor = raiser.toActor();
        apply(new IssueNumberAllocated(collaborationId, command.issueId(), number, issueKey, actor));
        IssueRaised raised = new IssueRaised(collaborationId, command.issueId(), issueKey, number, command.type(),
                command.title(), command.description(), command.category(), command.severity(),
                command.involvedParties(), new TierSnapshot(entry.level(), ladderVersion, ladder.get(entry.level() - 1)),
                entry.routing(), command.restrictedToTiers(), command.recurrenceOf(), actor);
        createNew(Issue.class, () -> new Issue(raised, deadlineManager));
    }

    // ---------------------------------------------------------------- policies

    private record EntryTier(int level, String routing) {
    }

    /**
     * The first entry route matching the issue's category and severity places it; none: tier 1. A restricted issue
     * starts no lower than the lowest tier it is restricted to, so that only a named body handles it first.
     */
    private EntryTier entryTier(RaiseIssue command) {
        EntryTier entry = entryRoutes.stream().filter(r -> r.matches(command.category(), command.severity()))
                .findFirst().map(r -> new EntryTier(r.level(), "entry route " + r.describe()))
                .orElse(new EntryTier(1, null));
        if (command.restrictedToTiers().isEmpty()) {
            return entry;
        }
        int lowestNamed = 1;
        while (!command.restrictedToTiers().contains(ladder.get(lowestNamed - 1).name())) {
            lowestNamed++;
        }
        return lowestNamed > entry.level()
                ? new EntryTier(lowestNamed, "restricted to " + command.restrictedToTiers().stream().sorted().toList()
                                             + ": starts at the lowest of them")
                : entry;
    }

    private MemberFacts requireMember(String username) {
        MemberFacts member = members.get(username);
        if (member == null) {
            throw new DomainRuleViolation(DomainRule.NOT_A_MEMBER,
                    username + " is not a member of collaboration " + key);
        }
        return member;
    }

    private MemberFacts requireWriter(String username) {
        MemberFacts member = requireMember(username);
        if (!member.canWrite()) {
            throw new DomainRuleViolation(DomainRule.READ_ONLY_ROLE,
                    username + " has only read-only roles " + member.roles());
        }
        return member;
    }

    private MemberFacts requireCoordinator(String username) {
        MemberFacts member = requireMember(username);
        if (!member.isCoordinator()) {
            throw new DomainRuleViolation(DomainRule.NOT_A_COORDINATOR,
                    "only a coordinator may change collaboration " + key);
        }
        return member;
    }

    private void requirePartyKnown(String partyId) {
        if (!parties.containsKey(partyId)) {
            throw new DomainRuleViolation(DomainRule.PARTY_UNKNOWN, "party " + partyId + " is not registered");
        }
    }

    /** The current facts, for the {@link org.concordia.command.directory.CollaborationDirectory}. */
    CollaborationFacts facts() {
        return new CollaborationFacts(collaborationId, key, members, parties, ladderVersion, ladder);
    }

    // ---------------------------------------------------------------- state

    @EventSourcingHandler
    void on(CollaborationRegistered event) {
        collaborationId = event.collaborationId();
        key = event.key();
    }

    @EventSourcingHandler
    void on(PartyRegistered event) {
        parties.put(event.partyId(), new PartyFacts(event.partyId(), event.name(), event.role()));
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        members.put(event.username(), new MemberFacts(event.username(), event.partyId(), event.roles()));
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.username());
    }

    @EventSourcingHandler
    void on(MemberChanged event) {
        members.put(event.username(), new MemberFacts(event.username(), event.partyId(), event.roles()));
    }

    @EventSourcingHandler
    void on(GovernanceLadderDefined event) {
        ladderVersion = event.ladderVersion();
        ladder = List.copyOf(event.tiers());
        entryRoutes = List.copyOf(event.entryRoutes());
    }

    @EventSourcingHandler
    void on(IssueNumberAllocated event) {
        lastIssueNumber = event.number();
        issueIds.add(event.issueId());
    }
}
