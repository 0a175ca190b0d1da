package org.concordia.query.decision;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.DecisionRegister.Entry;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.IssueStateStore;
import org.concordia.query.support.Json;
import org.concordia.query.support.Positions;
import org.concordia.query.support.WriteBatch;

/**
 * Read model "decisions": {@code decision_log} {@code {_id: cid, json: DecisionLog}}, entries in
 * {@code decision_pages} {@code {_id: "<cid>|<k>", json: [entries]}} of {@value #PAGE}, and per-issue working
 * state in {@code decision_issues}. Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(DecisionRegisterProjection.GROUP)
public class DecisionRegisterProjection {

    private final WriteBatch batch;

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public static final String GROUP = "decisions";
    static final int PAGE = 200;
    private static final TypeReference<List<Stored>> PAGE_TYPE = new TypeReference<>() {
    };

    /** An entry with the position that recorded it (to make the append idempotent). */
    public record Stored(long position, Entry entry) {
    }

    private final IssueStateStore issues;
    private final CollaborationCursor<DecisionLog> logs;
    private final MongoCollection<Document> pages;
    private final WriteBatch.Documents<StoredPage> pageDocuments;

    /** A page of the register, decoded once per batch. */
    private record StoredPage(String id, String collaborationId, List<Stored> entries) {
        static StoredPage decode(Document doc) {
            return new StoredPage(doc.getString("_id"), doc.getString("collaborationId"),
                    new ArrayList<>(Json.MAPPER.convertValue(Json.read(doc.getString("json"), List.class), PAGE_TYPE)));
        }

        Document encode() {
            return new Document("_id", id).append("collaborationId", collaborationId).append("json", Json.writeState(entries));
        }
    }

    public DecisionRegisterProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.issues = new IssueStateStore(batch, db, "decision_issues");
        this.pages = db.getCollection("decision_pages");
        this.pageDocuments = batch.collection(pages, StoredPage::decode, StoredPage::encode);
        this.logs = new CollaborationCursor<>(batch, db, "decision_log", DecisionLog.class, DecisionLog::new);
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at, TrackingToken token) {
        handle(event, seq, Positions.of(token), at);
    }

    @EventHandler
    public void on(CollaborationEvent event, @SequenceNumber Long seq, TrackingToken token) {
        handle(event, seq, Positions.of(token));
    }

    public void handle(CollaborationEvent event, long seq, long position) {
        CollaborationCursor.Loaded<DecisionLog> log = logs.load(event.collaborationId());
        if (seq > log.collaborationSeq && logs.shouldApply(log, position, true, GROUP)) {
            log.state.members.apply(event);
            log.collaborationSeq = seq;
            log.lastPosition = position;
            logs.save(log);
        }
    }

    public void handle(IssueEvent event, long seq, long position, Instant at) {
        CollaborationCursor.Loaded<DecisionLog> log = logs.load(event.collaborationId());
        issues.advance(event, seq, position, at, log.lastPosition, DecisionLog::openProposals,
                DecisionLog::effectOf, DecisionLog.Effect.class).ifPresent(step -> {
            if (!logs.shouldApply(log, position, step.fresh(), GROUP)) {
                return;
            }
            if (step.effect().entry() != null) {
                long index = log.state.count;
                Entry entry = log.state.record(step.effect());
                append(event.collaborationId(), index, new Stored(position, entry));
            }
            log.lastPosition = position;
            logs.save(log);
        });
    }

    private void append(String collaborationId, long index, Stored stored) {
        String pageId = collaborationId + "|" + index / PAGE;
        StoredPage doc = pageDocuments.find(pageId);
        StoredPage page = doc != null ? doc : new StoredPage(pageId, collaborationId, new ArrayList<>());
        if (page.entries().stream().anyMatch(s -> s.position() == stored.position())) {
            return; // written before a crash, the log document was not: do not append twice
        }
        page.entries().add(stored);
        pageDocuments.put(pageId, page);
    }

    @ResetHandler
    public void reset() {
        issues.clear();
        logs.clear();
        pages.deleteMany(new Document());
    }

    public DecisionRegister find(String collaborationId) {
        return find(collaborationId, null);
    }

    /** The register as a viewer holding {@code viewerKeys} (null: everything) may see it. */
    public DecisionRegister find(String collaborationId, java.util.Set<String> viewerKeys) {
        long count = logs.read(collaborationId).state.count;
        List<String> ids = LongStream.range(0, (count + PAGE - 1) / PAGE)
                .mapToObj(k -> collaborationId + "|" + k).toList();
        List<Stored> all = new ArrayList<>();
        for (Document doc : pages.find(Filters.in("_id", ids))) {
            all.addAll(Json.MAPPER.convertValue(Json.read(doc.getString("json"), List.class), PAGE_TYPE));
        }
        all.sort(java.util.Comparator.comparingLong(Stored::position));
        return new DecisionRegister(collaborationId, all.stream().map(Stored::entry).limit(count)
                .filter(entry -> DecisionLog.visible(entry, viewerKeys)).toList());
    }
}
