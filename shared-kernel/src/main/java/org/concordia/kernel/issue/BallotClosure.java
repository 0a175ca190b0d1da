package org.concordia.kernel.issue;

/** Why a ballot closed. */
public enum BallotClosure {
    /** Every eligible member had voted. */
    ALL_VOTED,
    /** The tier's chair closed it early (signed). */
    CLOSED_BY_CHAIR,
    /** Its voting period ran out. */
    DEADLINE,
    /** Recusals or removals left too few eligible members to reach the participation quorum. */
    QUORUM_UNREACHABLE,
    /** Decided before decision rules: adopted at the quorum-th APPROVE, or rejected once that was out of reach. */
    APPROVALS_COUNTED
}
