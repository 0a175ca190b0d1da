package org.concordia.infra.config;

import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Concordia's own settings. With no MongoDB URI the app runs the embedded server on {@code dataDir}.
 *
 * @param dataDir    where the embedded MongoDB keeps its file (env {@code CONCORDIA_DATA_DIR})
 * @param mongodb    a real MongoDB to use instead of the embedded one
 * @param embedded   tuning of the embedded server
 * @param eventStore tuning of the event storage engine
 * @param backupDir  where {@code POST /api/v1/admin/backup} writes backups of the embedded store (env
 *                   {@code CONCORDIA_BACKUP_DIR}), one directory each
 * @param retention  retention and legal hold of read-model data (never of events)
 */
@ConfigurationProperties("concordia")
public record ConcordiaProperties(@DefaultValue("./data") Path dataDir,
                                  @DefaultValue Mongodb mongodb,
                                  @DefaultValue Embedded embedded,
                                  @DefaultValue EventStore eventStore,
                                  @DefaultValue("./backups") Path backupDir,
                                  @DefaultValue Retention retention) {

    /**
     * @param keepReplaced how long a projection's collections replaced by a rebuild are kept after the switch
     * @param legalHold    projections (processing groups) on legal hold: their replaced collections are kept and
     *                     they are not rebuilt until the hold is lifted
     */
    public record Retention(@DefaultValue("2s") Duration keepReplaced, @DefaultValue Set<String> legalHold) {
    }

    /**
     * @param uri      {@code mongodb://…} of a replica set (env {@code CONCORDIA_MONGODB_URI}); empty = embedded
     * @param database the database holding events, tokens, deadlines and read models
     */
    public record Mongodb(String uri, @DefaultValue("concordia") String database) {
        public boolean isExternal() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param cacheSizeMb   MVStore page cache; the H2 default (16 MB) made scans about 30 times slower
     * @param retention     how long the space of a dead chunk is kept before it is reused: the file holds what is
     *                      written in that time on top of the live data (MVStore's default, 45 s, let it grow by the
     *                      write rate times 45 s; at 5,000 comments on one issue, 5.3 MB live, the file was 41.5 MB
     *                      with 2 s and 20.5 MB with 500 ms: BENCHMARKS.md, "Storage")
     * @param flushInterval how often writes acknowledged without a commit (read models, tracking tokens) are
     *                      committed, and the file fsynced
     */
    public record Embedded(@DefaultValue("256") int cacheSizeMb, Duration retention, Duration flushInterval) {
        public Embedded {
            // unset: the embedded server's own defaults, kept in one place
            retention = retention != null ? retention : EmbeddedMongoServer.Settings.DEFAULT_RETENTION;
            flushInterval = flushInterval != null ? flushInterval : EmbeddedMongoServer.Settings.DEFAULT_FLUSH_INTERVAL;
            // a chunk's space may be overwritten only once the commit that replaced it is on disk, and that commit
            // is fsynced within one flush interval: twice that leaves the fsync time to do it under load
            if (retention.compareTo(flushInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("concordia.embedded.retention (" + retention
                        + ") must be at least twice concordia.embedded.flush-interval (" + flushInterval
                        + "): a dead chunk's space must not be reused before the commit that replaced it is fsynced");
            }
        }
    }

    /**
     * @param gapTimeout   how long an allocated position that was never written holds back delivery
     * @param batchSize    events per tracking fetch
     * @param snapshotEvery events between aggregate snapshots, at least (a tenth of the history once that is longer)
     * @param claimTimeout how long a node's claim on a processor segment lasts without being renewed; the claim is
     *                     renewed once per batch, so it must exceed the slowest batch (a 500-event projection batch
     *                     took about 10 s on a machine under heavy load), or another node takes the segment mid-batch
     * @param nodeId       the name this node claims processor segments under; unset, Axon's default ({@code pid@host}),
     *                     which two nodes in one JVM (a test) share, so such nodes must each be given one
     * @param aggregateCache keep aggregates in memory between commands; unset: on with the embedded server, off with
     *                     {@code concordia.mongodb.uri} (another node's events would make a cached aggregate stale)
     */
    public record EventStore(@DefaultValue("10s") Duration gapTimeout,
                             @DefaultValue("100") int batchSize,
                             @DefaultValue("100") int snapshotEvery,
                             @DefaultValue("60s") Duration claimTimeout,
                             String nodeId,
                             Boolean aggregateCache) {
    }
}
