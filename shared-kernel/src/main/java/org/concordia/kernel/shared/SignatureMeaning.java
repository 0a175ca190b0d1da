package org.concordia.kernel.shared;

/**
 * What a signer means by an electronic signature (21 CFR 11.50(a)(3)): shown beside the signer's printed name and
 * the time wherever the signed record is displayed or exported.
 */
public enum SignatureMeaning {
    /** Approval of a proposed resolution (an APPROVE vote). */
    APPROVED,
    /** Rejection of a proposed resolution (a REJECT vote). */
    REJECTED,
    /** A deliberate abstention on a proposed resolution (an ABSTAIN vote). */
    ABSTAINED,
    /** Closing an issue after reviewing its decision and completed actions, without asserting effectiveness. */
    REVIEWED,
    /** Closing an issue as resolved, its corrective and preventive actions verified effective. */
    CLOSED_AS_EFFECTIVE,
    /** The tier's chair closing a ballot before every eligible member has voted or its deadline. */
    BALLOT_CLOSED,
    /** The tier's chair closing an issue without a vote (duplicate, not an issue, no action needed). */
    CLOSED_WITHOUT_VOTE,
    /** An independent check found the corrective and preventive actions effective. */
    EFFECTIVENESS_VERIFIED,
    /** An independent check found the corrective and preventive actions not (yet) effective. */
    EFFECTIVENESS_NOT_VERIFIED
}
