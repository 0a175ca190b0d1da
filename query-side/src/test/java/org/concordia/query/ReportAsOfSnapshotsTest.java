package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.query.PlausibleHistory.Recorded;
import org.concordia.query.asof.CollaborationModel;
import org.concordia.query.report.AsOfLog;
import org.concordia.query.report.OpenConflictReportProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report as of an instant read from a snapshot and the changes logged after it equals the report of every
 * event at or before the instant folded from the start, whatever the instant: before the first event, on and
 * around every event (so on, just before and just after every chunk and snapshot boundary), after the last.
 */
class ReportAsOfSnapshotsTest {

    private static final String CID = PlausibleHistory.CID;
    private final Mongo mongo = new Mongo();

    @AfterEach
    void close() {
        mongo.close();
    }

    private static OpenConflictReportProjection feed(MongoDatabase db, List<Recorded> history) {
        OpenConflictReportProjection reports = new OpenConflictReportProjection(db);
        for (int from = 0; from < history.size(); from += 100) { // in batches, as a tracking processor feeds it
            var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
            for (int position = from; position < Math.min(from + 100, history.size()); position++) {
                Recorded r = history.get(position);
                if (r.payload() instanceof IssueEvent e) {
                    reports.handle(e, r.seq(), position, r.at());
                }
            }
            unitOfWork.commit();
        }
        return reports;
    }

    private static OpenConflictReport fullReplay(List<Recorded> history, Instant asOf) {
        CollaborationModel model = new CollaborationModel(CID);
        history.stream().filter(r -> !r.at().isAfter(asOf)).forEach(r -> model.apply(r.payload(), r.seq(), r.at()));
        return model.report(asOf);
    }

    @Test
    void theReportAsOfAnyInstantFromSnapshotsEqualsAFullReplay() {
        List<Recorded> history = PlausibleHistory.generate(11, 40, 1500);
        MongoDatabase db = mongo.db("asof");
        OpenConflictReportProjection reports = feed(db, history);
        assertThat(db.getCollection("report_asof_snapshots").countDocuments()).isGreaterThanOrEqualTo(3);

        TreeSet<Instant> instants = new TreeSet<>();
        instants.add(history.get(0).at().minusSeconds(1));
        instants.add(history.get(history.size() - 1).at().plus(Duration.ofDays(1)));
        // on, just before and just after every issue event: every chunk boundary among them (only the events that
        // change the counters are logged, so where the boundaries fall is the projection's business)
        for (Recorded r : history) {
            if (r.payload() instanceof IssueEvent) {
                instants.add(r.at());
                instants.add(r.at().minusNanos(1));
                instants.add(r.at().plusMillis(1));
            }
        }
        // the history is in timestamp order: the full replay of each instant is the previous one's plus its events
        CollaborationModel model = new CollaborationModel(CID);
        int next = 0;
        for (Instant asOf : instants) {
            while (next < history.size() && !history.get(next).at().isAfter(asOf)) {
                Recorded r = history.get(next++);
                model.apply(r.payload(), r.seq(), r.at());
            }
            assertThat(reports.findAsOf(CID, asOf, asOf, null)).as("as of " + asOf)
                    .contains(model.report(asOf));
        }
    }

    @Test
    void eventsStoredOutOfTimestampOrderGiveTheFullReplaysAnswerOrNone() {
        List<Recorded> history = new ArrayList<>(PlausibleHistory.generate(23, 20, 800));
        Random random = new Random(5);
        for (int i = 0; i + 1 < history.size(); i++) { // neighbours' timestamps swapped, and some moved an hour
            Recorded a = history.get(i);
            Recorded b = history.get(i + 1);
            if (random.nextInt(4) == 0) {
                history.set(i, new Recorded(a.aggregateType(), a.aggregateId(), a.seq(), a.payload(), b.at()));
                history.set(i + 1, new Recorded(b.aggregateType(), b.aggregateId(), b.seq(), b.payload(), a.at()));
            } else if (random.nextInt(50) == 0) {
                history.set(i, new Recorded(a.aggregateType(), a.aggregateId(), a.seq(), a.payload(),
                        a.at().plus(Duration.ofHours(random.nextBoolean() ? 1 : -1))));
            }
        }
        OpenConflictReportProjection reports = feed(mongo.db("skewed"), history);
        int answered = 0;
        for (int i = 0; i < history.size(); i += 20) {
            for (Instant asOf : List.of(history.get(i).at(), history.get(i).at().minusNanos(1))) {
                Optional<OpenConflictReport> fromSnapshots = reports.findAsOf(CID, asOf, asOf, null);
                if (fromSnapshots.isPresent()) {
                    answered++;
                    assertThat(fromSnapshots.get()).as("as of " + asOf).isEqualTo(fullReplay(history, asOf));
                }
            }
        }
        assertThat(answered).as("answered from snapshots").isGreaterThan(history.size() / 20);
    }

    @Test
    void anAsOfReadStartsFromTheNearestSnapshotAndReadsOnlyTheChunksUpToTheInstant() {
        List<Recorded> history = PlausibleHistory.generate(11, 40, 1500);
        MongoDatabase db = mongo.db("range");
        feed(db, history);
        String json = db.getCollection("report_counters").find().first().getString("json");
        AsOfLog log = org.concordia.query.support.Json.read(json, org.concordia.query.report.ReportCounters.class).asOf;
        assertThat(log.minAt).hasSize((int) ((log.folded + AsOfLog.CHUNK - 1) / AsOfLog.CHUNK));
        int k = log.snapshots.get(log.snapshots.size() / 2);
        // just after the last event before the boundary: the snapshot at it, nothing after it (or one chunk)
        Instant end = Instant.ofEpochMilli(log.maxAt.get(k - 1));
        assertThat(log.snapshots).contains(k);
        // the counters are read from snapshot k and at most a chunk or two after it
        AsOfLog.Range range = log.range(end);
        assertThat(range.from()).isEqualTo(k);
        assertThat(range.to() - range.from()).isLessThanOrEqualTo(1);
        assertThat(log.range(history.get(0).at().minusSeconds(1))).isEqualTo(new AsOfLog.Range(0, -1));
    }
}
