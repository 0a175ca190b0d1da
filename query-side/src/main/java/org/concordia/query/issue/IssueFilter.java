package org.concordia.query.issue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;

/** The list filters and paging, shared by the live list and the as-of rebuild. */
public final class IssueFilter {

    private IssueFilter() {
    }

    public static boolean matchesFields(FindIssues q, IssueSummary s) {
        return (q.status() == null || q.status() == s.status())
                && (q.tier() == null || q.tier() == s.tier())
                && (q.severity() == null || q.severity() == s.severity())
                && (q.category() == null || q.category() == s.category())
                && (q.party() == null || s.involvedParties().contains(q.party()));
    }

    public static boolean matches(FindIssues q, IssueState s) {
        return matchesFields(q, s.toSummary()) && (q.text() == null || q.text().isBlank()
                || IssueListPages.searchText(s.title, s.description).contains(q.text().toLowerCase(Locale.ROOT)));
    }

    /** The page of {@code matching} in the query's order. */
    public static <T> IssuePage page(FindIssues q, List<T> matching, Function<T, IssueSummary> toSummary) {
        List<IssueSummary> sorted = matching.stream().map(toSummary).sorted(order(q.order())).toList();
        int from = (int) Math.min((long) q.page() * q.size(), sorted.size());
        int to = Math.min(from + q.size(), sorted.size());
        return new IssuePage(sorted.subList(from, to), q.page(), q.size(), sorted.size());
    }

    /**
     * The list's orders; ties go newest (highest number) first. {@code DUE}: soonest SLA due first, the issues
     * without a running clock last; {@code ACTIVITY}: most recent last event first.
     */
    public static Comparator<IssueSummary> order(IssueOrder order) {
        Comparator<IssueSummary> newest = Comparator.comparingLong(IssueSummary::number).reversed();
        return switch (order) {
            case NEWEST -> newest;
            case OLDEST -> Comparator.comparingLong(IssueSummary::number);
            case SEVERITY -> Comparator.comparing(IssueSummary::severity).reversed().thenComparing(newest);
            case DUE -> Comparator.comparing(IssueSummary::slaDueAt, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(newest);
            case ACTIVITY -> Comparator.comparing(IssueSummary::lastActivityAt,
                    Comparator.nullsLast(Comparator.<Instant>reverseOrder())).thenComparing(newest);
        };
    }
}
