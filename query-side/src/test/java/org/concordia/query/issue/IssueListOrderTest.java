package org.concordia.query.issue;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.UuidRepresentation;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.kernel.shared.ActorContext;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The issue list in each order, paged, from the bitset index and from an in-memory list alike. */
class IssueListOrderTest {

    private static final String CID = "c-1";
    private static final GovernanceTier WG = new GovernanceTier("WG", List.of("sam"), Duration.ofDays(2),
            Duration.ofDays(20), 1);
    private static final ActorContext SAM = new ActorContext("sam", "site", Set.of());
    /** Issue n's severity: K-1 LOW, K-2 CRITICAL, K-3 MEDIUM, K-4 CRITICAL, K-5 HIGH, K-6 LOW, K-7 MEDIUM. */
    private static final Severity[] SEVERITIES = {Severity.LOW, Severity.CRITICAL, Severity.MEDIUM, Severity.CRITICAL,
                                                  Severity.HIGH, Severity.LOW, Severity.MEDIUM};

    private final MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)));
    private final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
            .uuidRepresentation(UuidRepresentation.STANDARD).build());
    private final MongoDatabase db = client.getDatabase("order");
    private final List<IssueSummary> all = new ArrayList<>();

    @BeforeEach
    void raise() {
        IssueViewProjection views = new IssueViewProjection(db);
        for (int n = 1; n <= SEVERITIES.length; n++) {
            views.on(new IssueRaised(CID, "i-" + n, "K-" + n, n, IssueType.ISSUE, "Issue " + n, "text",
                    IssueCategory.OTHER, SEVERITIES[n - 1], Set.of("site"), new TierSnapshot(1, 1, WG), SAM),
                    (long) n, Instant.parse("2026-03-01T00:00:00Z").plusSeconds(n));
        }
        all.addAll(new IssueListPages(db).find(query(IssueOrder.NEWEST, 0, 50)).items());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static FindIssues query(IssueOrder order, int page, int size) {
        return new FindIssues(CID, null, null, null, null, null, null, page, size, null, null, order);
    }

    private List<String> keys(IssueOrder order, int page, int size) {
        IssuePage indexed = new IssueListPages(db).find(query(order, page, size));
        IssuePage inMemory = IssueFilter.page(query(order, page, size), all, s -> s);
        assertThat(indexed.total()).isEqualTo(7);
        assertThat(indexed.items()).as("the index and the in-memory list agree").isEqualTo(inMemory.items());
        return indexed.items().stream().map(IssueSummary::key).toList();
    }

    @Test
    void newestAndOldestFirstArePagedFromEitherEnd() {
        assertThat(keys(IssueOrder.NEWEST, 0, 3)).containsExactly("K-7", "K-6", "K-5");
        assertThat(keys(IssueOrder.OLDEST, 0, 3)).containsExactly("K-1", "K-2", "K-3");
        assertThat(keys(IssueOrder.OLDEST, 2, 3)).containsExactly("K-7");
    }

    @Test
    void mostSevereFirstListsNewestFirstWithinASeverityAcrossPages() {
        assertThat(keys(IssueOrder.SEVERITY, 0, 50))
                .containsExactly("K-4", "K-2", "K-5", "K-7", "K-3", "K-6", "K-1");
        assertThat(keys(IssueOrder.SEVERITY, 1, 3)).containsExactly("K-7", "K-3", "K-6");
        assertThat(keys(IssueOrder.SEVERITY, 2, 3)).containsExactly("K-1");
    }
}
