package org.concordia.query.audit;

import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
    /** Pages of an issue's positions read at once. */
    private static final int PAGES_PER_READ = 8;
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
        return entries(q, issueId -> true);
    }

    /**
     * Audit entries matching the query's filters, lazily, leaving out those of issues that fail {@code issueVisible}
     * (e.g. restricted from the reader); entries of no issue are kept.
     */
    public Stream<AuditEntry> entries(FindAuditTrail q, Predicate<String> issueVisible) {
        Stream<TrackedEventMessage<?>> events = events(q.collaborationId(), q.issueId());
        return events.filter(m -> Positions.of(m.trackingToken()) > q.afterPosition())
                     .filter(m -> q.from() == null || !m.getTimestamp().isBefore(q.from()))
                     .filter(m -> q.to() == null || m.getTimestamp().isBefore(q.to()))
                     .map(AuditEntries::of)
                     .filter(e -> q.actor() == null || q.actor().equals(e.actor()))
                     .filter(e -> e.issueId() == null || issueVisible.test(e.issueId()))
                     .onClose(events::close);
    }

    public AuditTrailPage find(FindAuditTrail q) {
        return find(q, issueId -> true);
    }

    /** A page of {@link #entries(FindAuditTrail, Predicate)}. */
    public AuditTrailPage find(FindAuditTrail q, Predicate<String> issueVisible) {
        try (Stream<AuditEntry> entries = entries(q, issueVisible)) {
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

    /**
     * The issue's pages in order, read a few at a time by {@code _id} until one is missing (pages follow the issue's
     * sequence numbers, so they have no holes); a read model of layout 1 (one document per issue, until its rebuild
     * at start is done) is read as it is.
     */
    private Iterator<Long> issuePositions(String issueId, long upTo) {
        Document first = index.issues().find(Filters.eq("_id", AuditIndexProjection.issuePage(issueId, 0))).first();
        if (first == null) {
            return positionsOf(index.issues().find(Filters.eq("_id", issueId)).first(), upTo).iterator();
        }
        Iterator<Document> pages = new Iterator<>() {
            private final ArrayDeque<Document> ready = new ArrayDeque<>(List.of(first));
            private long nextPage = 1;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && !ended) {
                    readMore();
                }
                return !ready.isEmpty();
            }

            @Override
            public Document next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            private void readMore() {
                List<String> ids = new ArrayList<>();
                for (long k = nextPage; k < nextPage + PAGES_PER_READ; k++) {
                    ids.add(AuditIndexProjection.issuePage(issueId, k));
                }
                nextPage += PAGES_PER_READ;
                Map<String, Document> found = new HashMap<>();
                index.issues().find(Filters.in("_id", ids)).forEach(d -> found.put(d.getString("_id"), d));
                for (String id : ids) {
                    Document page = found.get(id);
                    if (page == null) {
                        ended = true;
                        return;
                    }
                    ready.add(page);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false)
                            .flatMap(page -> positionsOf(page, upTo)).iterator();
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
