package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;

/**
 * What waits for {@code username} in the given collaborations (the caller's memberships); {@code now} (null: not
 * judged) is when actions are judged overdue for a live inbox; {@code issuesPerCollaboration} (null: all) keeps the
 * longest-known issues of each collaboration only, for a page that cannot show tens of thousands. Result:
 * {@link Inbox}.
 */
public record FindInbox(String username, List<String> collaborationIds, Instant asOf, Instant now,
                        Integer issuesPerCollaboration) {
    public FindInbox {
        collaborationIds = List.copyOf(collaborationIds);
        if (issuesPerCollaboration != null && issuesPerCollaboration < 1) {
            throw new IllegalArgumentException("issuesPerCollaboration: at least 1, or null for all");
        }
    }

    public FindInbox(String username, List<String> collaborationIds, Instant asOf, Instant now) {
        this(username, collaborationIds, asOf, now, null);
    }

    public FindInbox(String username, List<String> collaborationIds, Instant asOf) {
        this(username, collaborationIds, asOf, null);
    }
}
