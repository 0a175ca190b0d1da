package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.CollaborationRegistered;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.issue.EvidenceAttached;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueLinked;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.LinkRelation;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.shared.ActorContext;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.audit.EventLog;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueState;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;
import org.concordia.query.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an event on a long discussion rewrites: no document whose size grows with the issue's comments, evidence or
 * links (issue #16: every comment used to rewrite the whole issue, four times, plus crash-recovery copies).
 */
class IssueWriteCostTest {

    private static final String CID = "c-1";
    private static final String ISSUE = "issue-1";
    private static final GovernanceTier WG = new GovernanceTier("Working group", List.of("sita", "carl"),
            Duration.ofDays(2), Duration.ofDays(20), 1);
    private static final List<String> PER_ISSUE = List.of("issue_views", "report_issues", "decision_issues",
            "inbox_issues");

    private final Mongo mongo = new Mongo();
    private final MongoDatabase db = mongo.db("cost");
    private final IssueViewProjection views = new IssueViewProjection(db);
    private final OpenConflictReportProjection reports = new OpenConflictReportProjection(db);
    private final DecisionRegisterProjection decisions = new DecisionRegisterProjection(db);
    private final InboxProjection inboxes = new InboxProjection(db);
    private final AuditIndexProjection audit = new AuditIndexProjection(db);
    private final Map<Long, TrackedEventMessage<?>> stored = new TreeMap<>();
    private final List<IssueEvent> issueEvents = new ArrayList<>();
    private long position;
    private long seq = -1;
    private Instant clock = Instant.parse("2026-03-02T09:00:00Z");

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void anEventOnALongDiscussionRewritesNothingThatGrowsWithIt() {
        setUp();
        for (int i = 1; i <= 10; i++) {
            narrative(i);
        }
        Map<String, Integer> after10 = perIssueSizes();
        for (int i = 11; i <= 300; i++) {
            narrative(i);
        }
        Map<String, Integer> after300 = perIssueSizes();
        // the same size but for the digits of counters, sequence numbers and positions
        after300.forEach((collection, size) ->
                assertThat(size).as(collection).isBetween(after10.get(collection), after10.get(collection) + 40));
        assertThat(db.getCollection("issue_view_entries").countDocuments()).isEqualTo(300);
    }

    @Test
    void theIssueViewReadsBackEveryEntryInOrderAsTheFoldOfItsEvents() {
        setUp();
        for (int i = 1; i <= 40; i++) {
            narrative(i);
        }
        assertThat(views.find(ISSUE).toView()).isEqualTo(fold().toView());
        IssueState read = views.find(ISSUE);
        assertThat(List.of(read.comments.size(), read.evidence.size(), read.links.size())).containsExactly(21, 11, 8);
    }

    @Test
    void aHeadOfTheEarlierLayoutIsReadAsItIsAndMovesItsListsToEntriesAtItsNextEvent() {
        setUp();
        for (int i = 1; i <= 9; i++) {
            narrative(i);
        }
        IssueState whole = fold();
        db.getCollection("issue_views").drop();
        db.getCollection("issue_view_entries").drop();
        db.getCollection("issue_views").insertOne(new Document("_id", ISSUE).append("collaborationId", CID)
                .append("number", 1L).append("status", whole.status.name()).append("seq", whole.version)
                .append("json", Json.writeState(whole))); // as written before issue #16: every list inside
        assertThat(views.find(ISSUE).toView()).isEqualTo(whole.toView());

        narrative(10);
        assertThat(views.find(ISSUE).toView()).isEqualTo(fold().toView());
        assertThat(db.getCollection("issue_view_entries").countDocuments()).isEqualTo(10);
        assertThat(db.getCollection("issue_views").find(Filters.eq("_id", ISSUE)).first().getString("json"))
                .doesNotContain("\"text\"");
    }

    @Test
    void anIssuesAuditIndexIsWrittenInPagesOfBoundedSizeAndReadBackWhole() {
        setUp();
        for (int i = 1; i <= 300; i++) {
            narrative(i);
        }
        List<Document> pages = db.getCollection("audit_issues").find().into(new ArrayList<>());
        assertThat(pages).extracting(d -> d.getString("_id"))
                         .containsExactlyInAnyOrder(ISSUE + "|0", ISSUE + "|1", ISSUE + "|2", ISSUE + "|3");
        assertThat(pages).allSatisfy(page -> assertThat(page.getList("positions", Long.class))
                .hasSizeLessThanOrEqualTo(AuditIndexProjection.ISSUE_PAGE));
        List<Long> issuePositions = stored.entrySet().stream()
                .filter(e -> e.getValue().getPayload() instanceof IssueEvent).map(Map.Entry::getKey).toList();
        assertThat(issueTrail()).hasSize(301).containsExactlyElementsOf(issuePositions);

        // a data directory of layout 1 (one document per issue) reads the same until the projection is rebuilt
        db.getCollection("audit_issues").drop();
        db.getCollection("audit_issues").insertOne(new Document("_id", ISSUE).append("positions", issuePositions));
        assertThat(issueTrail()).containsExactlyElementsOf(issuePositions);
    }

    private List<Long> issueTrail() {
        EventLog log = new EventLog() {
            @Override
            public List<TrackedEventMessage<?>> readPositions(java.util.Collection<Long> positions) {
                return positions.stream().map(stored::get).filter(java.util.Objects::nonNull)
                                .<TrackedEventMessage<?>>map(m -> m).toList();
            }

            @Override
            public java.util.stream.Stream<TrackedEventMessage<?>> readFrom(long afterPosition) {
                return stored.entrySet().stream().filter(e -> e.getKey() > afterPosition).map(Map.Entry::getValue);
            }

            @Override
            public long headPosition() {
                return position;
            }
        };
        try (java.util.stream.Stream<TrackedEventMessage<?>> events = new AuditTrail(audit, log).events(CID, ISSUE)) {
            return events.map(m -> m.trackingToken().position().orElseThrow()).toList();
        }
    }

    private void setUp() {
        ActorContext cora = new ActorContext("cora", null, Set.of(MemberRole.COORDINATOR));
        collaboration(new CollaborationRegistered(CID, "T", "Trial", CollaborationKind.CLINICAL_TRIAL, "d", "cora",
                cora));
        collaboration(new MemberAdded(CID, "sita", "SITE", Set.of(MemberRole.CONTRIBUTOR), cora));
        collaboration(new MemberAdded(CID, "carl", "CRO", Set.of(MemberRole.CONTRIBUTOR), cora));
        collaboration(new GovernanceLadderDefined(CID, 1, List.of(WG), cora));
        issue(new IssueRaised(CID, ISSUE, "T-1", 1, IssueType.CONFLICT, "Fee per visit", "Disputed fee.",
                IssueCategory.BUDGET, Severity.HIGH, Set.of("SITE", "CRO"), new TierSnapshot(1, 1, WG), sita()));
    }

    /** Comments, with evidence every third and a link every fifth event. */
    private void narrative(int i) {
        if (i % 5 == 0) {
            issue(new IssueLinked(CID, ISSUE, "issue-" + (100 + i), LinkRelation.RELATES_TO, sita()));
        } else if (i % 3 == 0) {
            issue(new EvidenceAttached(CID, ISSUE, "e-" + i, "Minutes " + i, "https://docs.example/m" + i,
                    "a".repeat(64), sita()));
        } else {
            issue(new CommentAdded(CID, ISSUE, "c-" + i, "Comment " + i + ": we still disagree about the fee.",
                    sita()));
        }
    }

    private static ActorContext sita() {
        return new ActorContext("sita", "SITE", Set.of(MemberRole.CONTRIBUTOR));
    }

    private void collaboration(CollaborationEvent event) {
        long p = ++position;
        decisions.handle(event, p, p);
        inboxes.handle(event, p, p);
        audit.handle(event, p, p);
        store(p, "Collaboration", CID, p, event);
    }

    private void store(long p, String type, String aggregate, long s, Object event) {
        stored.put(p, new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(p),
                new GenericDomainEventMessage<>(type, aggregate, s, event)));
    }

    private void issue(IssueEvent event) {
        long p = ++position;
        long s = ++seq;
        clock = clock.plusSeconds(60);
        views.on(event, s, clock);
        reports.handle(event, s, p, clock);
        decisions.handle(event, s, p, clock);
        inboxes.handle(event, s, p, clock);
        audit.handle(event, s, p);
        store(p, "Issue", ISSUE, s, event);
        issueEvents.add(event);
    }

    private IssueState fold() {
        IssueState state = null;
        Instant at = Instant.parse("2026-03-02T09:00:00Z");
        for (int i = 0; i < issueEvents.size(); i++) {
            at = at.plusSeconds(60);
            state = IssueState.apply(state, issueEvents.get(i), at, i);
        }
        return state;
    }

    private Map<String, Integer> perIssueSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        for (String name : PER_ISSUE) {
            RawBsonDocument doc = db.getCollection(name, RawBsonDocument.class).find(Filters.eq("_id", ISSUE)).first();
            assertThat(doc).as(name).isNotNull();
            sizes.put(name, doc.getByteBuffer().remaining());
        }
        return sizes;
    }
}
