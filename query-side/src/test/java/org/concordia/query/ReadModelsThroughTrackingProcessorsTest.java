package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.mongodb.client.MongoDatabase;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.*;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.query.*;
import org.concordia.query.PlausibleHistory.Recorded;
import org.concordia.query.issue.IssueState;
import org.concordia.query.issue.IssueViewProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read models fed by real Axon tracking processors from an in-memory event store. */
@org.junit.jupiter.api.Timeout(value = 150, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ReadModelsThroughTrackingProcessorsTest {

    private static final String CID = PlausibleHistory.CID;
    private final Mongo mongo = new Mongo();
    private final MongoDatabase db = mongo.db("read");
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
    private final QuerySide querySide = new QuerySide(db, new StoreEventLog(engine));
    private final ReadModelQueryHandlers queries = (ReadModelQueryHandlers) querySide.queryHandlers().get(0);
    private Configuration axon;

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
        mongo.close();
    }

    private void start() {
        var configurer = DefaultConfigurer.defaultConfiguration().configureEmbeddedEventStore(c -> engine);
        configurer.eventProcessing(ep -> {
            ep.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            querySide.projectionsByGroup().forEach((group, projection) -> {
                ep.registerTrackingEventProcessor(group, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(50));
                ep.registerSequencingPolicy(group, c -> QuerySide.sequencingPolicy());
                ep.registerEventHandler(c -> projection);
                ep.registerHandlerInterceptor(group, c -> querySide.batchInterceptor(group));
            });
        });
        axon = configurer.start();
    }

    private void publish(List<Recorded> events) {
        for (Recorded r : events) {
            axon.eventStore().publish(new GenericDomainEventMessage<>(r.aggregateType(), r.aggregateId(), r.seq(),
                    r.payload(), MetaData.emptyInstance(), UUID.nameUUIDFromBytes(
                    (r.aggregateId() + "#" + r.seq()).getBytes()).toString(), r.at()));
        }
    }

    private void awaitCatchUp() throws InterruptedException {
        long head = engine.createHeadToken().position().orElse(-1);
        for (int i = 0; i < 6000; i++) {
            boolean caughtUp = querySide.projectionsByGroup().keySet().stream().allMatch(group -> {
                TrackingEventProcessor p = axon.eventProcessingConfiguration()
                        .eventProcessor(group, TrackingEventProcessor.class).orElseThrow();
                assertThat(p.isError()).as(group + " in error").isFalse();
                // an empty status (a processor just restarted, its segment not claimed yet) is not caught up
                return !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                        .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
            });
            if (caughtUp) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("projections did not catch up");
    }

    @Test
    void reportCountersEqualABruteForceRecountAfterTwoThousandRandomEvents() throws Exception {
        List<Recorded> history = PlausibleHistory.generate(42, 50, 2000);
        start();
        publish(history);
        awaitCatchUp();
        Instant now = history.get(history.size() - 1).at().plus(Duration.ofDays(1));

        OpenConflictReport report = queries.handle(new FindOpenConflictReport(CID, now, null));

        IssueViewProjection views = (IssueViewProjection) querySide.projectionsByGroup().get(IssueViewProjection.GROUP);
        List<IssueState> issues = history.stream().filter(r -> r.aggregateType().equals("Issue"))
                .map(Recorded::aggregateId).distinct().map(views::find).toList();
        assertThat(issues).hasSize(50);
        List<IssueState> open = issues.stream().filter(IssueState::isOpen).toList();
        assertThat(report.totalOpen()).isEqualTo(open.size());
        assertThat(report.byTier()).isEqualTo(count(open.stream().map(s -> String.valueOf(s.tier.level()))));
        assertThat(report.bySeverity()).isEqualTo(count(open.stream().map(s -> s.severity.name())));
        assertThat(report.byCategory()).isEqualTo(count(open.stream().map(s -> s.category.name())));
        assertThat(report.byParty()).isEqualTo(count(open.stream().flatMap(s -> s.involvedParties.stream())));
        Map<String, Long> ages = new TreeMap<>(count(open.stream().map(s -> {
            long age = ChronoUnit.DAYS.between(LocalDate.ofInstant(s.raisedAt, ZoneOffset.UTC),
                    LocalDate.ofInstant(now, ZoneOffset.UTC));
            return age < 7 ? "LT_7D" : age < 30 ? "D7_30" : age < 90 ? "D30_90" : "GT_90D";
        })));
        report.ageBuckets().forEach((bucket, n) -> assertThat(n).as(bucket).isEqualTo(ages.getOrDefault(bucket, 0L)));
        assertThat(report.slaBreached()).extracting(OpenConflictReport.SlaBreachedItem::issueId)
                .containsExactlyInAnyOrderElementsOf(open.stream().filter(s -> !s.breachedPhases.isEmpty())
                        .map(s -> s.id).toList());
        List<Long> ack = issues.stream().filter(s -> s.firstAcknowledgedAt != null)
                .map(s -> Duration.between(s.raisedAt, s.firstAcknowledgedAt).toMillis()).sorted().toList();
        assertThat(report.timeToAcknowledge().count()).isEqualTo(ack.size());
        assertThat(report.timeToAcknowledge().mean().toMillis())
                .isEqualTo(ack.stream().mapToLong(Long::longValue).sum() / ack.size());
        double median = ack.size() % 2 == 1 ? ack.get(ack.size() / 2)
                : (ack.get(ack.size() / 2 - 1) + ack.get(ack.size() / 2)) / 2.0;
        assertThat((double) report.timeToAcknowledge().median().toMillis()).isCloseTo(median, within(median * 0.011));
        long resolved = issues.stream().filter(s -> s.firstResolvedAt != null).count();
        assertThat(report.timeToResolve().count()).isEqualTo(resolved);
    }

    private static Map<String, Long> count(Stream<String> values) {
        return values.collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    }

    @Test
    void asOfAnswersEqualWhatTheLiveViewsShowedAtThatInstant() throws Exception {
        List<Recorded> history = PlausibleHistory.generate(7, 30, 1200);
        List<Recorded> first = history.subList(0, 700);
        start();
        publish(first);
        awaitCatchUp();
        Instant t = first.get(first.size() - 1).at();
        Instant now = t.plus(Duration.ofDays(3));
        List<String> ids = first.stream().filter(r -> r.aggregateType().equals("Issue")).map(Recorded::aggregateId)
                .distinct().toList();
        Map<String, IssueView> liveViews = new LinkedHashMap<>();
        ids.forEach(id -> liveViews.put(id, queries.handle(new FindIssue(CID, id, null))));
        FindIssues openOnes = new FindIssues(CID, IssueStatus.OPEN, null, null, null, null, null, 0, 10, null);
        FindIssues byText = new FindIssues(CID, null, null, null, null, "SITE", "VISIT window", 0, 500, null);
        IssuePage liveOpen = queries.handle(openOnes);
        IssuePage liveText = queries.handle(byText);
        OpenConflictReport liveReport = queries.handle(new FindOpenConflictReport(CID, now, null));
        DecisionRegister liveDecisions = queries.handle(new FindDecisions(CID, null));
        Map<String, Inbox> liveInboxes = new TreeMap<>();
        PlausibleHistory.PARTY_OF.keySet().forEach(u -> liveInboxes.put(u,
                queries.handle(new FindInbox(u, List.of(CID), null))));

        publish(history.subList(700, history.size()));
        awaitCatchUp();

        ids.forEach(id -> assertThat(queries.handle(new FindIssue(CID, id, t))).isEqualTo(liveViews.get(id)));
        assertThat(queries.handle(withAsOf(openOnes, t))).isEqualTo(liveOpen);
        assertThat(liveText.total()).isPositive();
        assertThat(queries.handle(withAsOf(byText, t))).isEqualTo(liveText);
        assertThat(queries.handle(new FindOpenConflictReport(CID, now, t))).isEqualTo(liveReport);
        assertThat(liveDecisions.decisions()).isNotEmpty();
        assertThat(queries.handle(new FindDecisions(CID, t))).isEqualTo(liveDecisions);
        liveInboxes.forEach((u, inbox) ->
                assertThat(queries.handle(new FindInbox(u, List.of(CID), t))).as(u).isEqualTo(inbox));
        assertThat(queries.handle(new FindOpenConflictReport(CID, now, null))).isNotEqualTo(liveReport);
    }

    @Test
    void theCollaborationAsOfAnInstantIsItsLatestVersionWhoseEventsAreAllAtOrBeforeIt() throws Exception {
        List<Recorded> history = PlausibleHistory.generate(29, 250, 1500); // more than 250 collaboration events
        start();
        publish(history);
        awaitCatchUp();
        var collaborations = (org.concordia.query.collaboration.CollaborationQueries) querySide.queryHandlers().get(1);
        List<Recorded> own = history.stream().filter(r -> r.payload()
                instanceof org.concordia.kernel.collaboration.CollaborationEvent).toList();
        assertThat(own.size()).isGreaterThan(250);
        assertThat(db.getCollection("collaboration_asof").countDocuments()).isEqualTo(1); // not the fallback
        assertThat(db.getCollection("collaboration_asof_chunks").countDocuments()).isGreaterThan(2);
        List<Instant> instants = new ArrayList<>(List.of(history.get(0).at().minusSeconds(1),
                history.get(history.size() - 1).at().plusSeconds(1)));
        for (int i = 0; i < own.size(); i += 3) {
            instants.add(own.get(i).at());
            instants.add(own.get(i).at().minusNanos(1));
        }
        for (Instant asOf : instants) {
            org.concordia.kernel.collaboration.query.CollaborationView expected = null;
            for (Recorded r : own) {
                if (r.at().isAfter(asOf)) {
                    break;
                }
                expected = org.concordia.query.collaboration.CollaborationFold.next(expected,
                        (org.concordia.kernel.collaboration.CollaborationEvent) r.payload(), r.seq(), r.at());
            }
            assertThat(collaborations.handle(new org.concordia.kernel.collaboration.query.FindCollaboration(CID, asOf)))
                    .as("as of " + asOf).isEqualTo(Optional.ofNullable(expected));
        }
    }

    private static FindIssues withAsOf(FindIssues q, Instant asOf) {
        return new FindIssues(q.collaborationId(), q.status(), q.tier(), q.severity(), q.category(), q.party(),
                q.text(), q.page(), q.size(), asOf);
    }

    @Test
    void replayingFromScratchRebuildsIdenticalDocuments() throws Exception {
        start();
        publish(PlausibleHistory.generate(3, 40, 1500));
        awaitCatchUp();
        // the crash-recovery base of per-issue working state depends on where batches began: not part of a view
        Set<String> batchDependent = Set.of("base", "baseSeq", "basePosition");
        Map<String, List<String>> before = Mongo.dump(db, batchDependent);

        for (String group : querySide.projectionsByGroup().keySet()) {
            TrackingEventProcessor p = axon.eventProcessingConfiguration()
                    .eventProcessor(group, TrackingEventProcessor.class).orElseThrow();
            p.shutDown();
            p.resetTokens();
            p.start();
        }
        awaitCatchUp();
        assertThat(Mongo.dump(db, batchDependent)).isEqualTo(before);
    }

    @Test
    void auditTrailReadsTheGlobalOrderEvenBeyondTheIndexAndExportsQuotedCsv() throws Exception {
        List<Recorded> history = PlausibleHistory.generate(11, 10, 300);
        start();
        publish(history.subList(0, 200));
        awaitCatchUp();
        // the index stops here; the rest is only in the event store
        axon.eventProcessingConfiguration().eventProcessor("audit-index", TrackingEventProcessor.class)
                .orElseThrow().shutDown();
        publish(history.subList(200, history.size()));

        List<AuditEntry> all = new ArrayList<>();
        long after = -1;
        while (true) {
            AuditTrailPage page = queries.handle(new FindAuditTrail(CID, null, null, null, null, after, 64));
            all.addAll(page.entries());
            if (page.nextAfterPosition() == null) {
                break;
            }
            after = page.nextAfterPosition();
        }
        assertThat(all).hasSize(history.size());
        assertThat(all).extracting(AuditEntry::position).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(AuditEntry::type)
                .containsExactlyElementsOf(history.stream().map(r -> r.payload().getClass().getSimpleName()).toList());

        String issue = "issue-3";
        List<AuditEntry> ofIssue = queries.handle(new FindAuditTrail(CID, issue, null, null, null, -1, 1000)).entries();
        assertThat(ofIssue).extracting(AuditEntry::issueId).containsOnly(issue);
        assertThat(ofIssue).hasSize((int) history.stream().filter(r -> r.aggregateId().equals(issue)).count());
        List<AuditEntry> bySystem = queries.handle(new FindAuditTrail(CID, null, null, null, "system", -1, 1000))
                .entries();
        assertThat(bySystem).extracting(AuditEntry::actor).containsOnly("system");

        StringWriter csv = new StringWriter();
        long rows;
        try (Stream<AuditEntry> entries = querySide.auditTrail()
                .entries(new FindAuditTrail(CID, null, null, null, null, -1, 1))) {
            rows = org.concordia.query.audit.AuditTrail.writeCsv(entries, csv);
        }
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.toString())).getRecords();
        assertThat(rows).isEqualTo(history.size());
        assertThat(records).hasSize(history.size());
        assertThat(records.get(records.size() - 1).get("position"))
                .isEqualTo(String.valueOf(all.get(all.size() - 1).position()));
        assertThat(records.stream().map(r -> r.get("data")).filter(d -> d.contains("\\\"quotes\\\"")).count())
                .isPositive();
    }
}
