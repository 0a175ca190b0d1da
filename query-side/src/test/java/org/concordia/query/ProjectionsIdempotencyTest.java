package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import java.util.List;
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
                audit.handle(r.payload(), position);
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
