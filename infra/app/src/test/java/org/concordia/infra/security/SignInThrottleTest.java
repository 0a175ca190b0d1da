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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Two nodes (two throttles, one database): what one node counts, the other enforces. The clock is moved, never
 * slept.
 */
class SignInThrottleTest {

    static final SignInProperties POLICY = new SignInProperties(3, 5, Duration.ofSeconds(10), Duration.ofSeconds(60),
                                                                Duration.ofMinutes(10), Duration.ofMinutes(5), 100);

    @TempDir
    Path dataDir;
    StoreHarness store;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    final List<SignInFailureListener.SignInLockout> lockouts = new CopyOnWriteArrayList<>();
    SignInThrottle nodeA;
    SignInThrottle nodeB;

    @BeforeEach
    void start() {
        store = StoreHarness.database(dataDir);
        MongoDatabase database = store.database;
        nodeA = new SignInThrottle(database, POLICY, List.of(lockouts::add), clock);
        nodeB = new SignInThrottle(database, POLICY, List.of(lockouts::add), clock);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void failuresCountedOnOneNodeLockTheAccountOutOnTheOtherWithDelaysThatDoubleUpToTheMaximum() {
        fail(nodeA, "tess", "10.0.0.1");
        fail(nodeA, "tess", "10.0.0.2");
        nodeB.check("tess", "10.0.0.3"); // two failures: still open
        fail(nodeA, "tess", "10.0.0.1"); // the third reaches the threshold

        assertThat(lockedFor(nodeB, "tess", "10.0.0.3")).isEqualTo(10);
        assertThat(lockouts).singleElement().satisfies(lockout -> {
            assertThat(lockout.subject()).isEqualTo(SignInFailureListener.Subject.ACCOUNT);
            assertThat(lockout.username()).isEqualTo("tess");
            assertThat(lockout.address()).isEqualTo("10.0.0.1");
            assertThat(lockout.failures()).isEqualTo(3);
            assertThat(lockout.lockedUntil()).isEqualTo(clock.instant().plusSeconds(10));
        });

        clock.advance(Duration.ofSeconds(10));
        fail(nodeB, "tess", "10.0.0.3");
        assertThat(lockedFor(nodeA, "tess", "10.0.0.4")).isEqualTo(20);
        clock.advance(Duration.ofSeconds(20));
        fail(nodeA, "tess", "10.0.0.4");
        assertThat(lockedFor(nodeB, "tess", "10.0.0.4")).isEqualTo(40);
        clock.advance(Duration.ofSeconds(40));
        fail(nodeA, "tess", "10.0.0.4");
        assertThat(lockedFor(nodeB, "tess", "10.0.0.4")).isEqualTo(60); // 80 s, capped at the maximum
        assertThat(lockouts).hasSize(4);
    }

    @Test
    void aSuccessOnOneNodeClearsTheAccountForTheOther() {
        for (int i = 0; i < 2; i++) {
            fail(nodeA, "tess", "10.0.0.1");
        }
        nodeB.succeeded("tess", nodeB.check("tess", "10.0.0.1"));
        fail(nodeA, "tess", "10.0.0.1");
        fail(nodeA, "tess", "10.0.0.1");
        nodeB.check("tess", "10.0.0.1"); // two since the success: not locked
        assertThat(lockouts).isEmpty();
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedOutForEveryAccountAndASuccessDoesNotClearIt() {
        for (int i = 0; i < 5; i++) {
            fail(nodeA, "user" + i, "203.0.113.9");
        }
        assertThat(lockedFor(nodeB, "someone-else", "203.0.113.9")).isEqualTo(10);
        nodeB.check("someone-else", "198.51.100.1"); // the account itself is fine from elsewhere
        assertThat(lockouts).singleElement().satisfies(lockout -> {
            assertThat(lockout.subject()).isEqualTo(SignInFailureListener.Subject.ADDRESS);
            assertThat(lockout.address()).isEqualTo("203.0.113.9");
        });

        clock.advance(Duration.ofSeconds(10));
        nodeB.succeeded("valid", nodeB.check("valid", "203.0.113.9"));
        fail(nodeA, "user9", "203.0.113.9");
        assertThat(lockedFor(nodeB, "valid", "203.0.113.9")).isEqualTo(20);
    }

    @Test
    void countsAreForgottenAfterTheirLastFailure() {
        for (int i = 0; i < 3; i++) {
            fail(nodeA, "tess", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        nodeB.check("tess", "10.0.0.1");
        fail(nodeB, "tess", "10.0.0.1");
        fail(nodeB, "tess", "10.0.0.1");
        nodeA.check("tess", "10.0.0.1"); // counting started again at 1: two failures, not five
    }

    @Test
    void aNameLongerThanAnyAccountIsCountedUnderItsDigest() {
        String longName = "x".repeat(5_000);
        fail(nodeA, longName, null);
        assertThat(nodeA.countedIds()).singleElement().asString().startsWith("user#sha256:").hasSizeLessThan(100);
    }

    private void fail(SignInThrottle node, String username, String address) {
        node.failed(username, address, node.check(username, address));
    }

    /** Retry-After of a refused check, in seconds. */
    private static long lockedFor(SignInThrottle node, String username, String address) {
        SignInThrottled refused = catchThrowableOfType(SignInThrottled.class, () -> node.check(username, address));
        assertThat(refused).as("locked out").isNotNull();
        return refused.retryAfterSeconds();
    }
}
