package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.query.PlausibleHistory.Recorded;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Projections as plain objects: handlers called directly, storage in the embedded server. */
class ProjectionsIdempotencyTest {

    private final Mongo mongo = new Mongo();

    @AfterEach
    void close() {
        mongo.close();
    }

    private static void feed(MongoDatabase db, List<Recorded> history, boolean twice) {
        var views = new IssueViewProjection(db);
        var reports = new OpenConflictReportProjection(db);
        var decisions = new DecisionRegisterProjection(db);
        var inboxes = new InboxProjection(db);
        var audit = new AuditIndexProjection(db);
        for (int position = 0; position < history.size(); position++) {
            Recorded r = history.get(position);
            for (int n = 0; n < (twice ? 2 : 1); n++) {
                if (r.payload() instanceof IssueEvent e) {
                    views.on(e, r.seq(), r.at());
                    reports.handle(e, r.seq(), position, r.at());
                    decisions.handle(e, r.seq(), position, r.at());
                    inboxes.handle(e, r.seq(), position, r.at());
                } else if (r.payload() instanceof CollaborationEvent e) {
                    decisions.handle(e, r.seq(), position);
                    inboxes.handle(e, r.seq(), position);
                }
                audit.handle(r.payload(), r.seq(), position);
            }
        }
    }

    @Test
    void applyingEveryEventTwiceChangesNothing() {
        List<Recorded> history = PlausibleHistory.generate(5, 30, 1000);
        MongoDatabase once = mongo.db("once");
        MongoDatabase twice = mongo.db("twice");
        feed(once, history, false);
        feed(twice, history, true);
        assertThat(Mongo.dump(twice)).isEqualTo(Mongo.dump(once));
    }

    /** The five projections over one database, fed event by event at global positions. */
    private record Projections(IssueViewProjection views, OpenConflictReportProjection reports,
                               DecisionRegisterProjection decisions, InboxProjection inboxes,
                               AuditIndexProjection audit) {
        Projections(MongoDatabase db) {
            this(new IssueViewProjection(db), new OpenConflictReportProjection(db), new DecisionRegisterProjection(db),
                    new InboxProjection(db), new AuditIndexProjection(db));
        }

        void handle(Recorded r, int position) {
            if (r.payload() instanceof IssueEvent e) {
                views.on(e, r.seq(), r.at());
                reports.handle(e, r.seq(), position, r.at());
                decisions.handle(e, r.seq(), position, r.at());
                inboxes.handle(e, r.seq(), position, r.at());
            } else if (r.payload() instanceof CollaborationEvent e) {
                decisions.handle(e, r.seq(), position);
                inboxes.handle(e, r.seq(), position);
            }
            audit.handle(r.payload(), r.seq(), position);
        }

        /** Positions [from, to) as one processor batch: one unit of work, written when it commits. */
        void batch(List<Recorded> history, int from, int to) {
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            for (int position = from; position < to; position++) {
                handle(history.get(position), position);
            }
            unitOfWork.commit();
        }
    }

    private static final Set<String> BATCH_DEPENDENT = Set.of("base", "baseSeq", "basePosition");

    @Test
    void batchedWritesEqualEventByEventWrites() {
        List<Recorded> history = PlausibleHistory.generate(17, 25, 900);
        MongoDatabase oneByOne = mongo.db("one");
        MongoDatabase batched = mongo.db("batched");
        feed(oneByOne, history, false);
        Projections projections = new Projections(batched);
        for (int from = 0; from < history.size(); from += 64) {
            projections.batch(history, from, Math.min(from + 64, history.size()));
        }
        assertThat(Mongo.dump(batched, BATCH_DEPENDENT)).isEqualTo(Mongo.dump(oneByOne, BATCH_DEPENDENT));
    }

    /**
     * A batch writes its per-issue documents before the collaboration-level ones; a crash in between leaves the
     * per-issue documents ahead. The redelivered batch must still count every event exactly once.
     */
    @Test
    void aCrashBetweenTheIssueDocumentsAndTheCollaborationDocumentsIsRepairedByTheRedelivery() {
        List<Recorded> history = PlausibleHistory.generate(19, 25, 900);
        MongoDatabase reference = mongo.db("reference");
        feed(reference, history, false);
        List<List<String>> lostWrites = List.of(
                List.of("report_counters", "decision_log", "inbox_members", "audit_index"),
                List.of("inbox_bits", "inbox_members"), // inbox items stored, their bits not
                List.of("report_counters", "decision_log", "decision_pages", "inbox_members", "inbox_items", "inbox_bits",
                        "audit_index", "audit_pages", "issue_views"),
                List.of("issue_list_grams", "issue_list_meta", "issue_views"),
                List.of("issue_views")); // an issue's new comments stored, its head (which counts them) not
        for (List<String> lost : lostWrites) {
            MongoDatabase db = mongo.db("crashed" + lost.size());
            Projections projections = new Projections(db);
            int batch = 100;
            for (int from = 0; from < history.size(); from += batch) {
                int to = Math.min(from + batch, history.size());
                if (from == 400) {
                    Map<String, List<Document>> before = copy(db, lost);
                    projections.batch(history, from, to);
                    before.forEach((name, docs) -> { // the process died before these writes
                        db.getCollection(name).deleteMany(new Document());
                        if (!docs.isEmpty()) {
                            db.getCollection(name).insertMany(docs);
                        }
                    });
                    projections = new Projections(db); // restarted
                }
                projections.batch(history, from, to);
            }
            assertThat(Mongo.dump(db, BATCH_DEPENDENT)).as("lost " + lost)
                    .isEqualTo(Mongo.dump(reference, BATCH_DEPENDENT));
        }
    }

