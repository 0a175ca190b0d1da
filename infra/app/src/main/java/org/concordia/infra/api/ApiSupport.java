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
import java.util.Set;

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
    /** Issue id → how it was raised: fixed at raising, so it can be remembered as long as there is room. */
    private final Map<String, IssueOrigin> issueOrigins =
            Caffeine.newBuilder().maximumSize(REMEMBERED_ISSUES).<String, IssueOrigin>build().asMap();

    /** What raising fixed for an issue's whole life: its collaboration, its raiser and the tiers it is restricted to. */
    public record IssueOrigin(String collaborationId, String raisedBy, Set<String> restrictedToTiers) {
    }

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
        requireOriginIn(collaborationId, issueId);
    }

    /** How the issue was raised; 404 unless it exists and belongs to this collaboration. */
    public IssueOrigin requireOriginIn(String collaborationId, String issueId) {
        return originOf(issueId).filter(origin -> origin.collaborationId().equals(collaborationId))
                                .orElseThrow(NotFound::new);
    }

    private Optional<IssueOrigin> originOf(String issueId) {
        IssueOrigin known = issueOrigins.get(issueId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<IssueOrigin> origin = eventStore.readEvents(issueId, 0).asStream().findFirst()
                .map(DomainEventMessage::getPayload)
                .filter(IssueRaised.class::isInstance)
                .map(IssueRaised.class::cast)
                .map(raised -> new IssueOrigin(raised.collaborationId(), raised.actor().username(),
                                               raised.restrictedToTiers()));
        origin.ifPresent(o -> issueOrigins.put(issueId, o));
        return origin;
    }
}
