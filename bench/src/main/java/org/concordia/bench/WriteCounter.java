package org.concordia.bench;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Counts what a client sends while switched on: per collection, the write commands and the documents they carry
 * ({@code insert}'s documents, {@code update}'s and {@code delete}'s statements), and the read commands. For a replay,
 * it says which read models a view's events cost most in store work.
 */
final class WriteCounter implements CommandListener {

    /** Write command → the field that carries its documents or statements. */
    private static final Map<String, String> PAYLOAD = Map.of("insert", "documents", "update", "updates",
                                                              "delete", "deletes");

    /** Per collection: write commands, documents written, read commands. */
    record Counts(LongAdder writeCommands, LongAdder documents, LongAdder readCommands) {
        Counts() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final Map<String, Counts> byCollection = new ConcurrentHashMap<>();
    private volatile boolean on;

    void start() {
        byCollection.clear();
        on = true;
    }

    void stop() {
        on = false;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!on) {
            return;
        }
        String name = event.getCommandName();
        BsonDocument command = event.getCommand();
        BsonValue target = command.get(name);
        if (target == null || !target.isString()) {
            return;
        }
        Counts counts = byCollection.computeIfAbsent(target.asString().getValue(), c -> new Counts());
        String payloadField = PAYLOAD.get(name);
        if (payloadField != null) {
            counts.writeCommands().increment();
            BsonValue payload = command.get(payloadField);
            counts.documents().add(payload instanceof BsonArray array ? array.size() : 0);
        } else if (name.equals("find") || name.equals("aggregate") || name.equals("count")) {
            counts.readCommands().increment();
        }
    }

    /** Markdown rows, most documents written first: collection, write commands, documents, reads, per event. */
    String table(long events) {
        StringBuilder md = new StringBuilder("| collection | write commands | documents written | per event | "
                                             + "read commands |\n|---|---:|---:|---:|---:|\n");
        byCollection.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Counts> e) -> e.getValue().documents().sum())
                                  .reversed())
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %.2f | %,d |\n", e.getKey(),
                        e.getValue().writeCommands().sum(), e.getValue().documents().sum(),
                        e.getValue().documents().sum() / (double) events, e.getValue().readCommands().sum())));
        return md.toString();
    }
}
