package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;
import org.concordia.kernel.issue.query.FindDecisions;
import org.concordia.kernel.issue.query.FindInbox;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.FindOpenConflictReport;
import org.concordia.query.PlausibleHistory.Recorded;
import org.concordia.query.collaboration.CollaborationQueries;
import org.concordia.query.support.DeferredReplayWrites;
import org.concordia.query.support.Generations;
import org.concordia.query.support.Positions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replay through real tracking processors rebuilds every projection into a new collection generation: while it
 * runs (held at a gate half-way) the queries answer the complete state from before it; once it has caught up they
 * answer from the rebuilt generation, which holds exactly the documents the old one held, and the old one is gone.
 */
@org.junit.jupiter.api.Timeout(value = 150, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ReplayKeepsQueriesServedTest {

    private static final String CID = PlausibleHistory.CID;
    private static final Set<String> BATCH_DEPENDENT = Set.of("base", "baseSeq", "basePosition");

    private final Mongo mongo = new Mongo();
    final MongoDatabase db = mongo.db("replay");
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
    private final TokenStore tokens = new InMemoryTokenStore();
    final List<Recorded> history = PlausibleHistory.generate(3, 40, 1500);
    QuerySide querySide;
    Configuration axon;

    /** Replayed events at or beyond this position wait until the gate opens. */
    volatile long gateAt = Long.MAX_VALUE;
    volatile boolean failAtGate;
    volatile CountDownLatch gate = new CountDownLatch(0);
    final Set<String> atGate = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        gate.countDown();
        if (axon != null) {
            axon.shutdown();
        }
        mongo.close();
    }

    /** What a node holds back of a replay across batches (a new one per node); null: every batch writes. */
    DeferredReplayWrites replayWrites() {
        return null;
    }

    /** Whether {@link #replayWrites()} lets a replay hold documents back across batches. */
    boolean holdsReplayWrites() {
        return false;
    }

    /** The processors' token store on a node with {@code replayWrites} (null: none). */
    TokenStore tokenStore(DeferredReplayWrites replayWrites) {
        return replayWrites == null ? tokens : replayWrites.tokenStore(tokens);
    }

    void start() {
        DeferredReplayWrites replayWrites = replayWrites();
        querySide = new QuerySide(db, db, new StoreEventLog(engine), replayWrites);
        querySide.ensureIndexes();
        var configurer = DefaultConfigurer.defaultConfiguration().configureEmbeddedEventStore(c -> engine);
        configurer.eventProcessing(ep -> {
            ep.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            ep.registerTokenStore(c -> tokenStore(replayWrites));
            querySide.projectionsByGroup().forEach((group, projection) -> {
                ep.registerTrackingEventProcessor(group, c -> c.eventStore(),
                        // collaborations handles few events: small batches, so some are written before its gate
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(group.equals("collaborations") ? 5 : 50));
                ep.registerSequencingPolicy(group, c -> QuerySide.sequencingPolicy());
                ep.registerEventHandler(c -> projection);
                ep.registerHandlerInterceptor(group, c -> querySide.batchInterceptor(group));
                ep.registerHandlerInterceptor(group, c -> (unitOfWork, chain) -> {
                    if (ReplayToken.isReplay(unitOfWork.getMessage())
                            && Positions.of(((org.axonframework.eventhandling.TrackedEventMessage<?>)
                            unitOfWork.getMessage()).trackingToken()) >= gateOf(group)) {
                        atGate.add(group);
                        gate.await();
                        if (failAtGate) {
                            throw new IllegalStateException("node stopped in the middle of the replay");
                        }
                    }
                    return chain.proceed();
                });
            });
        });
        axon = configurer.start();
    }

    /** Half-way through what {@code group} handles (collaborations: only the collaboration events). */
    private long gateOf(String group) {
        if (gateAt == Long.MAX_VALUE || !group.equals("collaborations")) {
            return gateAt;
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).aggregateType().equals("Collaboration")) {
                positions.add(i);
            }
        }
        return positions.get(positions.size() / 2);
    }

    TrackingEventProcessor processor(String group) {
        return axon.eventProcessingConfiguration().eventProcessor(group, TrackingEventProcessor.class).orElseThrow();
    }

    void publish() {
        for (Recorded r : history) {
            axon.eventStore().publish(new GenericDomainEventMessage<>(r.aggregateType(), r.aggregateId(), r.seq(),
                    r.payload(), MetaData.emptyInstance(), UUID.nameUUIDFromBytes(
                    (r.aggregateId() + "#" + r.seq()).getBytes()).toString(), r.at()));
        }
    }

    void awaitCatchUp() throws InterruptedException {
        long head = engine.createHeadToken().position().orElse(-1);
        await("caught up", () -> querySide.projectionsByGroup().keySet().stream().allMatch(group -> {
            TrackingEventProcessor p = processor(group);
            return !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
        }));
    }

    private static Set<String> atGateNow = Set.of();
    private static Object statusNow = "";

    void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            atGateNow = Set.copyOf(atGate);
            statusNow = axon == null ? "" : querySide.projectionsByGroup().keySet().stream()
                    .map(g -> g + "=" + processor(g).processingStatus() + " error " + processor(g).isError()).toList();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting until " + what + "; at gate " + atGateNow + ", " + statusNow);
    }

    /** What a reader sees: every query the read models answer, for the history's collaboration. */
    Map<String, Object> answers() {
        ReadModelQueryHandlers queries = (ReadModelQueryHandlers) querySide.queryHandlers().get(0);
        CollaborationQueries collaborations = (CollaborationQueries) querySide.queryHandlers().get(1);
        Instant now = history.get(history.size() - 1).at().plus(Duration.ofDays(1));
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("collaboration", collaborations.handle(new FindCollaboration(CID, null)));
        answers.put("collaborations of cora", collaborations.handle(new FindCollaborationsOfMember("cora")));
        answers.put("list", queries.handle(new FindIssues(CID, null, null, null, null, null, null, 0, 500, null)));
        answers.put("report", queries.handle(new FindOpenConflictReport(CID, now, null)));
        answers.put("decisions", queries.handle(new FindDecisions(CID, null)));
        PlausibleHistory.PARTY_OF.keySet().forEach(u -> answers.put("inbox " + u,
                queries.handle(new FindInbox(u, List.of(CID), null))));
        history.stream().filter(r -> r.aggregateType().equals("Issue")).map(Recorded::aggregateId).distinct()
                .forEach(id -> answers.put("issue " + id, queries.handle(new FindIssue(CID, id, null))));
        answers.put("audit", queries.handle(new FindAuditTrail(CID, null, null, null, null, 700, 1000)).entries());
        answers.put("audit issue-3", queries.handle(new FindAuditTrail(CID, "issue-3", null, null, null, -1, 1000)));
        return answers;
    }

    /** The read-model documents by logical collection name (generation suffix left off). */
    Map<String, List<String>> documents() {
        Map<String, List<String>> all = new TreeMap<>();
        Mongo.dump(db, BATCH_DEPENDENT).forEach((name, docs) -> {
            if (!name.equals(Generations.COLLECTION)) {
                assertThat(all.put(name.replaceAll("__g\\d+$", ""), docs)).as("two generations of " + name).isNull();
            }
        });
        return all;
    }

    private long sumOfSeq(String collection) {
        long sum = 0;
        for (Document d : db.getCollection(collection).find()) {
            sum += ((Number) d.get("seq")).longValue();
        }
        return sum;
    }

    Map<String, Generations.Outcome> completeRebuilds(Instant now) {
        Map<String, Generations.Outcome> outcomes = new TreeMap<>();
        for (String group : querySide.projectionsByGroup().keySet()) {
            outcomes.put(group, querySide.completeRebuild(group, processor(group).processingStatus(), 1, now));
        }
        return outcomes;
    }

    void replayAll() {
        querySide.projectionsByGroup().keySet().forEach(group -> querySide.replay(group, processor(group)));
    }

    /** Completes the rebuilds as infra's periodic check does, then drops the old generations. */
    void awaitRebuilt() throws InterruptedException {
        Set<String> switched = ConcurrentHashMap.newKeySet();
        Instant now = Instant.now();
        await("every replay caught up and switched", () -> {
            completeRebuilds(now).forEach((group, outcome) -> {
                if (outcome == Generations.Outcome.SWITCHED) {
                    switched.add(group);
                }
            });
            return switched.size() == querySide.projectionsByGroup().size();
        });
        assertThat(completeRebuilds(now.plus(Generations.DROP_DELAY)).values())
                .containsOnly(Generations.Outcome.DROPPED);
    }

    @Test
    void queriesAnswerTheOldCompleteStateDuringAReplayAndTheIdenticalRebuiltStateAfterIt() throws Exception {
        start();
        publish();
        awaitCatchUp();
        Map<String, Object> before = answers();
        Map<String, List<String>> documentsBefore = documents();
        Set<String> generationZero = new java.util.TreeSet<>(db.listCollectionNames().into(new ArrayList<>()));

        gate = new CountDownLatch(1);
        gateAt = history.size() / 2;
        replayAll();
        await("every replay half-way", () -> atGate.size() == querySide.projectionsByGroup().size());

        // half rebuilt, in generation 1; queries still read the complete generation 0
        for (String group : querySide.projectionsByGroup().keySet()) {
            Generations.State state = querySide.generations(group).orElseThrow().state();
            assertThat(state.serving()).as(group).isZero();
            assertThat(state.building()).as(group).isEqualTo(1L);
        }
        assertThat(sumOfSeq(Generations.physical("issue_views", 1))).isPositive()
                .isLessThan(sumOfSeq("issue_views"));
        if (!holdsReplayWrites()) { // a replay holding its writes back may not have written this one yet
            assertThat(((Number) db.getCollection(Generations.physical("collaboration_views", 1)).find().first()
                    .get("version")).longValue()).isLessThan(
                    ((Number) db.getCollection("collaboration_views").find().first().get("version")).longValue());
        }
        assertThat(answers()).isEqualTo(before);
        assertThat(completeRebuilds(Instant.now()).values()).containsOnly(Generations.Outcome.BUILDING);
        assertThat(answers()).isEqualTo(before);

        gate.countDown();
        awaitRebuilt();

        assertThat(answers()).isEqualTo(before);
        assertThat(documents()).isEqualTo(documentsBefore);
        List<String> collections = db.listCollectionNames().into(new ArrayList<>());
        generationZero.remove(Generations.COLLECTION);
        assertThat(collections).as("generation 0 dropped").doesNotContainAnyElementsOf(generationZero);
        assertThat(collections).contains("issue_views__g1", "collaboration_views__g1", "inbox_items__g1");
        for (String group : querySide.projectionsByGroup().keySet()) {
            Generations.State state = querySide.generations(group).orElseThrow().state();
            assertThat(state.serving()).as(group).isEqualTo(1L);
            assertThat(state.building()).as(group).isNull();
        }
    }

    @Test
    void aNodeRestartedInTheMiddleOfAReplayGoesOnRebuildingTheNewGeneration() throws Exception {
        start();
        publish();
        awaitCatchUp();
        Map<String, Object> before = answers();
        Map<String, List<String>> documentsBefore = documents();

        gate = new CountDownLatch(1);
        gateAt = history.size() / 2;
        replayAll();
        await("every replay half-way", () -> atGate.size() == querySide.projectionsByGroup().size());
        // the node dies half-way: the batch at the gate fails, nothing of it is written, the tokens stay where they are
        failAtGate = true;
        gate.countDown();
        axon.shutdown();
        gateAt = Long.MAX_VALUE;
        failAtGate = false;

        start(); // a new node on the same database, token store and events
        assertThat(answers()).as("served from the old generation after the restart").isEqualTo(before);
        awaitRebuilt();

        assertThat(answers()).isEqualTo(before);
        assertThat(documents()).isEqualTo(documentsBefore);
        assertThat(db.getCollection("issue_views").countDocuments()).isZero();
    }

    @Test
    void aRebuildWhoseTokensWereNeverResetIsAbandonedAndWritesStayOnTheServingGeneration() throws Exception {
        start();
        publish();
        awaitCatchUp();
        Generations views = querySide.generations("issue-views").orElseThrow();
        views.beginRebuild(); // and the node dies before the tokens are reset

        axon.shutdown();
        start();
        await("abandoned", () -> querySide.completeRebuild("issue-views", processor("issue-views").processingStatus(),
                1, Instant.now()) == Generations.Outcome.ABANDONED);
        assertThat(querySide.generations("issue-views").orElseThrow().state().building()).isNull();
        assertThat(db.listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.endsWith("__g1"));
        assertThat(db.getCollection("issue_views").countDocuments()).isEqualTo(40);
        assertThat(db.getCollection(Generations.COLLECTION).find(new Document("_id", "issue-views")).first()
                .get("serving")).isEqualTo(0L);
    }
}
