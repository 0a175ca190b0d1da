package org.concordia.kernel.collaboration;

/**
 * The share of APPROVE among the votes for or against (APPROVE + REJECT) that adopts a proposal. Abstentions count
 * toward the participation quorum but not here.
 */
public enum Threshold {
    /** More APPROVE than REJECT; a tie is broken by the chair's casting vote where the rule gives one, else rejects. */
    SIMPLE_MAJORITY,
    /** At least two thirds of the votes for or against are APPROVE. */
    TWO_THIRDS,
    /** No REJECT, and at least one APPROVE. */
    UNANIMITY
}
