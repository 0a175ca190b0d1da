package org.concordia.query.report;

import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.concordia.query.support.Json;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.IssueStateStore;
import org.concordia.query.support.Positions;
import org.concordia.query.support.WriteBatch;

/**
 * Read model "issue-reports": per collaboration one counters document ({@code report_counters}, {@code _id} =
 * collaboration id) answered by a single {@code _id} lookup; per issue its working state
 * ({@code report_issues}). Each event changes the counters by the difference of the issue's contribution.
 * Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(OpenConflictReportProjection.GROUP)
public class OpenConflictReportProjection {

    private final WriteBatch batch;

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public static final String GROUP = "issue-reports";

    static final String CHUNKS = "report_asof_chunks";
    static final String SNAPSHOTS = "report_asof_snapshots";

    private final IssueStateStore issues;
    private final MongoCollection<Document> chunkCollection;
    private final MongoCollection<Document> snapshotCollection;
    private final WriteBatch.Documents<Chunk> chunks;
    private final WriteBatch.Documents<Document> snapshots;
    private final CollaborationCursor<ReportCounters> counters;

    /** One logged event: its global position, timestamp and what it changed in the counters. */
    public record Logged(long p, Instant at, ReportContribution.Delta d) {
    }

    /** A chunk of a collaboration's as-of log ({@link AsOfLog}): {@code {_id: "<cid>|<chunk>", json: [Logged]}}. */
    private record Chunk(String id, List<Logged> entries) {
        static Chunk decode(Document doc) {
            return new Chunk(doc.getString("_id"), new ArrayList<>(List.of(Json.read(doc.getString("json"),
                    Logged[].class))));
        }

        Document encode() {
            return new Document("_id", id).append("json", Json.writeState(entries));
        }
    }

    public OpenConflictReportProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.issues = new IssueStateStore(batch, db, "report_issues");
        // the as-of log before the counters document, which says how far it goes (a crash in between leaves
        // entries beyond it, which the redelivered batch replaces)
        this.chunkCollection = db.getCollection(CHUNKS);
        this.snapshotCollection = db.getCollection(SNAPSHOTS);
        this.chunks = batch.collection(chunkCollection, Chunk::decode, Chunk::encode);
        this.snapshots = batch.collection(snapshotCollection, d -> d, d -> d);
        this.counters = new CollaborationCursor<>(batch, db, "report_counters", ReportCounters.class,
                ReportCounters::new);
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at, TrackingToken token) {
        handle(event, seq, Positions.of(token), at);
    }

    /** The handler with the global position explicit (used by the event handler and by plain-object tests). */
    public void handle(IssueEvent event, long seq, long position, Instant at) {
        CollaborationCursor.Loaded<ReportCounters> c = counters.load(event.collaborationId());
        issues.advance(event, seq, position, at, c.lastPosition, ReportContribution::of,
                        (before, after) -> new ReportContribution.Delta(after.id, before, ReportContribution.of(after)),
                        ReportContribution.Delta.class)
              .ifPresent(step -> {
                  if (counters.shouldApply(c, position, step.fresh(), GROUP)) {
                      c.state.apply(step.effect());
                      // an event that changes nothing in the counters (most comments) has nothing to replay as of an
                      // instant: logging it would make every comment rewrite its chunk, a cost growing with the chunk
                      if (!step.effect().before().equals(step.effect().after())) {
                          log(c, step.effect(), position, at);
                      }
                      c.lastPosition = position;
                      counters.save(c);
                  }
              });
    }

    /** Appends the event's change to the collaboration's as-of log, and takes a snapshot when one is due. */
    private void log(CollaborationCursor.Loaded<ReportCounters> c, ReportContribution.Delta delta, long position,
                     Instant at) {
        AsOfLog log = c.state.asOf != null ? c.state.asOf : (c.state.asOf = new AsOfLog());
        String id = c.collaborationId + "|" + log.chunkOfNext();
        Chunk chunk = chunks.find(id);
        List<Logged> entries = chunk == null ? new ArrayList<>() : new ArrayList<>(chunk.entries());
        entries.removeIf(e -> e.p() >= position); // left by a batch whose counters document was never stored
        Logged logged = new Logged(position, at, delta);
        entries.add(logged);
        chunks.put(id, new Chunk(id, entries));
        if (log.logged(at, Json.writeState(logged).length()) && log.snapshotDue()) {
            String snapshot = snapshotOf(c.state);
            int boundary = (int) (log.folded / AsOfLog.CHUNK);
            snapshots.put(c.collaborationId + "|" + boundary, new Document("_id", c.collaborationId + "|" + boundary)
                    .append("position", position).append("json", snapshot));
            log.snapshotTaken(snapshot.length());
        }
    }

    private static String snapshotOf(ReportCounters counters) {
        AsOfLog log = counters.asOf;
        counters.asOf = null;
        try {
            return Json.writeState(counters);
        } finally {
            counters.asOf = log;
        }
    }

    @ResetHandler
    public void reset() {
        issues.clear();
        chunkCollection.deleteMany(new Document());
        snapshotCollection.deleteMany(new Document());
        counters.clear();
    }

    /**
     * The report as it stood at {@code asOf}: the nearest snapshot at or before it and the logged changes after
     * that up to it ({@link AsOfLog#range}) — three {@code _id} look-ups (counters, snapshot, chunks by {@code $in})
     * whatever the length of the history. Empty when the log cannot answer exactly: the collaboration has no log
     * (no issue events folded yet, or a data directory from before the log), or the instant falls between two
     * events of one issue stored out of timestamp order (a later event of an issue at or before the instant after
     * an earlier one after it), where the changes logged do not compose: the caller then folds the events itself.
     * Events not yet folded by this projection are not in it, as in {@link #find}.
     */
    public java.util.Optional<OpenConflictReport> findAsOf(String collaborationId, Instant asOf, Instant now,
                                                           java.util.Set<String> viewerKeys) {
        return countersAsOf(collaborationId, asOf).map(c -> c.toReport(collaborationId, now, viewerKeys));
    }

    /** The counters as they stood at {@code asOf}; see {@link #findAsOf}. */
    public java.util.Optional<ReportCounters> countersAsOf(String collaborationId, Instant asOf) {
        CollaborationCursor.Loaded<ReportCounters> live = counters.read(collaborationId);
        AsOfLog log = live.state.asOf;
        if (log == null) {
            return java.util.Optional.empty();
        }
        AsOfLog.Range range = log.range(asOf);
        ReportCounters state;
        if (range.from() == 0) {
            state = new ReportCounters();
        } else {
            Document snapshot = snapshotCollection.find(Filters.eq("_id", collaborationId + "|" + range.from()))
                    .first();
            if (snapshot == null) {
                return java.util.Optional.empty();
            }
            state = Json.read(snapshot.getString("json"), ReportCounters.class);
        }
        if (range.to() < range.from()) {
            return java.util.Optional.of(state);
        }
        List<String> ids = new ArrayList<>();
        for (int k = range.from(); k <= range.to(); k++) {
            ids.add(collaborationId + "|" + k);
        }
        java.util.Map<String, Chunk> found = new java.util.HashMap<>();
        for (Document doc : chunkCollection.find(Filters.in("_id", ids))) {
            found.put(doc.getString("_id"), Chunk.decode(doc));
        }
        java.util.Set<String> leftOut = new java.util.HashSet<>();
        for (String id : ids) {
            Chunk chunk = found.get(id);
            if (chunk == null) {
                return java.util.Optional.empty();
            }
            for (Logged e : chunk.entries()) {
                if (e.p() > live.lastPosition) {
                    break; // left by a batch that did not complete
                }
                if (e.at().isAfter(asOf)) {
                    leftOut.add(e.d().issueId());
                } else if (leftOut.contains(e.d().issueId())) {
                    return java.util.Optional.empty(); // its change was logged on top of one left out
                } else {
                    state.apply(e.d());
                }
            }
        }
        return java.util.Optional.of(state);
    }

    public OpenConflictReport find(String collaborationId, Instant now) {
        return find(collaborationId, now, null);
    }

    /** The report of the issues a viewer holding {@code viewerKeys} (null: every issue) may see. */
    public OpenConflictReport find(String collaborationId, Instant now, java.util.Set<String> viewerKeys) {
        return counters.read(collaborationId).state.toReport(collaborationId, now, viewerKeys);
    }
}
