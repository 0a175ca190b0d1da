package org.concordia.infra.ops;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A newcomer reads WARN as broken: a healthy first start with the demo data logs none, and no ERROR. */
@ExtendWith(OutputCaptureExtension.class)
class HealthyStartLogsTest {

    /**
     * Warnings that point at a real race, left visible until it is fixed (then remove it here): the demo's replays
     * requested at start are sometimes abandoned by ProjectionAdmin before their tokens were reset.
     */
    private static final List<String> KNOWN_ISSUES = List.of("never started (its tokens were not reset): abandoned");

    @TempDir
    Path dataDir;

    @Test
    void aHealthyFirstStartWithTheDemoDataLogsNoWarningAndNoError(CapturedOutput output) {
        String started;
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> app.anonymous().get("/actuator/health").status() == 200);
            // the processors catch up with the demo data (replays, the audit chain, the feed) before we look
            await().atMost(60, TimeUnit.SECONDS).until(() -> app.anonymous().get("/actuator/health").json()
                    .at("/components/eventProcessors/details/processors").toString().contains("\"lag\":0"));
            started = output.getAll();
        }
        assertThat(Arrays.stream(started.split("\n"))
                         .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                         .filter(line -> KNOWN_ISSUES.stream().noneMatch(line::contains)))
                .as("WARN and ERROR lines of a healthy start").isEmpty();
    }
}