    /**
     * The same crash within one process (the batch's write of the collaboration-level documents failed, the processor
     * redelivers the batch to the same projections): the per-issue states the projections kept from the failed batch
     * (see {@code WriteBatch.Documents#retain}) are those stored, so the redelivery starts again from their base.
     */
    @Test
    void aBatchWhoseCollaborationDocumentsWereNotWrittenIsRepairedByTheRedeliveryToTheSameProjections() {
        List<Recorded> history = PlausibleHistory.generate(19, 25, 900);
        MongoDatabase reference = mongo.db("reference");
        feed(reference, history, false);
        for (List<String> lost : List.of(List.of("report_counters", "decision_log", "inbox_members", "audit_index"),
                List.of("report_counters", "decision_log", "decision_pages", "inbox_members", "inbox_items",
                        "inbox_bits", "audit_index", "audit_pages", "issue_views"))) {
            MongoDatabase db = mongo.db("failed" + lost.size());
            Projections projections = new Projections(db);
            int batch = 100;
            for (int from = 0; from < history.size(); from += batch) {
                int to = Math.min(from + batch, history.size());
                if (from == 400 || from == 600) {
                    Map<String, List<Document>> before = copy(db, lost);
                    projections.batch(history, from, to);
                    before.forEach((name, docs) -> { // these writes failed
                        db.getCollection(name).deleteMany(new Document());
                        if (!docs.isEmpty()) {
                            db.getCollection(name).insertMany(docs);
                        }
                    });
                }
                projections.batch(history, from, to);
            }
            assertThat(Mongo.dump(db, BATCH_DEPENDENT)).as("failed " + lost)
                    .isEqualTo(Mongo.dump(reference, BATCH_DEPENDENT));
        }
    }

    /**
     * Two nodes taking turns on a processor: what one node's projections kept from its own batches is out of date
     * once the other has written later states of the same issues, and must not be taken for them.
     */
    @Test
    void statesKeptByOneNodeAreNotUsedAfterAnotherNodeWroteLaterOnes() {
        List<Recorded> history = PlausibleHistory.generate(23, 20, 900);
        MongoDatabase reference = mongo.db("reference");
        feed(reference, history, false);
        MongoDatabase db = mongo.db("two-nodes");
        Projections first = new Projections(db);
        Projections second = new Projections(db);
        int batch = 50;
        for (int from = 0, turn = 0; from < history.size(); from += batch, turn++) {
            (turn % 3 == 2 ? second : first).batch(history, from, Math.min(from + batch, history.size()));
        }
        assertThat(Mongo.dump(db, BATCH_DEPENDENT)).isEqualTo(Mongo.dump(reference, BATCH_DEPENDENT));
    }

    private static Map<String, List<Document>> copy(MongoDatabase db, List<String> collections) {
        Map<String, List<Document>> copy = new java.util.LinkedHashMap<>();
        for (String name : collections) {
            List<Document> docs = new java.util.ArrayList<>();
            db.getCollection(name).find().forEach(docs::add);
            copy.put(name, docs);
        }
        return copy;
    }

    @Test
    void aRedeliveryOfAnOlderEventAfterLaterOnesChangesNothing() {
        List<Recorded> history = PlausibleHistory.generate(9, 10, 300);
        MongoDatabase db = mongo.db("late");
        feed(db, history, false);
        var before = Mongo.dump(db);
        var reports = new OpenConflictReportProjection(db);
        for (int position = 0; position < 150; position++) {
            if (history.get(position).payload() instanceof IssueEvent e) {
                reports.handle(e, history.get(position).seq(), position, history.get(position).at());
            }
        }
        assertThat(Mongo.dump(db)).isEqualTo(before);
    }

    @Test
    void anIssueEventArrivingBehindItsCollaborationFailsInsteadOfBeingSkipped() {
        List<Recorded> history = PlausibleHistory.generate(13, 5, 120);
        MongoDatabase db = mongo.db("misordered");
        var reports = new OpenConflictReportProjection(db);
        int firstIssue = -1;
        for (int position = 0; position < history.size(); position++) {
            if (history.get(position).payload() instanceof IssueEvent && firstIssue < 0) {
                firstIssue = position; // held back, as if in another segment
                continue;
            }
            if (history.get(position).payload() instanceof IssueEvent e && !e.issueId().equals(
                    ((IssueEvent) history.get(firstIssue).payload()).issueId())) {
                reports.handle(e, history.get(position).seq(), position, history.get(position).at());
                break;
            }
        }
        Recorded late = history.get(firstIssue);
        int position = firstIssue;
        assertThatThrownBy(() -> reports.handle((IssueEvent) late.payload(), late.seq(), position, late.at()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CollaborationSequencingPolicy");
    }
}
