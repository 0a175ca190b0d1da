package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.Set;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;

public record IssueSummary(String id, String key, long number, IssueType type, String title, IssueCategory category,
                           Severity severity, IssueStatus status, int tier, String owner, Set<String> involvedParties,
                           Instant raisedAt, Instant slaDueAt, long version) {
}
