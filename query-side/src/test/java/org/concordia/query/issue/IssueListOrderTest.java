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
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.issue.EscalationCause;
import org.concordia.kernel.issue.IssueAcknowledged;
import org.concordia.kernel.issue.IssueAssigned;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueReopened;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.SeverityChanged;
import org.concordia.kernel.issue.SlaBreached;
import org.concordia.kernel.issue.SlaPhase;
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

/**
 * The issue list in each order, paged, from the bitset index and from an in-memory list alike; the bucketed orders
 * (SLA due, last activity) also over random histories against the brute force of {@link IssueFilter}.
 */
class IssueListOrderTest {

    private static final String CID = "c-1";
    private static final GovernanceTier WG = new GovernanceTier("WG", List.of("sam"), Duration.ofDays(2),
            Duration.ofDays(20), 1);
    private static final GovernanceTier DMC = new GovernanceTier("DMC", List.of("dana"), Duration.ofDays(1),
            Duration.ofDays(7), 1);
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
    void anEventMovesAnIssueInTheDueAndActivityOrders() {
        // all raised at tier WG a second apart: acknowledge by 2 days after raising, newest due last
        assertThat(keys(IssueOrder.DUE, 0, 3)).containsExactly("K-1", "K-2", "K-3");
        assertThat(keys(IssueOrder.ACTIVITY, 0, 3)).containsExactly("K-7", "K-6", "K-5");
        IssueViewProjection views = new IssueViewProjection(db);
        Instant later = Instant.parse("2026-03-05T00:00:00Z");
        // acknowledged: its clock is now the resolve-by, 20 days after raising; and it is the latest activity
        views.on(new IssueAcknowledged(CID, "i-1", 1, SAM), 10L, later);
        // closed: no running clock, listed after every open issue
        views.on(new IssueClosed(CID, "i-2", "done", SAM, null), 10L, later.plusSeconds(1));
        views.on(new CommentAdded(CID, "i-3", "c-1", "still there", SAM), 10L, later.minus(Duration.ofDays(1)));
        all.clear();
        all.addAll(new IssueListPages(db).find(query(IssueOrder.NEWEST, 0, 50)).items());
        assertThat(keys(IssueOrder.DUE, 0, 50)).containsExactly("K-3", "K-4", "K-5", "K-6", "K-7", "K-1", "K-2");
        assertThat(keys(IssueOrder.ACTIVITY, 0, 50)).containsExactly("K-2", "K-1", "K-3", "K-7", "K-6", "K-5", "K-4");
        assertThat(keys(IssueOrder.ACTIVITY, 1, 2)).containsExactly("K-3", "K-7");
    }

    @Test
    void everyOrderOfRandomHistoriesIsTheBruteForceOrderOnEveryPage() {
        for (long seed = 1; seed <= 2; seed++) {
            new History("history-" + seed).run(new Random(seed), 120, 600, 40 * 3600);
        }
        // a few hundred events a day: the days on a page are ordered by their hours
        new History("dense").run(new Random(3), 150, 700, 600);
    }

    /** A random history of issues numbered across two bitset chunks, its events at times days or seconds apart. */
    private final class History {

        private final Map<String, IssueState> reference = new TreeMap<>();
        private final Map<String, Long> seqs = new TreeMap<>();
        private final IssueViewProjection views;
        private final MongoDatabase history;
        private Instant at = Instant.parse("2026-01-01T00:00:00Z"); // crosses a directory block (day 20480) soon

        History(String name) {
            this.history = client.getDatabase(name);
            this.views = new IssueViewProjection(history);
        }

        void run(Random random, int issues, int events, int maxStepSeconds) {
            List<Long> numbers = new ArrayList<>(new TreeSet<>(random.ints(issues * 3L, 1, 400)
                    .mapToObj(n -> n < 200 ? (long) n : ListBits.CHUNK - 200L + n).toList()))
                    .subList(0, issues);
            Collections.shuffle(numbers, random);
            int raised = 0;
            DefaultUnitOfWork<?> uow = null;
            for (int i = 0; i < issues + events; i++) {
                if (uow == null && random.nextInt(4) == 0) {
                    uow = DefaultUnitOfWork.startAndGet(null); // some events batched, the others written one by one
                }
                at = at.plusSeconds(switch (random.nextInt(4)) {
                    case 0 -> 0; // ties
                    case 1 -> random.nextInt(60);
                    default -> random.nextInt(maxStepSeconds);
                });
                if (raised < issues && (raised < 5 || random.nextInt(3) == 0)) {
                    long n = numbers.get(raised++);
                    apply(new IssueRaised(CID, "i-" + n, "K-" + n, n, IssueType.ISSUE, "Issue " + n, "text",
                            IssueCategory.OTHER, Severity.values()[random.nextInt(Severity.values().length)],
                            Set.of("site"), new TierSnapshot(1, 1, WG), SAM));
                } else {
                    List<IssueState> states = List.copyOf(reference.values());
                    apply(randomEvent(random, states.get(random.nextInt(states.size()))));
                }
                if (uow != null && random.nextInt(8) == 0) {
                    uow.commit();
                    uow = null;
                }
                if (uow == null && i % 97 == 0) {
                    check(random);
                }
            }
            if (uow != null) {
                uow.commit();
            }
            check(random);
            assertThat(directory(ListSorts.DUE)).as("days listed for due: exactly the days with an issue")
                    .isEqualTo(days(s -> s.slaDueAt()));
            assertThat(directory(ListSorts.ACTIVITY)).as("days listed for activity")
                    .isEqualTo(days(s -> s.updatedAt));
            for (Document d : history.getCollection(IssueListPages.BITS).find()) {
                Binary stored = d.get("bits", Binary.class) != null ? d.get("bits", Binary.class)
                        : d.get("ns", Binary.class);
                assertThat(stored.getData().length).as("a bitset document's size").isLessThanOrEqualTo(
                        ListBits.CHUNK / 8);
            }
        }

