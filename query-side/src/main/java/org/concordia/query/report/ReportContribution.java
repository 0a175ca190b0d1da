package org.concordia.query.report;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.SlaPhase;
import org.concordia.kernel.issue.query.OpenConflictReport.SeriousBreachItem;
import org.concordia.kernel.issue.query.OpenConflictReport.SlaBreachedItem;
import org.concordia.query.issue.IssueState;

/**
 * What one issue adds to its collaboration's report counters, derived from its {@link IssueState}. The counters
 * change by (new contribution − old contribution) on every event, so they never need a scan. {@code visibility}:
 * null for an unrestricted issue, else the keys that open it (its contribution is counted apart, see
 * {@link ReportCounters#restricted}).
 */
public record ReportContribution(boolean open, int tier, String severity, String category, List<String> parties,
                                 String raisedDay, Long acknowledgeMillis, Long resolveMillis,
                                 SlaBreachedItem breach, boolean resolvedWithOpenActions, List<String> openActionsDue,
                                 SeriousBreachItem seriousBreach, List<String> visibility) {

    public static final ReportContribution NONE = new ReportContribution(false, 0, null, null, List.of(), null, null,
            null, null, false, List.of(), null, null);

    public ReportContribution {
        openActionsDue = openActionsDue == null ? List.of() : openActionsDue;
    }

    public static ReportContribution of(IssueState s) {
        if (s == null) {
            return NONE;
        }
        boolean open = s.isOpen();
        SlaBreachedItem breach = open && !s.breachedPhases.isEmpty()
                ? new SlaBreachedItem(s.id, s.key, s.tier.level(), (s.breachedPhases.contains(SlaPhase.RESOLVE) ? SlaPhase.RESOLVE : SlaPhase.ACKNOWLEDGE).name(),
                s.lastBreachAt, s.severity.name())
                : null;
        boolean live = s.status != IssueStatus.WITHDRAWN && s.status != IssueStatus.CLOSED;
        List<String> due = live ? s.openActions().stream().map(a -> a.dueOn()).toList() : List.of();
        SeriousBreachItem serious = s.seriousBreach == null || s.status == IssueStatus.WITHDRAWN ? null
                : new SeriousBreachItem(s.id, s.key, s.seriousBreach.flaggedAt(), s.seriousBreach.notifyBy(),
                        s.seriousBreach.reportedAt(), s.seriousBreach.reference(), false);
        return new ReportContribution(open, s.tier.level(), s.severity.name(), s.category.name(),
                List.copyOf(s.involvedParties), LocalDate.ofInstant(s.raisedAt, ZoneOffset.UTC).toString(),
                s.firstAcknowledgedAt == null ? null : Duration.between(s.raisedAt, s.firstAcknowledgedAt).toMillis(),
                s.firstResolvedAt == null ? null : Duration.between(s.raisedAt, s.firstResolvedAt).toMillis(),
                breach, s.status == IssueStatus.RESOLVED && !due.isEmpty(), due, serious,
                s.restrictedToTiers.isEmpty() ? null : s.visibility());
    }

    /** The change an event made: counters subtract {@code before} and add {@code after}. */
    public record Delta(String issueId, ReportContribution before, ReportContribution after) {
        public static Delta of(IssueState before, IssueState after) {
            return new Delta(after.id, ReportContribution.of(before), ReportContribution.of(after));
        }
    }
}
