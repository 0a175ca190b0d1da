package org.concordia.kernel.shared;

/**
 * Every rule of the current state that can refuse a command has a name. A refused command throws
 * {@link DomainRuleViolation} carrying one of these; the HTTP layer maps it to a 409 problem whose
 * detail names the rule.
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
    ACTIONS_STILL_OPEN
}
