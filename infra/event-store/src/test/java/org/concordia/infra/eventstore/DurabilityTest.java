package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged append survives {@code kill -9} of the process that made it. */
class DurabilityTest {

    record Recorded(int n) {
    }

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventSurvivesAHardKill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                            AppendingProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(false)
                .start();
        long acknowledged = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                    if (acknowledged >= 300) {
                        break;
                    }
                }
            }
            writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no background flush
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("the writer got going").isGreaterThanOrEqualTo(300);

        try (StoreHarness store = new StoreHarness(dataDir)) {
            List<Long> sequences = new ArrayList<>();
            store.engine().readEvents("durable").asStream().forEach(e -> sequences.add(e.getSequenceNumber()));
            assertThat(sequences.size()).isGreaterThanOrEqualTo((int) acknowledged + 1);

            // The position counter is made durable lazily; after the crash it must still never hand out a
            // position that a stored commit already holds.
            MongoEventStorageEngine engine = store.engine();
            engine.appendEvents(new GenericDomainEventMessage<>("Durable", "durable", sequences.size(),
                                                                new Recorded(sequences.size())));
            List<Long> positions = engine.readEvents(null, false)
                                         .map(e -> e.trackingToken().position().orElseThrow()).toList();
            assertThat(positions).hasSize(sequences.size() + 1).doesNotHaveDuplicates().isSorted();
        }
    }

    /** Appends events one by one, acknowledging each on stdout after the append returned. */
    public static final class AppendingProcess {
        public static void main(String[] args) {
            StoreHarness store = new StoreHarness(Path.of(args[0]));
            MongoEventStorageEngine engine = store.engine();
            for (long seq = 0; ; seq++) {
                engine.appendEvents(new GenericDomainEventMessage<>("Durable", "durable", seq, new Recorded((int) seq)));
                System.out.println("ACK " + seq);
                System.out.flush();
            }
        }
    }
}
