package org.concordia.infra.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes waits ({@code ?minVersion=n}) without a request thread each: the request is suspended
 * (Servlet async) and a small shared scheduler re-reads the view, backing off from 10 ms to 200 ms, until it has
 * caught up or {@code max-wait} has passed (then the view as it is, as before). Waits are bounded per user and in
 * all, so a client cannot park the server's memory or its readers: beyond either bound, 429 with Retry-After.
 * The view is polled rather than signalled because the projection that feeds it may run on another node.
 */
@Component
public class VersionWaits {

    private static final long FIRST_POLL_MILLIS = 10;
    private static final long LONGEST_POLL_MILLIS = 200;

    private final Duration maxWait;
    private final int perUser;
    private final int inAll;
    private final Map<String, Integer> waitsByUser = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService polls;

    VersionWaits(@Value("${concordia.read-your-writes.max-wait:2s}") Duration maxWait,
                 @Value("${concordia.read-your-writes.waits-per-user:8}") int perUser,
                 @Value("${concordia.read-your-writes.max-waits:1000}") int inAll,
                 MeterRegistry meters) {
        this.maxWait = maxWait;
        this.perUser = perUser;
        this.inAll = inAll;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "read-your-writes");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.polls = executor;
        Gauge.builder("concordia.reads.version-waits", waiting, AtomicInteger::get)
             .description("reads suspended until their view reaches the version asked for").register(meters);
    }

    /**
     * The view once {@code caughtUp} holds for it (or at the deadline, as it then is).
     *
     * @throws TooManyWaits when {@code username} already has the most waits allowed, or the server has
     */
    public <T> CompletableFuture<T> await(String username, Supplier<T> read, Predicate<T> caughtUp) {
        if (waitsByUser.merge(username, 1, Integer::sum) > perUser) {
            release(username, false);
            throw new TooManyWaits("You already have " + perUser + " reads waiting for a version; wait for them.");
        }
        if (waiting.incrementAndGet() > inAll) {
            release(username, true);
            throw new TooManyWaits("Too many reads are waiting for a version; try again shortly.");
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        answer.whenComplete((view, failure) -> release(username, true));
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            polls.execute(() -> poll(answer, read, caughtUp, deadline, FIRST_POLL_MILLIS));
        } catch (RuntimeException rejected) {
            answer.completeExceptionally(rejected);
        }
        return answer;
    }

    /** Reads in suspension now; for tests and metrics. */
    public int waiting() {
        return waiting.get();
    }

    private <T> void poll(CompletableFuture<T> answer, Supplier<T> read, Predicate<T> caughtUp, long deadline,
                          long delayMillis) {
        if (answer.isDone()) {
            return; // e.g. the client went away and the request timed out
        }
        try {
            T view = read.get();
            if (caughtUp.test(view) || System.nanoTime() - deadline >= 0) {
                answer.complete(view);
                return;
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            long next = Math.max(1, Math.min(delayMillis, remainingMillis));
            polls.schedule(() -> poll(answer, read, caughtUp, deadline, Math.min(delayMillis * 2, LONGEST_POLL_MILLIS)),
                           next, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    private void release(String username, boolean countedInAll) {
        if (countedInAll) {
            waiting.decrementAndGet();
        }
        waitsByUser.computeIfPresent(username, (user, count) -> count <= 1 ? null : count - 1);
    }

    @PreDestroy
    void stop() {
        polls.shutdownNow();
    }

    /** 429: the caller (or everyone) has as many suspended reads as allowed. */
    public static final class TooManyWaits extends ErrorResponseException {
        TooManyWaits(String detail) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(detail), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }

        private static ProblemDetail problem(String detail) {
            return ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-waits", "Too many waiting reads",
                                            detail);
        }
    }
}
