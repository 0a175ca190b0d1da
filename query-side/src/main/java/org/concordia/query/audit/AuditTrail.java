package org.concordia.query.audit;

import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.bson.Document;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.Json;
import org.concordia.query.support.Positions;

/**
 * Reads the audit trail from the event store's global order: the positions the audit index knows (fetched in
 * batches by position), then everything after the index's own position for this collaboration, read straight
 * from the event log — so the trail is complete even while the index is behind. Everything is a lazy stream:
 * memory stays constant however long the trail.
 */
public final class AuditTrail {

    static final int BATCH = 500;
    private final AuditIndexProjection index;
    private final EventLog log;

    public AuditTrail(AuditIndexProjection index, EventLog log) {
        this.index = index;
        this.log = log;
    }

    /**
     * Every event of the collaboration (or of one issue) in position order; the caller closes the stream.
     * {@link AuditEntries#ACCOUNTS_TRAIL} instead of a collaboration id reads the account events.
     */
    public Stream<TrackedEventMessage<?>> events(String collaborationId, String issueId) {
        CollaborationCursor.Loaded<AuditIndexProjection.Meta> meta = index.meta(collaborationId);
        long indexedUpTo = meta.lastPosition;
        Iterator<Long> positions = issueId != null ? issuePositions(issueId, indexedUpTo)
                : collaborationPositions(collaborationId, meta.state.count, indexedUpTo);
        Stream<TrackedEventMessage<?>> indexed = StreamSupport.stream(Spliterators.spliteratorUnknownSize(
                batches(positions), Spliterator.ORDERED), false).flatMap(batch -> log.readPositions(batch).stream());
        Predicate<TrackedEventMessage<?>> mine = m -> collaborationId.equals(AuditEntries.trailOf(m.getPayload()))
                && (issueId == null || issueId.equals(AuditEntries.issueOf(m.getPayload())));
        Stream<TrackedEventMessage<?>> tail = Stream.of(0).flatMap(x -> log.readFrom(indexedUpTo)).filter(mine);
        return Stream.concat(indexed.filter(mine), tail);
    }

    /** Audit entries matching the query's filters, lazily. */
    public Stream<AuditEntry> entries(FindAuditTrail q) {
        Stream<TrackedEventMessage<?>> events = events(q.collaborationId(), q.issueId());
        return events.filter(m -> Positions.of(m.trackingToken()) > q.afterPosition())
                     .filter(m -> q.from() == null || !m.getTimestamp().isBefore(q.from()))
                     .filter(m -> q.to() == null || m.getTimestamp().isBefore(q.to()))
                     .map(AuditEntries::of)
                     .filter(e -> q.actor() == null || q.actor().equals(e.actor()))
                     .onClose(events::close);
    }

    public AuditTrailPage find(FindAuditTrail q) {
        try (Stream<AuditEntry> entries = entries(q)) {
            List<AuditEntry> page = entries.limit(q.limit() + 1L).toList();
            if (page.size() <= q.limit()) {
                return new AuditTrailPage(page, null);
            }
            List<AuditEntry> items = page.subList(0, q.limit());
            return new AuditTrailPage(List.copyOf(items), items.get(items.size() - 1).position());
        }
    }

    public static final String[] CSV_HEADER = {"position", "eventId", "type", "occurredAt", "actor", "actorParty",
            "collaborationId", "issueId", "summary", "reason", "data"};

    /**
     * RFC 4180 CSV, one row per entry, {@code data} as a JSON string; streamed. Safe to open in a spreadsheet:
     * every cell quoted, and none that would run as a formula (see {@link SpreadsheetSafeCells}).
     */
    public static long writeCsv(Stream<AuditEntry> entries, Writer out) {
        try {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER)
                                                                  .setQuoteMode(QuoteMode.ALL_NON_NULL).get());
            long[] rows = {0};
            entries.forEach(e -> {
                try {
                    csv.printRecord(Stream.of(e.position(), e.eventId(), e.type(), e.occurredAt(), e.actor(),
                                              e.actorParty(), e.collaborationId(), e.issueId(), e.summary(),
                                              e.reason(), Json.write(e.data()))
                                          .map(SpreadsheetSafeCells::cell));
                    rows[0]++;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            csv.flush();
            return rows[0];
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A JSON array of entries; streamed. */
    public static long writeJson(Stream<AuditEntry> entries, OutputStream out) {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            long[] rows = {0};
            json.writeStartArray();
            entries.forEach(e -> {
                try {
                    json.writeObject(e);
                    rows[0]++;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            json.writeEndArray();
            return rows[0];
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Iterator<Long> collaborationPositions(String collaborationId, long count, long upTo) {
        long pages = (count + AuditIndexProjection.PAGE - 1) / AuditIndexProjection.PAGE;
        return Stream.iterate(0L, k -> k < pages, k -> k + 1)
                     .flatMap(k -> positionsOf(index.pages().find(
                             Filters.eq("_id", collaborationId + "|" + k)).first(), upTo))
                     .iterator();
    }

    private Iterator<Long> issuePositions(String issueId, long upTo) {
        return positionsOf(index.issues().find(Filters.eq("_id", issueId)).first(), upTo).iterator();
    }

    private static Stream<Long> positionsOf(Document doc, long upTo) {
        if (doc == null) {
            return Stream.empty();
        }
        return doc.getList("positions", Number.class).stream().map(Number::longValue).filter(p -> p <= upTo)
                  .sorted();
    }

    private static Iterator<List<Long>> batches(Iterator<Long> positions) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return positions.hasNext();
            }

            @Override
            public List<Long> next() {
                List<Long> batch = new ArrayList<>(BATCH);
                while (positions.hasNext() && batch.size() < BATCH) {
                    batch.add(Objects.requireNonNull(positions.next()));
                }
                return batch;
            }
        };
    }
}
