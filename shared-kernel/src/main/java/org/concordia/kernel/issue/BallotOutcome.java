package org.concordia.kernel.issue;

/** What a ballot decided. NO_QUORUM: too few eligible members took part (or could still take part). */
public enum BallotOutcome {
    ADOPTED, REJECTED, NO_QUORUM
}