        private IssueEvent randomEvent(Random random, IssueState s) {
            String cid = s.collaborationId;
            return switch (random.nextInt(9)) {
                case 0 -> s.status == IssueStatus.OPEN ? new IssueAcknowledged(cid, s.id, s.tier.level(), SAM)
                        : new CommentAdded(cid, s.id, "c", "note", SAM);
                case 1 -> new SeverityChanged(cid, s.id, s.severity,
                        Severity.values()[random.nextInt(Severity.values().length)], "triage", SAM);
                case 2 -> s.isOpen() && s.tier.level() == 1 ? new IssueEscalated(cid, s.id, 1,
                        new TierSnapshot(2, 1, DMC), EscalationCause.MANUAL, null, "up", null, SAM)
                        : new CommentAdded(cid, s.id, "c", "note", SAM);
                case 3 -> s.isOpen() ? new SlaBreached(cid, s.id, s.tier.level(),
                        random.nextBoolean() ? SlaPhase.ACKNOWLEDGE : SlaPhase.RESOLVE, "late", SAM)
                        : new CommentAdded(cid, s.id, "c", "note", SAM);
                case 4 -> s.isOpen() ? new IssueClosed(cid, s.id, "done", SAM, null)
                        : new IssueReopened(cid, s.id, "again", s.tier.level(), SAM);
                case 5 -> s.status == IssueStatus.CLOSED ? new IssueReopened(cid, s.id, "again", s.tier.level(), SAM)
                        : new IssueAssigned(cid, s.id, "sam", null, SAM);
                default -> new CommentAdded(cid, s.id, "c", "note", SAM);
            };
        }

        private void apply(IssueEvent event) {
            long seq = seqs.merge(event.issueId(), 1L, Long::sum);
            views.on(event, seq, at);
            reference.compute(event.issueId(), (id, s) -> IssueState.apply(s, event, at, seq));
        }

        private void check(Random random) {
            List<FindIssues> queries = new ArrayList<>();
            for (IssueOrder order : IssueOrder.values()) {
                int size = 1 + random.nextInt(12);
                for (int page = 0; (long) page * size <= reference.size(); page++) {
                    queries.add(find(null, null, order, page, size));
                }
                queries.add(find(IssueStatus.OPEN, null, order, 0, 1 + random.nextInt(40)));
                queries.add(find(IssueStatus.OPEN, null, order, 1, 1 + random.nextInt(40)));
                queries.add(find(null, Severity.HIGH, order, random.nextInt(3), 1 + random.nextInt(20)));
                queries.add(find(null, null, order, 0, FindIssues.MAX_SIZE));
            }
            for (FindIssues q : queries) {
                IssuePage brute = IssueFilter.page(q, reference.values().stream()
                        .filter(s -> IssueFilter.matches(q, s)).toList(), IssueState::toSummary);
                assertThat(new IssueListPages(history).find(q)).as("%s page %d of %d, status %s severity %s",
                        q.order(), q.page(), q.size(), q.status(), q.severity()).isEqualTo(brute);
            }
        }

        private static FindIssues find(IssueStatus status, Severity severity, IssueOrder order, int page, int size) {
            return new FindIssues(CID, status, null, severity, null, null, null, page, size, null, null, order);
        }

        /** The days a sort field's directory lists. */
        private Set<Long> directory(String field) {
            Set<Long> days = new TreeSet<>();
            for (Document d : history.getCollection(IssueListPages.BITS).find()) {
                String id = d.getString("_id");
                String prefix = CID + "|" + field + "Days|";
                if (id.startsWith(prefix)) {
                    long block = Long.parseLong(id.substring(prefix.length(), id.lastIndexOf('|')));
                    BitSet b = ListBits.Bits.decode(d).bits();
                    b.stream().forEach(day -> days.add(block * ListSorts.DAYS_PER_BLOCK + day));
                }
            }
            return days;
        }

        private Set<Long> days(java.util.function.Function<IssueState, Instant> time) {
            Set<Long> days = new TreeSet<>();
            reference.values().stream().map(time).filter(Objects::nonNull)
                    .forEach(t -> days.add(Long.parseLong(ListSorts.bucket(t))));
            return days;
        }
    }

    @Test
    void mostSevereFirstListsNewestFirstWithinASeverityAcrossPages() {
        assertThat(keys(IssueOrder.SEVERITY, 0, 50))
                .containsExactly("K-4", "K-2", "K-5", "K-7", "K-3", "K-6", "K-1");
        assertThat(keys(IssueOrder.SEVERITY, 1, 3)).containsExactly("K-7", "K-3", "K-6");
        assertThat(keys(IssueOrder.SEVERITY, 2, 3)).containsExactly("K-1");
    }
}
