package org.concordia.infra.api.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEventData;
import org.concordia.infra.api.issue.Viewers;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.FeedVisibility;
import org.concordia.infra.security.UserAccounts;
import org.concordia.kernel.collaboration.IssueNumberAllocated;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The integrations' {@link FeedVisibility}, decided by {@link Viewers} as every view decides it: an administrator sees
 * every entry (as the feed already shows them every collaboration); anyone else no entry of an issue restricted from
 * them in its collaboration (an issue's events, and the allocation of its number), and every other entry. Someone not
 * an active member of the collaboration sees none of its issues' entries.
 */
@Component
class RestrictedIssueFeedVisibility implements FeedVisibility {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBER_ALLOCATED = CloudEventMapper.typeOf(IssueNumberAllocated.class);

    private final Viewers viewers;
    private final UserAccounts users;

    RestrictedIssueFeedVisibility(Viewers viewers, UserAccounts users) {
        this.viewers = viewers;
        this.users = users;
    }

    @Override
    public Predicate<FeedEntry> of(String username) {
        if (users.find(username).map(UserAccounts.Account::admin).orElse(false)) {
            return entry -> true;
        }
        return ofMember(username);
    }

    /** For a caller known not to be an administrator, or whose being one is decided elsewhere. */
    Predicate<FeedEntry> ofMember(String username) {
        Map<String, Predicate<String>> issuesByCollaboration = new HashMap<>();
        return entry -> {
            String issueId = issueOf(entry);
            if (entry.collaborationId() == null || issueId == null) {
                return true;
            }
            return issuesByCollaboration.computeIfAbsent(entry.collaborationId(), cid -> viewers.ofMember(cid, username)
                    .map(viewer -> viewers.issuesVisibleTo(cid, viewer))
                    .orElse(id -> false)).test(issueId);
        };
    }

    /** The issue an entry is about: the subject of an issue's event, or the issue whose number was allocated. */
    static String issueOf(FeedEntry entry) {
        if (entry.collaborationId() == null) {
            return null; // account events: their subject is a username
        }
        if (entry.event().getSubject() != null) {
            return entry.event().getSubject();
        }
        if (NUMBER_ALLOCATED.equals(entry.event().getType())) {
            CloudEventData data = entry.event().getData();
            try {
                JsonNode id = data == null ? null : JSON.readTree(data.toBytes()).get("issueId");
                return id == null || !id.isTextual() ? null : id.asText();
            } catch (IOException unreadable) {
                return "?"; // no issue the caller could be shown to see: hidden unless they see everything
            }
        }
        return null;
    }
}
