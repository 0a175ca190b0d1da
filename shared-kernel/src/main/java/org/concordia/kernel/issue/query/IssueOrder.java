package org.concordia.kernel.issue.query;

/**
 * The order of an issue list: newest raised first (the default), oldest first, most severe first (newest first
 * within a severity), SLA due soonest first (issues without a running SLA clock last), or most recent activity (its
 * last event) first. Ties, and the issues without a due time, go newest first.
 */
public enum IssueOrder {
    NEWEST, OLDEST, SEVERITY, DUE, ACTIVITY
}
