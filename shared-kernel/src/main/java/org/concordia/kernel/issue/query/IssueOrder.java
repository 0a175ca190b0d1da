package org.concordia.kernel.issue.query;

/** The order of an issue list: newest raised first (the default), oldest first, or most severe first (newest first within a severity). */
public enum IssueOrder {
    NEWEST, OLDEST, SEVERITY
}
