package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.infra.notification.MailTransport;
import org.concordia.infra.notification.NotificationSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --demo} seeds a consortium through the real commands, once. */
class DemoDataTest {

    @TempDir
    Path dataDir;

    @Test
    void theDemoConsortiumIsSeededOnceAndVisibleToItsMembers() {
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call cora = app.as("cora", "onco-demo-pass");
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations").json()
                    .path("items").path(0).path("issueCount").asInt() == 14);
            JsonNode mine = cora.get("/api/v1/collaborations").json();
            assertThat(mine.get("total").asInt()).isEqualTo(1);
            String id = mine.get("items").get(0).get("id").asText();
            JsonNode onco = cora.get("/api/v1/collaborations/" + id).json();
            assertThat(onco.get("issueCount").asInt()).isEqualTo(14);
            assertThat(onco.get("parties")).hasSize(7);
            assertThat(onco.at("/governance/tiers")).hasSize(5);
            assertThat(onco.at("/governance/tiers/0/chair").asText()).isEqualTo("carl");
            assertThat(onco.at("/governance/entryRoutes/0/level").asInt()).isEqualTo(3);

            // signed through the same path as over HTTP, with the demo users' passwords
            String demo7 = "/api/v1/collaborations/" + id + "/issues/demo-7";
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get(demo7).json().path("status").asText()
                    .equals("CLOSED"));
            JsonNode closed = cora.get(demo7).json();
            assertThat(closed.at("/decision/votes/0/signature/printedName").asText())
                    .isEqualTo("Carl Meyer (CRO project manager)");
            assertThat(closed.at("/decision/votes/0/signature/meaning").asText()).isEqualTo("APPROVED");
            assertThat(closed.at("/closing/signature/meaning").asText()).isEqualTo("CLOSED_AS_EFFECTIVE");
            assertThat(closed.at("/closing/signature/username").asText()).isEqualTo("carl");

            assertThat(closed.at("/effectivenessCheck/results/0/effective").asBoolean()).as("failed first").isFalse();
            assertThat(closed.at("/effectivenessCheck/results/1/effective").asBoolean()).as("then passed").isTrue();
            assertThat(closed.at("/effectivenessCheck/results/1/signature/meaning").asText())
                    .isEqualTo("EFFECTIVENESS_VERIFIED");

            String c = "/api/v1/collaborations/" + id;
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get(c + "/issues/demo-13").json().path("status")
                    .asText().equals("CLOSED") && cora.get(c + "/reports/open-conflicts").json()
                    .path("seriousBreaches").size() == 1 && cora.get(c + "/issues/demo-12").json()
                    .path("conflictsOfInterest").size() == 1);
            JsonNode rejected = cora.get(c + "/issues/demo-11").json().at("/proposals/0");
            assertThat(rejected.get("status").asText()).as("rejected by majority").isEqualTo("REJECTED");
            assertThat(rejected.at("/tally/approvals").asInt()).isEqualTo(1);
            assertThat(rejected.at("/tally/rejections").asInt()).isEqualTo(2);
            assertThat(cora.get(c + "/issues/demo-12").json().at("/conflictsOfInterest/0/username").asText())
                    .isEqualTo("sid");
            JsonNode duplicate = cora.get(c + "/issues/demo-13").json().get("closing");
            assertThat(duplicate.get("dismissal").asText()).isEqualTo("DUPLICATE");
            assertThat(duplicate.get("duplicateOf").asText()).isEqualTo("demo-1");
            assertThat(duplicate.at("/signature/meaning").asText()).isEqualTo("CLOSED_WITHOUT_VOTE");
            // the DMC's restricted issue: hidden from the coordinator, shown to the DMC chair and the auditor
            assertThat(cora.get(c + "/issues/demo-10").status()).isEqualTo(404);
            assertThat(app.as("dana", "onco-demo-pass").get(c + "/issues/demo-10").json().get("tierName").asText())
                    .isEqualTo("Data monitoring committee");
            assertThat(app.as("audrey", "onco-demo-pass").get(c + "/issues/demo-10").status()).isEqualTo(200);
            assertThat(cora.get(c + "/reports/open-conflicts").json().at("/seriousBreaches/0/issueId").asText())
                    .isEqualTo("demo-14");
            // an email digest: everyone asked for one; carl's next one is what the account page previews
            assertThat(app.as("carl", "onco-demo-pass").get("/api/v1/me/notifications").json().get("delivery")
                          .asText()).isEqualTo("DAILY_DIGEST");
            NotificationSender mail = app.bean(NotificationSender.class);
            await().atMost(20, TimeUnit.SECONDS).until(() -> mail.previewDigest("carl", "carl@onco-3.example")
                    .map(digest -> digest.text().contains("/issues/demo-")).orElse(false));
            assertThat(mail.previewDigest("sam", "sam@onco-3.example").map(MailTransport.Mail::text).orElse(""))
                    .as("no restricted DMC issue in a digest of someone who may not see it")
                    .doesNotContain("demo-10");

            app.restart();
            assertThat(cora.get("/api/v1/collaborations/" + id).json().get("issueCount").asInt()).isEqualTo(14);
        }
    }
}
