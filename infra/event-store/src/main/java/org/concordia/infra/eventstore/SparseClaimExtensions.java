package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token store that renews a claim at most once per {@code every}: an idle tracking processor asks to extend its
 * claim after every wait for events (once a second), which was the whole write load of an idle instance (seven
 * writes a second). A claim renewed, or a token stored, less than {@code every} ago is still good for the claim
 * timeout minus {@code every}, so the request is answered without a write. Everything else goes to {@code delegate}.
 */
public final class SparseClaimExtensions implements TokenStore {

    private final TokenStore delegate;
    private final long everyMillis;
    private final Clock clock;
    private final Map<String, Long> renewedAt = new ConcurrentHashMap<>();

    /** @param every must be well below the claim timeout: a claim may go unrenewed this long */
    public SparseClaimExtensions(TokenStore delegate, Duration every, Clock clock) {
        this.delegate = delegate;
        this.everyMillis = every.toMillis();
        this.clock = clock;
    }

    private static String key(String processorName, int segment) {
        return processorName + "\u0000" + segment;
    }

    private void renewed(String processorName, int segment) {
        renewedAt.put(key(processorName, segment), clock.millis());
    }

    private void forgotten(String processorName, int segment) {
        renewedAt.remove(key(processorName, segment));
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        Long last = renewedAt.get(key(processorName, segment));
        if (last != null && clock.millis() - last < everyMillis) {
            return;
        }
        delegate.extendClaim(processorName, segment);
        renewed(processorName, segment);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment)
            throws UnableToClaimTokenException {
        delegate.storeToken(token, processorName, segment);
        renewed(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        renewed(processorName, segment);
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment)
            throws UnableToClaimTokenException {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        renewed(processorName, segment.getSegmentId());
        return token;
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        forgotten(processorName, segment);
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount,
                                        TrackingToken initialToken) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        forgotten(processorName, segment);
        delegate.deleteToken(processorName, segment);
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
