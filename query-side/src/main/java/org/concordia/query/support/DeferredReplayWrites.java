package org.concordia.query.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Lets a replaying projection keep its changed documents in memory across tracking batches and write them once per
 * {@link #documentsHeld()} documents instead of once per batch ({@link WriteBatch}): a replay folds every event of
 * the history, and a document an issue's events touch ten times is then written about once instead of ten times.
 * <p>
 * The price is that the projection's stored token must not pass what it has not written: {@link #tokenStore} wraps
 * the processors' token store so that, while a segment holds unwritten documents, storing its token only renews its
 * claim. A crash (or a lost claim, a stop, a reset) then redelivers from the last write, as for any batch, and the
 * documents held are dropped whenever the segment's token is fetched or its claim released: the next batch starts
 * from what is stored. Only replay batches are held back ({@code ReplayToken}), never the one that reaches the
 * position of the reset, and what is held is written before a token is stored outside a batch (the processor went
 * past events its projections do not handle): so a replay is written out in full before it reports itself done.
 */
public final class DeferredReplayWrites {

    private final int documentsHeld;
    /** Processor segments whose stored token lags what they handled (their documents are held, not written). */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    /** Per processor segment: changes whenever its token is fetched or its claim given up. */
    private final Map<String, Long> claims = new ConcurrentHashMap<>();
    /** Per processor segment holding documents: what each projection holds. */
    private final Map<String, Map<Object, Held>> writers = new ConcurrentHashMap<>();

    /** What one projection holds for a segment. */
    interface Held {
        void write();

        /** Forgets it (its events will be delivered again). */
        void drop();
    }
    private final AtomicLong batchesHeld = new AtomicLong();

    /** @param documentsHeld at most this many documents per projection and segment are held back; 0: none */
    public DeferredReplayWrites(int documentsHeld) {
        if (documentsHeld < 0) {
            throw new IllegalArgumentException("documentsHeld must be >= 0: " + documentsHeld);
        }
        this.documentsHeld = documentsHeld;
    }

    public int documentsHeld() {
        return documentsHeld;
    }

    static String segmentKey(String processorName, int segment) {
        return processorName + "\u0000" + segment;
    }

    /** What identifies the current claim of the segment: documents held under another claim are stale. */
    long claim(String segmentKey) {
        return claims.getOrDefault(segmentKey, 0L);
    }

    /** The segment's batch left its writes to a later one; {@code writers} write what each projection holds. */
    void holding(String segmentKey, Map<Object, Held> writers) {
        this.writers.computeIfAbsent(segmentKey, k -> new ConcurrentHashMap<>()).putAll(writers);
        holding.add(segmentKey);
        batchesHeld.incrementAndGet();
    }

    /** How many tracking batches left their writes to a later one, since this started. */
    public long batchesHeld() {
        return batchesHeld.get();
    }

    void written(String segmentKey) {
        holding.remove(segmentKey);
        writers.remove(segmentKey);
    }

    /** Writes what the segment holds (its processor is about to store a token outside a batch). */
    private void writeHeld(String segmentKey) {
        Map<Object, Held> held = writers.get(segmentKey);
        if (held != null) {
            held.values().forEach(Held::write);
        }
        written(segmentKey);
    }

    /** Whether the processor's segment holds documents back (its stored token behind what it handled). */
    public boolean isHolding(String processorName, int segment) {
        return holding.contains(segmentKey(processorName, segment));
    }

    private void reclaimed(String processorName, int segment) {
        String key = segmentKey(processorName, segment);
        holding.remove(key);
        Map<Object, Held> held = writers.remove(key);
        if (held != null) { // what was held under the earlier claim is dropped: its events come again
            held.values().forEach(Held::drop);
        }
        claims.merge(key, 1L, Long::sum);
    }

    /** {@code delegate}, with tokens not stored while their segment holds unwritten documents. */
    public TokenStore tokenStore(TokenStore delegate) {
        return new HoldingTokenStore(delegate);
    }

    private final class HoldingTokenStore implements TokenStore {

        private final TokenStore delegate;

        HoldingTokenStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment)
                throws UnableToClaimTokenException {
            String key = segmentKey(processorName, segment);
            if (holding.contains(key) && CurrentUnitOfWork.isStarted()) {
                delegate.extendClaim(processorName, segment); // the claim is kept; the token waits for the write
            } else {
                // outside a batch: the processor passed events none of its projections handle (possibly up to
                // the end of the replay); what is held is written before the token moves past it
                if (holding.contains(key)) {
                    writeHeld(key);
                }
                delegate.storeToken(token, processorName, segment);
            }
        }

        @Override
        public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
            delegate.extendClaim(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
            reclaimed(processorName, segment);
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
            reclaimed(processorName, segment.getSegmentId());
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            reclaimed(processorName, segment);
            delegate.releaseClaim(processorName, segment);
        }

        @Override
        public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
            reclaimed(processorName, segment);
            delegate.deleteToken(processorName, segment);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount)
                throws UnableToClaimTokenException {
            delegate.initializeTokenSegments(processorName, segmentCount);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
                throws UnableToClaimTokenException {
            delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment)
                throws UnableToInitializeTokenException {
            reclaimed(processorName, segment);
            delegate.initializeSegment(token, processorName, segment);
        }

        @Override
        public boolean requiresExplicitSegmentInitialization() {
            return delegate.requiresExplicitSegmentInitialization();
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return delegate.fetchSegments(processorName);
        }

        @Override
        public List<Segment> fetchAvailableSegments(String processorName) {
            return delegate.fetchAvailableSegments(processorName);
        }

        @Override
        public Optional<String> retrieveStorageIdentifier() {
            return delegate.retrieveStorageIdentifier();
        }
    }
}
