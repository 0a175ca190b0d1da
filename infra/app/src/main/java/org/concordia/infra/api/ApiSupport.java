package org.concordia.infra.api;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.issue.IssueRaised;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every command endpoint does around its command: visibility, If-Match, and the {id, version} answer. */
@Component
public class ApiSupport {

    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"(\\d{1,18})\"$");
    private static final int REMEMBERED_ISSUES = 100_000;

    private final QueryGateway queries;
    private final EventStore eventStore;
    /** Issue id → collaboration id: fixed at raising, so it can be remembered forever (bounded, LRU). */
    private final Map<String, String> issueCollaborations = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_ISSUES;
                }
            });

    ApiSupport(QueryGateway queries, EventStore eventStore) {
        this.queries = queries;
        this.eventStore = eventStore;
    }

    /** The collaboration as its member sees it; 404 for anyone else, so existence never leaks. */
    public CollaborationView requireMember(String collaborationId, String username) {
        return findCollaboration(collaborationId)
                .filter(view -> view.activeMember(username).isPresent())
                .orElseThrow(NotFound::new);
    }

    public Optional<CollaborationView> findCollaboration(String collaborationId) {
        return queries.query(FindCollaboration.now(collaborationId),
                             ResponseTypes.optionalInstanceOf(CollaborationView.class)).join();
    }

    /** 404 unless the issue exists and belongs to this collaboration. */
    public void requireIssueIn(String collaborationId, String issueId) {
        if (!collaborationId.equals(collaborationOf(issueId).orElse(null))) {
            throw new NotFound();
        }
    }

    private Optional<String> collaborationOf(String issueId) {
        String known = issueCollaborations.get(issueId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> collaborationId = eventStore.readEvents(issueId, 0).asStream().findFirst()
                .map(DomainEventMessage::getPayload)
                .filter(IssueRaised.class::isInstance)
                .map(raised -> ((IssueRaised) raised).collaborationId());
        collaborationId.ifPresent(id -> issueCollaborations.put(issueId, id));
        return collaborationId;
    }

    /** {@code If-Match: "7"} → 7; absent → null; anything else is a 400 naming the header. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = ETAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("If-Match: must be an entity tag such as \"7\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    public static ResponseEntity<CommandResponse> ok(String id, long version) {
        return ResponseEntity.ok().eTag(Long.toString(version)).body(new CommandResponse(id, version));
    }

    public static ResponseEntity<CommandResponse> created(String location, String id, long version) {
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(location))
                             .eTag(Long.toString(version)).body(new CommandResponse(id, version));
    }
}
