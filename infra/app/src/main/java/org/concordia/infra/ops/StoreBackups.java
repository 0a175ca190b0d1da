package org.concordia.infra.ops;

import org.concordia.infra.config.ConcordiaProperties;
import org.concordia.infra.config.MongoConfiguration;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Online backups of the embedded store into {@code concordia.backup-dir}, one directory per backup named by its
 * time ({@code concordia-20261206T031500Z}). A real MongoDB is backed up with MongoDB's own tools instead.
 */
@Component
public class StoreBackups {

    private static final Logger log = LoggerFactory.getLogger(StoreBackups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'concordia-'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What a backup wrote, for the API. */
    public record Taken(String directory, long storeBytes, long writesPausedMillis, long tookMillis, Instant takenAt) {
    }

    private final EmbeddedMongoServer server;
    private final Path backupDir;
    private final Clock clock;

    StoreBackups(MongoConfiguration.EmbeddedMongo embedded, ConcordiaProperties properties) {
        this.server = embedded.server();
        this.backupDir = properties.backupDir();
        this.clock = Clock.systemUTC();
    }

    /** Empty when the store is a real MongoDB. One backup at a time; a second one in the same second replaces it. */
    public synchronized Optional<Taken> backup() {
        if (server == null) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Path target = backupDir.resolve(NAME.format(now)).toAbsolutePath().normalize();
        try {
            EmbeddedMongoServer.Backup backup = server.backupTo(target);
            log.info("Backup of the embedded store written to {} ({} bytes, writes paused {} ms, {} ms in all)",
                    target, backup.storeBytes(), backup.pausedMillis(), backup.totalMillis());
            return Optional.of(new Taken(target.toString(), backup.storeBytes(), backup.pausedMillis(),
                    backup.totalMillis(), now));
        } catch (IOException e) {
            throw new UncheckedIOException("backup to " + target + " failed", e);
        }
    }
}
