package org.concordia.kernel.issue;

/** Why an issue was closed without a vote. */
public enum Dismissal {
    /** It duplicates another issue (linked). */
    DUPLICATE,
    /** On review it is not an issue. */
    NOT_AN_ISSUE,
    /** It is an issue, but no action is needed. */
    NO_ACTION_NEEDED
}
