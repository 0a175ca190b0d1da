package org.concordia.infra.api;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueRaised;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * Who may see what inside a collaboration, and the look-ups that decide it: membership from the collaboration view,
 * an issue's collaboration from its first event. ({@code If-Match} is {@code web.EntityTags}, the {id, version}
 * answer {@link CommandResponse}.)
 */
@Component
public class ApiSupport {

    private static final int REMEMBERED_ISSUES = 100_000;

    private final CurrentCollaborations collaborations;
    private final EventStore eventStore;
    /** Issue id → collaboration id: fixed at raising, so it can be remembered as long as there is room. */
    private final Map<String, String> issueCollaborations =
            Caffeine.newBuilder().maximumSize(REMEMBERED_ISSUES).<String, String>build().asMap();

    ApiSupport(CurrentCollaborations collaborations, EventStore eventStore) {
        this.collaborations = collaborations;
        this.eventStore = eventStore;
    }

    /**
     * The collaboration as it stands after every committed write; 404 for anyone not a member of it now, so
     * existence never leaks. Never behind a 2xx the caller or anyone else has had.
     */
    public CollaborationView requireMember(String collaborationId, String username) {
        return findCollaboration(collaborationId)
                .filter(view -> view.activeMember(username).isPresent())
                .orElseThrow(NotFound::new);
    }

    public Optional<CollaborationView> findCollaboration(String collaborationId) {
        return collaborations.find(collaborationId);
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
}
