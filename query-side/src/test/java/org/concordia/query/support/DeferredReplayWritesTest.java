package org.concordia.query.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

/** The token store side: a segment's token is not stored past the documents it holds back. */
class DeferredReplayWritesTest {

    private final InMemoryTokenStore stored = new InMemoryTokenStore();
    private final DeferredReplayWrites replayWrites = new DeferredReplayWrites(100);
    private final TokenStore tokens = replayWrites.tokenStore(stored);
    private final String segment = DeferredReplayWrites.segmentKey("views", 0);

    @Test
    void whileASegmentHoldsDocumentsItsTokenIsNotStoredAndTheNextWriteStoresItAgain() {
        tokens.initializeTokenSegments("views", 1, new GlobalSequenceTrackingToken(0));
        tokens.fetchToken("views", 0);
        tokens.storeToken(new GlobalSequenceTrackingToken(10), "views", 0);

        replayWrites.holding(segment, Map.of());
        inABatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(20), "views", 0));
        assertThat(replayWrites.isHolding("views", 0)).isTrue();
        assertThat(stored.fetchToken("views", 0)).isEqualTo(new GlobalSequenceTrackingToken(10));
        assertThat(replayWrites.isHolding("views", 1)).as("other segments").isFalse();

        replayWrites.written(segment);
        tokens.storeToken(new GlobalSequenceTrackingToken(30), "views", 0);
        assertThat(stored.fetchToken("views", 0)).isEqualTo(new GlobalSequenceTrackingToken(30));
        assertThat(replayWrites.batchesHeld()).isEqualTo(1);
    }

    @Test
    void outsideABatchWhatIsHeldIsWrittenBeforeTheTokenIsStored() {
        tokens.initializeTokenSegments("views", 1, new GlobalSequenceTrackingToken(0));
        tokens.fetchToken("views", 0);
        List<TrackingToken> storedWhenWritten = new ArrayList<>();
        Object projection = new Object();
        replayWrites.holding(segment, Map.of(projection, held(() -> storedWhenWritten.add(stored.fetchToken("views", 0)),
                () -> { })));
        inABatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(20), "views", 0));
        assertThat(storedWhenWritten).isEmpty();

        // the processor went past events no projection of it handles: it stores the token outside a batch
        tokens.storeToken(new GlobalSequenceTrackingToken(40), "views", 0);
        assertThat(storedWhenWritten).containsExactly(new GlobalSequenceTrackingToken(0));
        assertThat(stored.fetchToken("views", 0)).isEqualTo(new GlobalSequenceTrackingToken(40));
        assertThat(replayWrites.isHolding("views", 0)).isFalse();
        tokens.storeToken(new GlobalSequenceTrackingToken(50), "views", 0);
        assertThat(storedWhenWritten).as("written once").hasSize(1);
    }

    private static DeferredReplayWrites.Held held(Runnable write, Runnable drop) {
        return new DeferredReplayWrites.Held() {
            @Override
            public void write() {
                write.run();
            }

            @Override
            public void drop() {
                drop.run();
            }
        };
    }

    private static void inABatch(Runnable work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            work.run();
        } finally {
            unitOfWork.commit();
        }
    }

    @Test
    void fetchingTheTokenOrReleasingTheClaimDropsWhatWasHeldUnderTheEarlierClaim() {
        tokens.initializeTokenSegments("views", 1, new GlobalSequenceTrackingToken(0));
        tokens.fetchToken("views", 0);
        long claim = replayWrites.claim(segment);
        replayWrites.holding(segment, Map.of());

        List<String> written = new ArrayList<>();
        replayWrites.holding(segment, Map.of(new Object(), held(() -> written.add("written"),
                () -> written.add("dropped"))));
        tokens.releaseClaim("views", 0);
        assertThat(replayWrites.isHolding("views", 0)).isFalse();
        assertThat(replayWrites.claim(segment)).isNotEqualTo(claim);

        long released = replayWrites.claim(segment);
        replayWrites.holding(segment, Map.of());
        tokens.fetchToken("views", 0);
        assertThat(replayWrites.isHolding("views", 0)).isFalse();
        assertThat(replayWrites.claim(segment)).isNotEqualTo(released);
        tokens.storeToken(new GlobalSequenceTrackingToken(5), "views", 0);
        assertThat(stored.fetchToken("views", 0)).isEqualTo(new GlobalSequenceTrackingToken(5));
        assertThat(written).as("dropped, not written: the events come again from the stored token")
                .containsExactly("dropped");
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new DeferredReplayWrites(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
