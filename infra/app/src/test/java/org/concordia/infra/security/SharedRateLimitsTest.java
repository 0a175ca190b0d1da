package org.concordia.infra.security;

import com.mongodb.client.MongoDatabase;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two limiters, one database) share one allowance per credential. The clock is moved, never slept; it
 * starts at the beginning of a 10-second slot.
 */
class SharedRateLimitsTest {

    @TempDir
    Path dataDir;
    StoreHarness store;
    MongoDatabase database;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    SharedRateLimits nodeA;
    SharedRateLimits nodeB;

    @BeforeEach
    void start() {
        store = StoreHarness.database(dataDir);
        database = store.database;
        nodeA = new SharedRateLimits(database, clock, false);
        nodeB = new SharedRateLimits(database, clock, false);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void requestsThroughBothNodesDrawOnOneAllowanceCountedExactlyBelowAHundredAMinute() {
        for (int i = 0; i < 10; i++) {
            assertThat((i % 2 == 0 ? nodeA : nodeB).tryConsume("basic:cora", 10).admitted()).as("request %d", i)
                                                                                          .isTrue();
        }
        SharedRateLimits.Decision refusedA = nodeA.tryConsume("basic:cora", 10);
        SharedRateLimits.Decision refusedB = nodeB.tryConsume("basic:cora", 10);

        assertThat(refusedA.admitted()).isFalse();
        assertThat(refusedB.admitted()).isFalse();
        assertThat(refusedA.retryAfterSeconds()).isEqualTo(60); // all ten leave the minute together
        assertThat(nodeA.tryConsume("basic:tom", 10).admitted()).as("another allowance").isTrue();

        clock.advance(Duration.ofSeconds(60));
        assertThat(nodeB.tryConsume("basic:cora", 10).admitted()).isTrue();
    }

    @Test
    void budgetComesBackSlotBySlotAsOldRequestsLeaveTheMinute() {
        consume(nodeA, "token:t1", 10, 4);
        clock.advance(Duration.ofSeconds(10));
        consume(nodeB, "token:t1", 10, 6);

        SharedRateLimits.Decision refused = nodeA.tryConsume("token:t1", 10);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(50); // the first four leave at 09:01:00

        clock.advance(Duration.ofSeconds(49));
        assertThat(nodeA.tryConsume("token:t1", 10).admitted()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        consume(nodeA, "token:t1", 10, 4);
        assertThat(nodeB.tryConsume("token:t1", 10).admitted()).isFalse();
    }

    @Test
    void nodesTakeBudgetInBatchesYetAdmitExactlyTheLimitInAllWhateverTheInterleaving() {
        long limit = 1000; // batches of 10
        Random random = new Random(17);
        int admitted = 0;
        for (int i = 0; i < 3000; i++) { // within 45 s: nothing leaves the minute
            SharedRateLimits node = random.nextBoolean() ? nodeA : nodeB;
            if (node.tryConsume("basic:busy", limit).admitted()) {
                admitted++;
            }
            clock.advance(Duration.ofMillis(15));
        }

        assertThat(admitted).isEqualTo(limit);
        // about one round trip per batch, plus one per node and slot for what it gave back and when refused
        assertThat(nodeA.roundTrips() + nodeB.roundTrips()).isLessThanOrEqualTo(limit / 10 + 2 * 5 + 2);
    }

    @Test
    void refusedRequestsCostNoRoundTripUntilTheTimeTheyWereTold() {
        consume(nodeA, "basic:ann", 3, 3);
        assertThat(nodeA.tryConsume("basic:ann", 3).admitted()).isFalse();
        long before = nodeA.roundTrips();

        for (int i = 0; i < 100; i++) {
            assertThat(nodeA.tryConsume("basic:ann", 3).admitted()).isFalse();
            clock.advance(Duration.ofMillis(100));
        }

        assertThat(nodeA.roundTrips()).isEqualTo(before);
    }

    @Test
    void countsOfAllowancesIdleForAMinuteAreSwept() {
        consume(nodeA, "basic:ann", 10, 2);
        consume(nodeB, "basic:bob", 10, 2);
        assertThat(database.getCollection(SharedRateLimits.COLLECTION).countDocuments()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(75)); // ann's count expired at 09:01:10
        consume(nodeA, "basic:bob", 10, 1);
        nodeA.sweep();

        assertThat(database.getCollection(SharedRateLimits.COLLECTION).find().map(d -> d.getString("_id")))
                .containsExactly("basic:bob");
    }

    @Test
    void batchesAreAHundredthOfTheLimitBetweenOneAndAHundred() {
        assertThat(SharedRateLimits.batchSize(5)).isEqualTo(1);
        assertThat(SharedRateLimits.batchSize(1200)).isEqualTo(12);
        assertThat(SharedRateLimits.batchSize(1_000_000_000)).isEqualTo(100);
    }

    private static void consume(SharedRateLimits node, String key, long limit, int requests) {
        for (int i = 0; i < requests; i++) {
            assertThat(node.tryConsume(key, limit).admitted()).as("%s request %d of %d", key, i + 1, requests)
                                                              .isTrue();
        }
    }
}
