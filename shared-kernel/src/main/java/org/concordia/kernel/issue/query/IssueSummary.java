package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.Set;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;

/**
 * A line of the issue list; {@code restricted}: visible only to named tiers; {@code seriousBreach}: flagged as one;
 * {@code lastActivityAt}: when its last event was recorded.
 */
public record IssueSummary(String id, String key, long number, IssueType type, String title, IssueCategory category,
                           Severity severity, IssueStatus status, int tier, String owner, Set<String> involvedParties,
                           Instant raisedAt, Instant slaDueAt, long version, boolean restricted,
                           boolean seriousBreach, Instant lastActivityAt) {

    public IssueSummary(String id, String key, long number, IssueType type, String title, IssueCategory category,
                        Severity severity, IssueStatus status, int tier, String owner, Set<String> involvedParties,
                        Instant raisedAt, Instant slaDueAt, long version) {
        this(id, key, number, type, title, category, severity, status, tier, owner, involvedParties, raisedAt,
             slaDueAt, version, false, false, null);
    }
}
