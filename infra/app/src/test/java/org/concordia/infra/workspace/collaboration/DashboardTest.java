package org.concordia.infra.workspace.collaboration;

import org.concordia.infra.workspace.support.Format;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void countsEveryBreachButListsTheFiftyLongestOverdue() {
        // breach i happened i hours ago: the longest overdue are the highest numbers
        List<OpenConflictReport.SlaBreachedItem> breached = IntStream.rangeClosed(1, 120)
                .mapToObj(i -> new OpenConflictReport.SlaBreachedItem("i-" + i, "K-" + i, 1, "ACKNOWLEDGE",
                        NOW.minus(Duration.ofHours(i)), "HIGH"))
                .toList();
        OpenConflictReport report = new OpenConflictReport("c", 120, Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), breached, null, null, 0, 0, 0, List.of());
        CollaborationView collaboration = new CollaborationView("c", "K", "Trial", CollaborationKind.CLINICAL_TRIAL,
                null, NOW, "cora", List.of(), List.of(), null, 120, 1);

        Dashboard dashboard = Dashboard.of(report, collaboration, NOW, false, new Format());

        assertThat(dashboard.breachedTotal()).isEqualTo(120);
        assertThat(dashboard.breaches()).hasSize(Dashboard.BREACHES_LISTED);
        assertThat(dashboard.breaches().get(0).key()).isEqualTo("K-120");
        assertThat(dashboard.breaches().get(49).key()).isEqualTo("K-71");
    }
}
