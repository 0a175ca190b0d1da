package org.concordia.infra.ops;

import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar concordia.jar backup --to DIR [--data-dir DIR]}: a consistent copy of a data directory that no
 * instance has open (an instance holds a lock on its store file; for a running one, {@code POST
 * /api/v1/admin/backup} writes the backup into its {@code concordia.backup-dir}). The data directory defaults to
 * {@code CONCORDIA_DATA_DIR}, else {@code ./data}, as for the application.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    /** @return the process exit code */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path to = null;
        Path dataDir = Path.of(environment.getOrDefault("CONCORDIA_DATA_DIR", "./data"));
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (arg.equals("--to") && value != null) {
                to = Path.of(value);
                i++;
            } else if (arg.equals("--data-dir") && value != null) {
                dataDir = Path.of(value);
                i++;
            } else if (arg.startsWith("--to=")) {
                to = Path.of(arg.substring(5));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring(11));
            } else {
                err.println("unknown argument: " + arg);
                to = null;
                break;
            }
        }
        if (to == null) {
            err.println("usage: java -jar concordia.jar backup --to DIR [--data-dir DIR]");
            return 2;
        }
        try {
            EmbeddedMongoServer.Backup backup = EmbeddedMongoServer.backupOffline(dataDir, to);
            out.printf("backup of %s written to %s (%d bytes, %d ms)%n", dataDir.toAbsolutePath().normalize(),
                    backup.directory().toAbsolutePath().normalize(), backup.storeBytes(), backup.totalMillis());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("backup failed: " + e.getMessage());
            err.println("(a running instance holds its store: use POST /api/v1/admin/backup instead)");
            return 1;
        }
    }
}
