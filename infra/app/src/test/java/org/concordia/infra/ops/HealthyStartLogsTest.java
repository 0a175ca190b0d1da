package org.concordia.infra.ops;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A newcomer reads WARN as broken: a healthy first start with the demo data logs none, and no ERROR. */
@ExtendWith(OutputCaptureExtension.class)
class HealthyStartLogsTest {

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
                         .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                .as("WARN and ERROR lines of a healthy start").isEmpty();
    }
}
