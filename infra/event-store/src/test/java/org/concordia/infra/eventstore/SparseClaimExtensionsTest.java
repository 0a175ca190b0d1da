package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SparseClaimExtensionsTest {

    private final AtomicInteger extensions = new AtomicInteger();
    private final InMemoryTokenStore counting = new InMemoryTokenStore() {
        @Override
        public void extendClaim(String processorName, int segment) {
            extensions.incrementAndGet();
            super.extendClaim(processorName, segment);
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SparseClaimExtensions store = new SparseClaimExtensions(counting, Duration.ofSeconds(15), clock);

    @Test
    void anIdleProcessorRenewsItsClaimOncePerIntervalNotOnEveryRequest() {
        store.initializeTokenSegments("views", 1);
        store.fetchToken("views", 0); // claims
        for (int second = 0; second < 60; second++) {
            store.extendClaim("views", 0);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(extensions.get()).isEqualTo(3); // after 15, 30 and 45 s: never older than 15 s
    }

    @Test
    void storingATokenCountsAsARenewal() {
        store.initializeTokenSegments("views", 1);
        store.fetchToken("views", 0);
        clock.advance(Duration.ofSeconds(20));
        store.storeToken(new GlobalSequenceTrackingToken(5), "views", 0);
        clock.advance(Duration.ofSeconds(10));
        store.extendClaim("views", 0);
        assertThat(extensions.get()).isZero();
        clock.advance(Duration.ofSeconds(5));
        store.extendClaim("views", 0);
        assertThat(extensions.get()).isEqualTo(1);
    }

    @Test
    void afterAReleaseTheNextRequestGoesToTheStore() {
        store.initializeTokenSegments("views", 1);
        store.fetchToken("views", 0);
        store.releaseClaim("views", 0);
        store.extendClaim("views", 0); // the store decides whether there still is a claim to extend
        assertThat(extensions.get()).isEqualTo(1);
    }
}
