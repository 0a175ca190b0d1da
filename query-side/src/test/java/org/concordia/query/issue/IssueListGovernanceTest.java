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
import java.util.List;
import java.util.Set;
import org.bson.UuidRepresentation;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueDetails;
import org.concordia.kernel.issue.IssueDetailsCorrected;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.kernel.shared.ActorContext;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The issue list after corrections (the text index follows) and with restricted issues (only their viewers). */
class IssueListGovernanceTest {

    private static final String CID = "c-1";
    private static final GovernanceTier WG = new GovernanceTier("WG", List.of("sam"), Duration.ofDays(2),
            Duration.ofDays(20), 1);
    private static final GovernanceTier DMC = new GovernanceTier("DMC", List.of("dana"), Duration.ofDays(1),
            Duration.ofDays(7), 1);
    private static final ActorContext SAM = new ActorContext("sam", "site", Set.of());
    private static final ActorContext DANA = new ActorContext("dana", "dmc", Set.of());

    private final MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)));
    private final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
            .uuidRepresentation(UuidRepresentation.STANDARD).build());
    private final MongoDatabase db = client.getDatabase("governance");
    private final IssueViewProjection views = new IssueViewProjection(db);
    private long seq;

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    /** Outside a unit of work the projection writes straight to MongoDB. */
    private void apply(IssueEvent event) {
        views.on(event, seq++, Instant.parse("2026-03-01T00:00:00Z").plusSeconds(seq));
    }

    private List<String> titles(String text, Viewer viewer) {
        return new IssueListPages(db).find(new FindIssues(CID, null, null, null, null, null, text, 0, 50, null,
                viewer)).items().stream().map(IssueSummary::title).toList();
    }

    @Test
    void aCorrectedTitleIsFoundByItsNewTextAndNoLongerByTheOld() {
        apply(new IssueRaised(CID, "i-1", "K-1", 1, IssueType.ISSUE, "Fridge excursion", "Pharmacy fridge at 11 C",
                IssueCategory.SAFETY, Severity.HIGH, Set.of("site"), new TierSnapshot(1, 1, WG), SAM));
        assertThat(titles("fridge", null)).containsExactly("Fridge excursion");
        apply(new IssueDetailsCorrected(CID, "i-1", new IssueDetails("Fridge excursion", "Pharmacy fridge at 11 C",
                IssueCategory.SAFETY, Set.of("site")), new IssueDetails("Freezer excursion", "Pharmacy freezer at -5 C",
                IssueCategory.SAFETY, Set.of("site")), List.of(), "It was the freezer", SAM));
        assertThat(titles("freezer", null)).containsExactly("Freezer excursion");
        assertThat(titles("fridge", null)).isEmpty();
        assertThat(titles("rid", null)).as("a trigram only the old text had").isEmpty();
    }

    @Test
    void aRestrictedIssueIsListedOnlyForItsTiersItsRaiserAndAuditors() {
        apply(new IssueRaised(CID, "i-1", "K-1", 1, IssueType.ISSUE, "Late kits", "Courier late",
                IssueCategory.RESOURCING, Severity.LOW, Set.of("site"), new TierSnapshot(1, 1, WG), SAM));
        apply(new IssueRaised(CID, "i-2", "K-2", 2, IssueType.ISSUE, "Unblinded signal", "Arm B liver",
                IssueCategory.SAFETY, Severity.CRITICAL, Set.of("dmc"), new TierSnapshot(2, 1, DMC), "restricted",
                Set.of("DMC"), null, DANA));
        assertThat(titles(null, new Viewer("sam", false, Set.of("WG")))).containsExactly("Late kits");
        assertThat(titles(null, new Viewer("dana", false, Set.of("DMC"))))
                .containsExactly("Unblinded signal", "Late kits");
        assertThat(titles(null, new Viewer("audrey", true, Set.of()))).hasSize(2);
        assertThat(titles(null, null)).hasSize(2);
        assertThat(new IssueListPages(db).find(new FindIssues(CID, null, null, null, null, null, null, 0, 50, null,
                new Viewer("sam", false, Set.of()))).total()).isEqualTo(1);
        assertThat(new IssueListPages(db).find(new FindIssues(CID, null, null, null, null, null, null, 0, 50, null,
                new Viewer("dana", false, Set.of()))).items()).extracting(IssueSummary::restricted)
                .containsExactly(true, false);
    }
}
