package org.concordia.infra.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Concordia's own settings. With no MongoDB URI the app runs the embedded server on {@code dataDir}.
 *
 * @param dataDir    where the embedded MongoDB keeps its file (env {@code CONCORDIA_DATA_DIR})
 * @param mongodb    a real MongoDB to use instead of the embedded one
 * @param embedded   tuning of the embedded server
 * @param eventStore tuning of the event storage engine
 */
@ConfigurationProperties("concordia")
public record ConcordiaProperties(@DefaultValue("./data") Path dataDir,
                                  @DefaultValue Mongodb mongodb,
                                  @DefaultValue Embedded embedded,
                                  @DefaultValue EventStore eventStore) {

    /**
     * @param uri      {@code mongodb://…} of a replica set (env {@code CONCORDIA_MONGODB_URI}); empty = embedded
     * @param database the database holding events, tokens, deadlines and read models
     */
    public record Mongodb(String uri, @DefaultValue("concordia") String database) {
        public boolean isExternal() {
            return uri != null && !uri.isBlank();
        }
    }

    /** @param cacheSizeMb MVStore page cache; the H2 default (16 MB) made scans about 30 times slower */
    public record Embedded(@DefaultValue("256") int cacheSizeMb) {
    }

    /**
     * @param gapTimeout   how long an allocated position that was never written holds back delivery
     * @param batchSize    events per tracking fetch
     * @param snapshotEvery events between aggregate snapshots
     * @param claimTimeout how long a node's claim on a processor segment lasts without being renewed; the claim is
     *                     renewed once per batch, so it must exceed the slowest batch (a 500-event projection batch
     *                     took about 10 s on a machine under heavy load), or another node takes the segment mid-batch
     */
    public record EventStore(@DefaultValue("10s") Duration gapTimeout,
                             @DefaultValue("100") int batchSize,
                             @DefaultValue("100") int snapshotEvery,
                             @DefaultValue("60s") Duration claimTimeout) {
    }
}
