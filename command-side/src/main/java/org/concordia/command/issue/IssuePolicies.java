package org.concordia.command.issue;


import java.util.Optional;
import java.util.Set;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
/**
 * The rules every command of an {@link Issue} checks, named after what they require: who may act (membership, roles,
 * the tier's body and chair, recusal, restriction) and the state the issue must be in. Each refusal throws the
 * violated {@link DomainRule}. Part of the Issue aggregate (its class hierarchy), package-private.
 */
abstract class IssuePolicies extends IssueAggregateState {

    static final String ACKNOWLEDGE_DEADLINE = "issue-acknowledge-sla";
    static final String RESOLVE_DEADLINE = "issue-resolve-sla";
    static final String BALLOT_DEADLINE = "issue-ballot-deadline";


    MemberFacts requireWriter(CollaborationDirectory directory, String username) {
        return requireWriter(directory.factsOf(collaborationId), username);
    }

    MemberFacts requireWriter(CollaborationFacts facts, String username) {
        MemberFacts member = requireMember(facts, username);
        if (!member.canWrite()) {
            throw violation(DomainRule.READ_ONLY_ROLE, username + " has only read-only roles " + member.roles());
        }
        return member;
    }

    /**
     * A member who may see the issue: for a restricted one, the raiser, a member of its current body or of a tier it
     * is restricted to (in the ladder in force). Auditors see it too, but they change nothing.
     */
    MemberFacts requireMember(CollaborationFacts facts, String username) {
        MemberFacts member = facts.member(username).orElseThrow(() -> violation(DomainRule.NOT_A_MEMBER,
                username + " is not a member of the collaboration"));
        if (!restrictedToTiers.isEmpty() && !username.equals(raiser) && !isTierMember(facts, member)
                && facts.ladder().stream().noneMatch(t -> restrictedToTiers.contains(t.name())
                                                          && t.members().contains(username))) {
            throw violation(DomainRule.RESTRICTED_ISSUE, "the issue is restricted to " + restrictedToTiers);
        }
        return member;
    }

    /**
     * The body at the issue's level of the ladder in force: who sits on it and who chairs it now judge who may
     * acknowledge, propose, close, dismiss, decide an extension or see a restricted issue (ballots, once open, keep
     * the body frozen when they opened; the SLA clocks keep the durations of the tier as the issue entered it).
     * If the ladder in force no longer has this level, the tier as the issue entered it.
     */
    GovernanceTier bodyInForce(CollaborationFacts facts) {
        return facts.tier(tier.level()).orElse(tier).tier();
    }

    boolean isTierMember(CollaborationFacts facts, MemberFacts member) {
        return bodyInForce(facts).members().contains(member.username());
    }

    void requireTierMember(CollaborationFacts facts, MemberFacts member) {
        if (!isTierMember(facts, member)) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER, member.username() + " does not sit on "
                    + bodyInForce(facts).name() + " (tier " + tier.level() + ")");
        }
    }

    void requireTierMemberOrCoordinator(CollaborationFacts facts, MemberFacts member) {
        if (!isTierMember(facts, member) && !member.isCoordinator()) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR,
                    member.username() + " neither sits on " + bodyInForce(facts).name() + " nor is a coordinator");
        }
    }

    /** The chair of the issue's tier in the ladder in force. */
    void requireChair(CollaborationFacts facts, MemberFacts member) {
        requireChair(member, bodyInForce(facts));
    }

    void requireChair(MemberFacts member, GovernanceTier body) {
        if (body.chair() == null) {
            throw violation(DomainRule.TIER_HAS_NO_CHAIR, body.name() + " has no chair: define one in the ladder");
        }
        if (!body.chair().equals(member.username())) {
            throw violation(DomainRule.NOT_THE_CHAIR, "only " + body.chair() + ", who chairs " + body.name()
                    + ", may do this");
        }
    }

    void requireNotRecused(MemberFacts member) {
        recusalOf(member.username(), member.partyId()).ifPresent(recusal -> {
            throw violation(DomainRule.ACTOR_RECUSED, member.username() + " is recused: " + describe(recusal));
        });
    }

    /** Why {@code username} (of {@code partyId}) may not propose, vote or close here, if they may not. */
    Optional<Recusal> recusalOf(String username, String partyId) {
        return recusalOf(username, partyId, involvedParties);
    }

    Optional<Recusal> recusalOf(String username, String partyId, Set<String> parties) {
        if (declaredConflicts.containsKey(username)) {
            return Optional.of(new Recusal(username, partyId, RecusalGround.DECLARED_CONFLICT,
                    declaredConflicts.get(username)));
        }
        if (type == IssueType.CONFLICT && partyId != null && parties.contains(partyId)) {
            return Optional.of(new Recusal(username, partyId, RecusalGround.PARTY_INVOLVED, null));
        }
        return Optional.empty();
    }

    static String describe(Recusal recusal) {
        return recusal.ground() == RecusalGround.DECLARED_CONFLICT
                ? "declared a conflict of interest (" + recusal.reason() + ")"
                : "party " + recusal.partyId() + " is involved in the conflict";
    }

    void requireOpenProposal(String proposalId) {
        ProposalState state = proposals.get(proposalId);
        if (state == null) {
            throw violation(DomainRule.PROPOSAL_UNKNOWN, "no proposal " + proposalId + " on this issue");
        }
        if (state == ProposalState.ADOPTED) {
            throw violation(DomainRule.QUORUM_ALREADY_REACHED, "proposal " + proposalId + " was already adopted");
        }
        if (state != ProposalState.OPEN) {
            throw violation(DomainRule.NO_OPEN_PROPOSAL, "proposal " + proposalId + " is " + state);
        }
    }

    void requireActionsToVerify() {
        if (actions.values().stream().noneMatch(CapaAction::counts)) {
            throw violation(DomainRule.NO_ACTIONS_TO_VERIFY, "there is no corrective or preventive action whose "
                    + "effectiveness could be verified");
        }
    }

    void requireNotWithdrawn() {
        if (status == IssueStatus.WITHDRAWN) {
            throw violation(DomainRule.ISSUE_WITHDRAWN, "the issue was withdrawn");
        }
    }

    void requireNotClosedOrWithdrawn() {
        requireNotWithdrawn();
        if (status == IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_CLOSED, "the issue is closed");
        }
    }

    void requireUnresolved() {
        requireNotClosedOrWithdrawn();
        if (status == IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_ALREADY_RESOLVED, "the issue is already resolved");
        }
    }

    void requireUnusedId(String id) {
        if (usedIds.contains(id)) {
            throw violation(DomainRule.ID_ALREADY_USED, "id " + id + " is already used on this issue");
        }
    }

    static DomainRuleViolation violation(DomainRule rule, String detail) {
        return new DomainRuleViolation(rule, detail);
    }
}
