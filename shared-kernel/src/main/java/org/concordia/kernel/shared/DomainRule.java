package org.concordia.kernel.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every rule that can refuse a command has a name. A refused command throws {@link DomainRuleViolation}
 * carrying one of these; the HTTP layer maps it to a problem naming the rule: 403 for a rule about who may
 * act ({@link #decidesWhoMayAct()}), 409 for a rule of the current state.
 */
public enum DomainRule {
    // who may act
    NOT_A_MEMBER,
    NOT_A_COORDINATOR,
    READ_ONLY_ROLE,
    NOT_A_TIER_MEMBER,
    NOT_A_TIER_MEMBER_OR_COORDINATOR,
    NOT_ALLOWED_TO_ESCALATE,
    NOT_THE_RAISER,
    NOT_THE_ACTION_OWNER,
    MEMBER_HAS_NO_PARTY,
    // collaboration state
    COLLABORATION_KEY_TAKEN,
    PARTY_UNKNOWN,
    PARTY_ALREADY_REGISTERED,
    MEMBER_ALREADY_ADDED,
    MEMBER_UNKNOWN,
    LAST_COORDINATOR,
    TIER_MEMBER_UNKNOWN,
    NO_GOVERNANCE_LADDER,
    ISSUE_ALREADY_RAISED,
    CONFLICT_NEEDS_TWO_PARTIES,
    // issue lifecycle
    ISSUE_NOT_ACKNOWLEDGED,
    ISSUE_ALREADY_ACKNOWLEDGED,
    ISSUE_NOT_RESOLVED,
    ISSUE_ALREADY_RESOLVED,
    ISSUE_WITHDRAWN,
    ISSUE_CLOSED,
    TOP_TIER_REACHED,
    OWNER_NOT_A_MEMBER,
    SEVERITY_UNCHANGED,
    CANNOT_LINK_TO_ITSELF,
    LINK_ALREADY_EXISTS,
    ID_ALREADY_USED,
    // proposals and votes
    PROPOSAL_ALREADY_OPEN,
    NO_OPEN_PROPOSAL,
    PROPOSAL_UNKNOWN,
    VOTER_RECUSED,
    ALREADY_VOTED,
    QUORUM_ALREADY_REACHED,
    // CAPA actions
    ACTION_UNKNOWN,
    ACTION_ALREADY_COMPLETED,
    ACTIONS_STILL_OPEN,
    // user accounts
    USERNAME_TAKEN,
    ACCOUNT_DISABLED,
    ACCOUNT_ALREADY_DISABLED,
    ACCOUNT_ALREADY_ENABLED,
    ALREADY_ADMINISTRATOR,
    NOT_AN_ADMINISTRATOR,
    OWN_ACCESS_UNCHANGEABLE,
    NOT_A_PASSWORD_ACCOUNT;

    /** The caller's membership, roles or relation to the matter do not allow the act, whatever the state. */
    private static final Set<DomainRule> WHO_MAY_ACT = EnumSet.of(
            NOT_A_MEMBER, NOT_A_COORDINATOR, READ_ONLY_ROLE, NOT_A_TIER_MEMBER, NOT_A_TIER_MEMBER_OR_COORDINATOR,
            NOT_ALLOWED_TO_ESCALATE, NOT_THE_RAISER, NOT_THE_ACTION_OWNER, MEMBER_HAS_NO_PARTY);

    /** Whether this rule is about who may act (forbidden to this caller) rather than about the current state. */
    public boolean decidesWhoMayAct() {
        return WHO_MAY_ACT.contains(this);
    }
}
