package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;

/**
 * What waits for {@code username} in the given collaborations (the caller's memberships); {@code now} (null: not
 * judged) is when actions are judged overdue for a live inbox. Result: {@link Inbox}.
 */
public record FindInbox(String username, List<String> collaborationIds, Instant asOf, Instant now) {
    public FindInbox {
        collaborationIds = List.copyOf(collaborationIds);
    }

    public FindInbox(String username, List<String> collaborationIds, Instant asOf) {
        this(username, collaborationIds, asOf, null);
    }
}
