package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.axonframework.common.DateTimeUtils.formatInstant;
import static org.axonframework.common.DateTimeUtils.parseInstant;

/**
 * The stored shape of a commit: one MongoDB document per unit of work.
 * <pre>
 * { _id: firstPosition, last: lastPosition, committedAt: ISO-8601, streams: ["aggId#seq", ...],
 *   events: [ { eventId, timestamp, aggregateType, aggregateId, sequence, payloadType, payloadRevision,
 *               payload, metaData } ] }
 * </pre>
 * A void commit has {@code void: true} and no events. A non-domain event (published without an aggregate) is
 * stored the way Axon's JDBC engine stores it: no aggregate type, its event id as aggregate id, sequence 0, and no
 * stream key.
 */
final class CommitDocument {

    static final String LAST = "last";
    static final String COMMITTED_AT = "committedAt";
    static final String STREAMS = "streams";
    static final String EVENTS = "events";
    static final String VOID = "void";
    static final String EVENT_ID = "eventId";
    static final String TIMESTAMP = "timestamp";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String AGGREGATE_ID = "aggregateId";
    static final String SEQUENCE = "sequence";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";

    private CommitDocument() {
    }

    static String streamKey(String aggregateId, long sequence) {
        return aggregateId + "#" + sequence;
    }

    static Document of(long firstPosition, Instant committedAt, List<? extends EventMessage<?>> events,
                       Serializer serializer) {
        List<Document> eventDocuments = new ArrayList<>(events.size());
        List<String> streams = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            Document stored = eventDocument(event, serializer);
            eventDocuments.add(stored);
            if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getType() != null) {
                streams.add(streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()));
            }
        }
        Document commit = new Document("_id", firstPosition)
                .append(LAST, firstPosition + events.size() - 1)
                .append(COMMITTED_AT, formatInstant(committedAt));
        if (!streams.isEmpty()) {
            // Left out when empty: the unique index is sparse, and an empty array would be indexed as one key.
            commit.append(STREAMS, streams);
        }
        return commit.append(EVENTS, eventDocuments);
    }

    static Document voidCommit(long firstPosition, long lastPosition, Instant at) {
        return new Document("_id", firstPosition)
                .append(LAST, lastPosition)
                .append(COMMITTED_AT, formatInstant(at))
                .append(VOID, true)
                .append(EVENTS, List.of());
    }

    private static Document eventDocument(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        Document stored = new Document(EVENT_ID, event.getIdentifier())
                .append(TIMESTAMP, formatInstant(event.getTimestamp()));
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getType() != null) {
            stored.append(AGGREGATE_TYPE, domainEvent.getType())
                  .append(AGGREGATE_ID, domainEvent.getAggregateIdentifier())
                  .append(SEQUENCE, domainEvent.getSequenceNumber());
        } else {
            stored.append(AGGREGATE_ID, event.getIdentifier()).append(SEQUENCE, 0L);
        }
        return stored.append(PAYLOAD_TYPE, payload.getType().getName())
                     .append(PAYLOAD_REVISION, payload.getType().getRevision())
                     .append(PAYLOAD, payload.getData())
                     .append(META_DATA, metaData.getData());
    }

    static Document snapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document stored = eventDocument(snapshot, serializer);
        stored.put("_id", snapshot.getAggregateIdentifier());
        return stored;
    }

    static GenericDomainEventEntry<String> toSnapshotEntry(Document snapshot) {
        return entry(snapshot);
    }

    static long firstPosition(Document commit) {
        return commit.get("_id", Number.class).longValue();
    }

    static long lastPosition(Document commit) {
        return commit.get(LAST, Number.class).longValue();
    }

    static Instant committedAt(Document commit) {
        return parseInstant(commit.getString(COMMITTED_AT));
    }

    static boolean isVoid(Document commit) {
        return commit.getBoolean(VOID, false);
    }

    static List<Document> events(Document commit) {
        return commit.getList(EVENTS, Document.class, List.of());
    }

    static List<GenericDomainEventEntry<String>> domainEntriesOf(Document commit, String aggregateId) {
        List<GenericDomainEventEntry<String>> entries = new ArrayList<>();
        for (Document event : events(commit)) {
            if (aggregateId.equals(event.getString(AGGREGATE_ID)) && event.getString(AGGREGATE_TYPE) != null) {
                entries.add(entry(event));
            }
        }
        return entries;
    }

    /** The commit as the {@link CommitLog} shows it. */
    static CommitLog.StoredCommit toStored(Document commit) {
        long first = firstPosition(commit);
        List<Document> stored = events(commit);
        List<CommitLog.StoredEvent> events = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Document event = stored.get(i);
            Number sequence = event.get(SEQUENCE, Number.class);
            events.add(new CommitLog.StoredEvent(first + i, event.getString(EVENT_ID), event.getString(AGGREGATE_TYPE),
                                                 event.getString(AGGREGATE_ID), sequence == null ? 0 : sequence.longValue(),
                                                 event.getString(PAYLOAD_TYPE), event.getString(PAYLOAD_REVISION),
                                                 event.getString(TIMESTAMP), event.getString(PAYLOAD),
                                                 event.getString(META_DATA)));
        }
        return new CommitLog.StoredCommit(first, lastPosition(commit), committedAt(commit), isVoid(commit),
                                          List.copyOf(events));
    }

    static TrackedDomainEventData<String> trackedEntry(Document event, TrackingToken token) {
        return new TrackedDomainEventData<>(token, entry(event));
    }

    private static GenericDomainEventEntry<String> entry(Document event) {
        return new GenericDomainEventEntry<>(event.getString(AGGREGATE_TYPE),
                                             event.getString(AGGREGATE_ID),
                                             event.get(SEQUENCE, Number.class).longValue(),
                                             event.getString(EVENT_ID),
                                             event.getString(TIMESTAMP),
                                             event.getString(PAYLOAD_TYPE),
                                             event.getString(PAYLOAD_REVISION),
                                             event.getString(PAYLOAD),
                                             event.getString(META_DATA));
    }
}
