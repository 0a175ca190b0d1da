package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.concordia.query.support.Generations;
import org.concordia.query.support.DeferredReplayWrites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same replays, with each view holding up to 150 documents back across tracking batches of 50 events (the app
 * sizes this on its heap): the rebuilt generations hold exactly what the old ones held, queries are served
 * meanwhile, and a node that dies with documents held (its tokens behind them) rebuilds the rest from where it wrote.
 */
class ReplayWithHeldWritesKeepsQueriesServedTest extends ReplayKeepsQueriesServedTest {

    private DeferredReplayWrites lastNode;
    private int documentsHeld = 150;

    /**
     * While set, the token the collaborations processor stores outside a batch at the end of its replay waits here,
     * before anything of it runs.
     */
    private volatile CountDownLatch outsideABatch;
    private final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    TokenStore tokenStore(DeferredReplayWrites replayWrites) {
        TokenStore holding = super.tokenStore(replayWrites);
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                (proxy, method, args) -> {
                    CountDownLatch latch = outsideABatch;
                    if (latch != null && method.getName().equals("storeToken") && "collaborations".equals(args[1])
                            && !CurrentUnitOfWork.isStarted() && args[0] instanceof ReplayToken replay
                            && replay.position().orElse(-1) >= replay.getTokenAtReset().position().orElse(0)) {
                        waiting.countDown();
                        latch.await();
                    }
                    try {
                        return method.invoke(holding, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void release() {
        CountDownLatch latch = outsideABatch;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    boolean holdsReplayWrites() {
        return true;
    }

    @Override
    DeferredReplayWrites replayWrites() {
        lastNode = new DeferredReplayWrites(documentsHeld);
        return lastNode;
    }

    @Test
    void aReplayHoldsBatchesBackAndHasWrittenEverythingWhenItCompletes() throws Exception {
        start();
        publish();
        awaitCatchUp();
        // (a processor's first run is a replay in Axon's sense, up to the head when it started: it may hold too)
        assertThat(querySide.projectionsByGroup().keySet()).noneMatch(group -> lastNode.isHolding(group, 0));
        long heldBefore = lastNode.batchesHeld();
        Map<String, Object> before = answers();
        Map<String, List<String>> documentsBefore = documents();

        replayAll();
        awaitRebuilt();

        assertThat(lastNode.batchesHeld()).isGreaterThan(heldBefore);
        assertThat(querySide.projectionsByGroup().keySet()).noneMatch(group -> lastNode.isHolding(group, 0));
        assertThat(answers()).isEqualTo(before);
        assertThat(documents()).isEqualTo(documentsBefore);
    }

    @Test
    void aRebuildIsNotCompletedWhileItsProcessorStillHoldsDocumentsBack() throws Exception {
        start();
        publish();
        awaitCatchUp();
        Map<String, List<String>> documentsBefore = documents();

        outsideABatch = new CountDownLatch(1);
        replayAll();
        // collaborations handles only the first events: its replay reports done, then stores its token outside a
        // batch, which writes what it held
        assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
        await("collaborations reports its replay done", () -> processor("collaborations").processingStatus()
                .values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1)
                        >= s.getResetPosition().orElse(Long.MAX_VALUE)));
        assertThat(lastNode.isHolding("collaborations", 0)).isTrue();
        assertThat(querySide.completeRebuild("collaborations", processor("collaborations").processingStatus(), 1,
                Instant.now())).isEqualTo(Generations.Outcome.BUILDING);
        assertThat(querySide.generations("collaborations").orElseThrow().state().serving()).isZero();

        outsideABatch.countDown();
        outsideABatch = null;
        awaitRebuilt();
        assertThat(documents()).isEqualTo(documentsBefore);
    }

    @Test
    void aNodeThatDiesHoldingAllItReplayedRebuildsFromWhereItLastWrote() throws Exception {
        documentsHeld = Integer.MAX_VALUE;
        start();
        publish();
        awaitCatchUp();
        Map<String, List<String>> documentsBefore = documents();

        gate = new CountDownLatch(1);
        gateAt = history.size() / 2;
        replayAll();
        await("every replay half-way", () -> atGate.size() == querySide.projectionsByGroup().size());
        assertThat(db.getCollection(Generations.physical("issue_views", 1)).countDocuments())
                .as("half the replay handled, nothing of it written").isZero();
        failAtGate = true;
        gate.countDown();
        axon.shutdown();
        gateAt = Long.MAX_VALUE;
        failAtGate = false;

        start(); // its tokens must still be where the replay began
        awaitRebuilt();
        assertThat(documents()).isEqualTo(documentsBefore);
    }
}
