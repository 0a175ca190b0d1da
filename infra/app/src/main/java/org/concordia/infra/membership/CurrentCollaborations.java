package org.concordia.infra.membership;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.CollaborationRegistered;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;
import org.concordia.query.collaboration.CollaborationFold;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collaborations as their own events stand now: the one source of every membership decision (who may see or do
 * anything inside a collaboration). Each answer folds the Collaboration aggregate's events up to the last one
 * committed, so a request that follows a 2xx is always judged on a state that includes it, on any node. The fold
 * is the read model's own ({@link CollaborationFold}); a remembered state is brought up to date by reading the
 * stream after its version (a key lookup that finds nothing when nothing changed), and a cold one continues from
 * the stored view, which is the same fold up to some version. Lists of a member's collaborations come from here too
 * ({@link #collaborationsOf}), from the read model.
 */
@Component
public class CurrentCollaborations {

    private static final int REMEMBERED = 1_024;

    private final EventStore eventStore;
    private final QueryGateway queries;
    private final Map<String, CollaborationView> known =
            Caffeine.newBuilder().maximumSize(REMEMBERED).<String, CollaborationView>build().asMap();

    CurrentCollaborations(EventStore eventStore, QueryGateway queries) {
        this.eventStore = eventStore;
        this.queries = queries;
    }

    /** The collaboration with every committed event applied; empty when there is none with this id. */
    public Optional<CollaborationView> find(String collaborationId) {
        CollaborationView remembered = known.get(collaborationId);
        CollaborationView from = remembered != null ? remembered : storedView(collaborationId);
        CollaborationView current = foldNewer(collaborationId, from);
        if (current != null && current != remembered) {
            known.merge(collaborationId, current, (kept, fresh) -> fresh.version() >= kept.version() ? fresh : kept);
        }
        return Optional.ofNullable(current);
    }

    /**
     * The collaborations {@code username} is an active member of, for lists (the collaborations, the inbox, the
     * workspace's list and badge), from the read model ({@link FindCollaborationsOfMember}): it may lag a membership
     * change by the projection's delay. Each is not confirmed by the fold, which would cost an event-store read per
     * collaboration per request; every decision inside one is {@link #activeMember}'s (see docs/security.md,
     * "Membership").
     */
    public List<CollaborationSummary> collaborationsOf(String username) {
        return queries.query(new FindCollaborationsOfMember(username),
                             ResponseTypes.multipleInstancesOf(CollaborationSummary.class)).join();
    }

    /** The caller's active membership now, if any. */
    public Optional<CollaborationView.Member> activeMember(String collaborationId, String username) {
        return find(collaborationId).flatMap(view -> view.activeMember(username));
    }

    private CollaborationView storedView(String collaborationId) {
        return queries.query(FindCollaboration.now(collaborationId),
                             ResponseTypes.optionalInstanceOf(CollaborationView.class))
                      .join()
                      .filter(view -> view.id().equals(collaborationId))
                      .orElse(null);
    }

    private CollaborationView foldNewer(String collaborationId, CollaborationView view) {
        DomainEventStream events = eventStore.readEvents(collaborationId, view == null ? 0 : view.version() + 1);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!(event.getPayload() instanceof CollaborationEvent change)
                || (view == null && !(change instanceof CollaborationRegistered))) {
                return view; // another aggregate's stream (an issue id in the place of a collaboration id)
            }
            view = CollaborationFold.next(view, change, event.getSequenceNumber(), event.getTimestamp());
        }
        return view;
    }
}
