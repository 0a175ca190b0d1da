package org.concordia.kernel.issue.query;

/** The answer to {@link CountInbox}: the number of issues on which something waits for the user. */
public record InboxCount(long issues) {
}
