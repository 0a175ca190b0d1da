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
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.shared.ActorContext;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The free-text filter of the issue list ({@link IssueListPages}, trigram index + text check) against the brute
 * force of {@link IssueFilter} on the same issues: random titles and descriptions with non-ASCII text (sharp s,
 * dotted capital I, final sigma, astral code points), needles cut from the texts (across the title/description
 * boundary too), with changed case, half surrogate pairs and random ones, with and without field filters.
 */
class IssueListFreeTextTest {

    private static final String CID = "c-1";
    private static final GovernanceTier WG = new GovernanceTier("Working group", List.of("sam"),
            Duration.ofDays(2), Duration.ofDays(20), 1);
    private static final String[] PIECES = {"visit", "window", "dose", "ab", "ba", "aba", " ", " ", "\n", "-",
            "Straße", "STRASSE", "İstanbul", "ΣΟΦΟΣ", "σοφός", "é", "É", "😀", "😀😀", "𝔸𝔹", "日本語", "?", "\uFFFD",
            "a", "b", "x", "DOSE", "Visit Window"};

    private final MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)));
    private final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
            .uuidRepresentation(UuidRepresentation.STANDARD).build());
    private final MongoDatabase db = client.getDatabase("freetext");

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void trigramsAreThreeCodePoints() {
        assertThat(ListGrams.trigrams("a😀bc😀")).containsExactly("a😀b", "😀bc", "bc😀");
        assertThat(ListGrams.trigrams("aaaa")).containsExactly("aaa");
        assertThat(ListGrams.trigrams("😀😀")).isEmpty();
        assertThat(ListGrams.queryTrigrams("ab")).isNull();
        assertThat(ListGrams.queryTrigrams("\uDE00ab")).as("starts in the middle of a pair").isNull();
        assertThat(ListGrams.queryTrigrams("ab\uD83D")).as("ends in the middle of a pair").isNull();
        assertThat(ListGrams.queryTrigrams("x".repeat(10) + "abcdefghijklmnopqrstuvwxyz0123456789!\"§$%&/()="))
                .hasSize(ListGrams.MAX_QUERY_GRAMS).startsWith("xxx").endsWith("()=");
    }

    @Test
    void freeTextAnswersEqualTheBruteForceAnswers() {
        Random random = new Random(20261129L);
        List<IssueState> issues = raise(random, 400);
        writeBatched(issues);
        List<String> needles = needles(random, issues, 150);
        needles.addAll(List.of("s", "ss", "STRASSE", "straße", "İ", "i̇", "σοφος", "σοφοσ", "ΣΟΦΟΣ", "😀", "😀😀😀",
                "\uDE00", "\uDE00😀", "😀\uD83D", "a\nb", "\n", "?", "??", "\uFFFD", "aba", "abab", "dose ", "zzz"));
        for (String needle : needles) {
            for (FindIssues q : List.of(find(needle, null, null), find(needle, IssueStatus.OPEN, null),
                    find(needle, null, Severity.HIGH))) {
                assertThat(new IssueListPages(db).find(q)).as("q=%s status=%s severity=%s", escaped(needle),
                        q.status(), q.severity()).isEqualTo(bruteForce(q, issues));
            }
        }
    }

    @Test
    void pagesOfAFreeTextQueryAreTheBruteForcePages() {
        Random random = new Random(7L);
        List<IssueState> issues = raise(random, 300);
        writeBatched(issues);
        for (IssueOrder order : IssueOrder.values()) {
            for (int page = 0; page < 4; page++) {
                FindIssues q = new FindIssues(CID, null, null, null, null, null, "Dose", page, 7, null, null, order);
                assertThat(new IssueListPages(db).find(q)).as("%s page %d", order, page)
                        .isEqualTo(bruteForce(q, issues));
            }
        }
    }

    @Test
    void writingAnIssueAgainChangesNothingAndTrigramDocumentsStaySmall() {
        Random random = new Random(11L);
        List<IssueState> issues = raise(random, 150);
        writeBatched(issues);
        Map<String, List<String>> once = dump();
        writeBatched(issues.subList(40, 90)); // a redelivery after a crash before the views were written
        for (IssueState s : issues.subList(0, 10)) { // outside a batch, document by document
            new IssueListPages(db).write(null, s);
        }
        assertThat(dump()).isEqualTo(once);
        for (Document d : db.getCollection(IssueListPages.GRAMS).find()) {
            Binary stored = d.get("bits", Binary.class) != null ? d.get("bits", Binary.class) : d.get("ns", Binary.class);
            assertThat(stored.getData().length).isLessThanOrEqualTo(ListGrams.GRAM_CHUNK / 8);
        }
        assertThat(db.getCollection(IssueListPages.GRAMS).countDocuments()).isPositive();
        new IssueListPages(db).clear();
        assertThat(db.getCollection(IssueListPages.GRAMS).countDocuments()).isZero();
    }

    @Test
    void aListWrittenBeforeTheTrigramIndexStillFindsItsOlderIssues() {
        Random random = new Random(5L);
        List<IssueState> issues = raise(random, 200);
        writeBatched(issues.subList(0, 120));
        db.getCollection(IssueListPages.GRAMS).deleteMany(new Document()); // the list as the previous version wrote it
        db.getCollection(IssueListPages.META).updateMany(new Document(),
                new Document("$unset", new Document("gramsFrom", "")));
        writeBatched(issues.subList(120, 200));
        for (String needle : needles(random, issues, 60)) {
            FindIssues q = find(needle, null, null);
            assertThat(new IssueListPages(db).find(q)).as("q=%s", escaped(needle)).isEqualTo(bruteForce(q, issues));
        }
        for (String needle : List.of("dos", "vis", "aba", "😀😀😀")) { // one trigram: the older issues need the text
            FindIssues q = find(needle, null, null);
            assertThat(new IssueListPages(db).find(q)).as("q=%s", needle).isEqualTo(bruteForce(q, issues));
        }
    }

    @Test
    void aNodesCachedTextFollowsLateRaisesAndCorrections() {
        Random random = new Random(77L);
        List<IssueState> issues = raise(random, 240);
        List<IssueState> late = new ArrayList<>();
        List<IssueState> early = new ArrayList<>();
        issues.forEach(s -> (random.nextInt(5) == 0 ? late : early).add(s));
        IssueListPages queries = new IssueListPages(db, 1 << 20); // one node's query side, its cache kept throughout
        List<String> needles = needles(random, issues, 40);
        writeBatched(early);
        assertAnswers(queries, needles, early);
        // raised after higher numbers (two raises at once), into text documents the node has read already
        writeBatched(late);
        assertAnswers(queries, needles, issues);
        // titles and descriptions corrected, in text documents the node has read already
        IssueListPages writer = new IssueListPages(db);
        for (IssueState s : issues.subList(0, 60)) {
            IssueListPages.Keys before = IssueListPages.Keys.of(s);
            s.title = text(random, 1 + random.nextInt(6));
            s.description = text(random, random.nextInt(25));
            writer.write(before, s);
        }
        assertAnswers(queries, needles, issues);
        assertAnswers(queries, needles(random, issues, 40), issues);
    }

    @Test
    void aNodesCachedTextKeepsCollaborationsApart() {
        Random random = new Random(78L);
        List<IssueState> first = raise(random, 120);
        List<IssueState> second = raise(new Random(79L), 120); // other texts under the same numbers
        second.forEach(s -> s.collaborationId = "c-2");
        writeBatched(first);
        writeBatched(second);
        IssueListPages queries = new IssueListPages(db, 1 << 20);
        for (String needle : needles(random, first, 30)) {
            FindIssues inFirst = find(needle, null, null);
            FindIssues inSecond = new FindIssues("c-2", null, null, null, null, null, needle, 0, FindIssues.MAX_SIZE,
                    null);
            assertThat(queries.find(inFirst)).as("q=%s", escaped(needle)).isEqualTo(bruteForce(inFirst, first));
            assertThat(queries.find(inSecond)).as("q=%s", escaped(needle)).isEqualTo(bruteForce(inSecond, second));
        }
    }

    private void assertAnswers(IssueListPages queries, List<String> needles, List<IssueState> written) {
        for (String needle : needles) {
            FindIssues q = find(needle, null, null);
            assertThat(queries.find(q)).as("q=%s", escaped(needle)).isEqualTo(bruteForce(q, written));
        }
    }

    /** Issues with numbers spread over several trigram chunks and two bitset chunks. */
    private static List<IssueState> raise(Random random, int count) {
        Set<Long> numbers = new TreeSet<>();
        while (numbers.size() < count) {
            numbers.add(random.nextInt(4) == 0 ? 1 + random.nextInt(20_000) : ListBits.CHUNK - 300L
                    + random.nextInt(9_000));
        }
        List<IssueState> issues = new ArrayList<>();
        Instant at = Instant.parse("2026-01-05T08:00:00Z");
        for (long n : numbers) {
            IssueRaised e = new IssueRaised(CID, "issue-" + n, "K-" + n, n,
                    random.nextBoolean() ? IssueType.ISSUE : IssueType.CONFLICT, text(random, 1 + random.nextInt(6)),
                    random.nextInt(10) == 0 ? "" : text(random, random.nextInt(25)),
                    IssueCategory.values()[random.nextInt(IssueCategory.values().length)],
                    Severity.values()[random.nextInt(Severity.values().length)], Set.of("SITE"),
                    new TierSnapshot(1, 1, WG), new ActorContext("sam", "SITE", Set.of()));
            IssueState s = IssueState.apply(null, e, at, 0);
            if (random.nextBoolean()) {
                s.status = IssueStatus.ACKNOWLEDGED;
            }
            issues.add(s);
        }
        return issues;
    }

    private static String text(Random random, int pieces) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** Cut from the texts (any char offsets, so also half pairs and across the boundary), case changed, random. */
    private static List<String> needles(Random random, List<IssueState> issues, int count) {
        List<String> needles = new ArrayList<>();
        while (needles.size() < count) {
            IssueState s = issues.get(random.nextInt(issues.size()));
            String text = s.title + "\n" + s.description;
            int from = random.nextInt(text.length());
            String cut = text.substring(from, Math.min(text.length(), from + 1 + random.nextInt(12)));
            switch (random.nextInt(4)) {
                case 0 -> cut = cut.toUpperCase(java.util.Locale.ROOT);
                case 1 -> cut = text(random, 1 + random.nextInt(3));
                default -> { }
            }
            if (!cut.isBlank()) {
                needles.add(cut);
            }
        }
        return needles;
    }

    private void writeBatched(List<IssueState> issues) {
        IssueListPages list = new IssueListPages(db);
        for (int from = 0; from < issues.size(); from += 64) {
            DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
            issues.subList(from, Math.min(from + 64, issues.size())).forEach(s -> list.write(null, s));
            uow.commit();
        }
    }

    private static FindIssues find(String text, IssueStatus status, Severity severity) {
        return new FindIssues(CID, status, null, severity, null, null, text, 0, FindIssues.MAX_SIZE, null);
    }

    private static IssuePage bruteForce(FindIssues q, List<IssueState> issues) {
        return IssueFilter.page(q, issues.stream().filter(s -> IssueFilter.matches(q, s)).toList(),
                IssueState::toSummary);
    }

    private Map<String, List<String>> dump() {
        Map<String, List<String>> all = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            List<String> docs = new ArrayList<>();
            db.getCollection(name).find().forEach(d -> docs.add(d.toJson()));
            docs.sort(null);
            all.put(name, docs);
        }
        return all;
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 128 && c >= 32 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }
}
