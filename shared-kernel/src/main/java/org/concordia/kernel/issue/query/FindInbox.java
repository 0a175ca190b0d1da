package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;

/** What waits for {@code username} in the given collaborations (the caller's memberships). Result: {@link Inbox}. */
public record FindInbox(String username, List<String> collaborationIds, Instant asOf) {
    public FindInbox {
        collaborationIds = List.copyOf(collaborationIds);
    }
}
