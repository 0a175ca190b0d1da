package org.concordia.kernel.issue;

/** A CONFLICT is a dispute between at least two distinct parties. */
public enum IssueType {
    ISSUE, CONFLICT
}
