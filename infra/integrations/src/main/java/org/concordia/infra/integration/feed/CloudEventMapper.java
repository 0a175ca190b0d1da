package org.concordia.infra.integration.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.account.AccountEvent;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.shared.ActorContext;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * Maps a stored event to its CloudEvent (spec 1.0), the one shape the feed, the stream, webhooks and Kafka publish.
 * <ul>
 *   <li>{@code id} the event identifier, {@code source} {@code /collaborations/{cid}}, {@code type}
 *       {@code org.concordia.<EventName>.v<revision>}, {@code subject} the issue id (issue events only), {@code time}
 *       the event's timestamp, {@code datacontenttype} application/json, {@code data} the event record as JSON;</li>
 *   <li>extensions: {@code position} (feed position), {@code collaborationid}, {@code aggregateid} and
 *       {@code aggregateversion} (the aggregate's sequence number: per-aggregate order), {@code actor} (username,
 *       {@code system} for SLA actions) and {@code actorparty} (the party the actor acted for, when there is one).</li>
 * </ul>
 * Numbers are CloudEvents Integers (JSON numbers; the spec's Integer is 32-bit, which positions and versions stay
 * within: the SDK would write a Long as a string).
 */
public final class CloudEventMapper {

    public static final String TYPE_PREFIX = "org.concordia.";
    public static final String POSITION = "position";
    public static final String COLLABORATION_ID = "collaborationid";
    public static final String AGGREGATE_ID = "aggregateid";
    public static final String AGGREGATE_VERSION = "aggregateversion";
    public static final String ACTOR = "actor";
    public static final String ACTOR_PARTY = "actorparty";
    /**
     * Events that belong to no collaboration — the account events, whose {@code subject} is the username — come from
     * the system as a whole. Such entries have no collaboration id, so the feed and the stream show them to
     * administrators only, and webhooks (each bound to one collaboration) never deliver them.
     */
    static final URI SYSTEM_SOURCE = URI.create("/concordia");

    private static final JsonFormat FORMAT = new JsonFormat();

    /**
     * The event record's components as JSON, as the schemas describe them: ISO-8601 instants, no convenience
     * accessors (e.g. {@code isSystem()}); durations as ISO-8601 strings, as the HTTP API and the schemas have them.
     */
    private final ObjectMapper dataMapper = JsonMapper.builder()
                                                      .addModule(new JavaTimeModule())
                                                      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                                                      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                                                      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                                                      .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                                                      .build();

    /** {@code org.concordia.<EventName>.v<revision>} of an event class (revision "0" when it has none). */
    public static String typeOf(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return TYPE_PREFIX + eventClass.getSimpleName() + ".v" + (revision == null ? "0" : revision.value());
    }

    /** The collaboration an event belongs to, or null. */
    public static String collaborationIdOf(Object payload) {
        if (payload instanceof IssueEvent issue) {
            return issue.collaborationId();
        }
        if (payload instanceof CollaborationEvent collaboration) {
            return collaboration.collaborationId();
        }
        return null;
    }

    public CloudEvent toCloudEvent(EventMessage<?> event, long position) {
        Object payload = event.getPayload();
        String collaborationId = collaborationIdOf(payload);
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.getIdentifier())
                .withSource(collaborationId == null ? SYSTEM_SOURCE : URI.create("/collaborations/" + collaborationId))
                .withType(typeOf(payload.getClass()))
                .withTime(event.getTimestamp().atOffset(ZoneOffset.UTC))
                .withData("application/json", data(payload))
                .withExtension(POSITION, Math.toIntExact(position));
        if (payload instanceof IssueEvent issue) {
            builder.withSubject(issue.issueId());
        } else if (payload instanceof AccountEvent account) {
            builder.withSubject(account.username());
        }
        if (collaborationId != null) {
            builder.withExtension(COLLABORATION_ID, collaborationId);
        }
        if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            builder.withExtension(AGGREGATE_ID, domain.getAggregateIdentifier())
                   .withExtension(AGGREGATE_VERSION, Math.toIntExact(domain.getSequenceNumber()));
        }
        ActorContext actor = actorOf(payload);
        if (actor != null) {
            builder.withExtension(ACTOR, actor.username());
            if (actor.partyId() != null) {
                builder.withExtension(ACTOR_PARTY, actor.partyId());
            }
        }
        return builder.build();
    }

    /** Structured-mode JSON of one CloudEvent (the SDK's JSON format). */
    public static byte[] serialize(CloudEvent event) {
        return FORMAT.serialize(event);
    }

    public static String serializeToString(CloudEvent event) {
        return new String(FORMAT.serialize(event), StandardCharsets.UTF_8);
    }

    public static CloudEvent deserialize(String json) {
        return FORMAT.deserialize(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ActorContext actorOf(Object payload) {
        if (payload instanceof IssueEvent issue) {
            return issue.actor();
        }
        if (payload instanceof CollaborationEvent collaboration) {
            return collaboration.actor();
        }
        if (payload instanceof AccountEvent account) {
            return account.actor();
        }
        return null;
    }

    private byte[] data(Object payload) {
        try {
            return dataMapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + payload.getClass().getName() + " as JSON", e);
        }
    }
}
