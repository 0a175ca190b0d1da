package org.concordia.query.report;

import com.mongodb.client.MongoDatabase;
import java.time.Instant;
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

    private final IssueStateStore issues;
    private final CollaborationCursor<ReportCounters> counters;

    public OpenConflictReportProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.issues = new IssueStateStore(batch, db, "report_issues");
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
                      c.lastPosition = position;
                      counters.save(c);
                  }
              });
    }

    @ResetHandler
    public void reset() {
        issues.clear();
        counters.clear();
    }

    public OpenConflictReport find(String collaborationId, Instant now) {
        return find(collaborationId, now, null);
    }

    /** The report of the issues a viewer holding {@code viewerKeys} (null: every issue) may see. */
    public OpenConflictReport find(String collaborationId, Instant now, java.util.Set<String> viewerKeys) {
        return counters.read(collaborationId).state.toReport(collaborationId, now, viewerKeys);
    }
}
