package org.concordia.kernel.issue.query;

import java.util.List;

/**
 * How many issues wait for {@code username} in the given collaborations (the caller's memberships), without the
 * items themselves: for a navigation badge. Result: {@link InboxCount}.
 */
public record CountInbox(String username, List<String> collaborationIds) {
    public CountInbox {
        collaborationIds = List.copyOf(collaborationIds);
    }
}
