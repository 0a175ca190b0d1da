package org.concordia.kernel.issue;

/** Why a member may not propose, vote or close on an issue. */
public enum RecusalGround {
    /** Their party is involved in the conflict. */
    PARTY_INVOLVED,
    /** They declared a conflict of interest themselves. */
    DECLARED_CONFLICT
}
