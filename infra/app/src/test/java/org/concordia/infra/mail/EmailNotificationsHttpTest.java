package org.concordia.infra.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.mongodb.client.MongoDatabase;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.notification.NotificationSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15 §5 over the running application and a real SMTP conversation with GreenMail on a loopback port: a ballot
 * opened mails its eligible voters (not the proposer), a digest user gets one digest of what waited, the signed
 * unsubscribe link turns mail off without a sign-in, a restricted issue never reaches a member who may not see it,
 * SLAs about to breach and overdue actions are told when the (test's) clock says so, and a restart does not send
 * again what was sent.
 * <p>
 * The trial: a working group (carl chairs; tess, vera) and a DMC (dana); sam raises issues. carl, tess, sam, dana and
 * olga want each notice at once, vera a daily digest (every hour here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailNotificationsHttpTest {

    /** Real time plus what the test adds: the sender's and scanner's clock. */
    static final class ShiftedClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(d -> d.plus(by));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final ShiftedClock CLOCK = new ShiftedClock();

    @Configuration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        Clock notificationClock() {
            return CLOCK;
        }
    }

    @TempDir
    static Path dataDir;
    static GreenMail smtp;
    static RunningApp app;
    static String cid;
    static RunningApp.Call cora, carl, tess, vera, sam, dana, olga;

    @BeforeAll
    static void aTrialWhoseMembersAskedForMail() {
        smtp = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        app = RunningApp.configured(dataDir, new String[] {
                "--concordia.mail.host=127.0.0.1", "--concordia.mail.port=" + smtp.getSmtp().getPort(),
                "--concordia.mail.from=concordia@trial.test", "--concordia.mail.base-url=https://concordia.test/",
                "--concordia.mail.poll-interval=100ms", "--concordia.mail.scan-interval=100ms",
                "--concordia.mail.digest-every=1h", "--concordia.mail.initial-backoff=200ms",
                "--concordia.mail.max-age=30d", "--concordia.mail.retention=60d"}, TestClock.class);
        cora = app.user("cora");
        carl = app.user("carl");
        tess = app.user("tess");
        vera = app.user("vera");
        sam = app.user("sam");
        dana = app.user("dana");
        olga = app.user("olga");
        cid = ok(cora.post("/api/v1/collaborations", Map.of("key", "MAIL", "name", "Mail trial",
                                                              "kind", "CLINICAL_TRIAL"))).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        for (String[] party : new String[][] {{"sponsor", "SPONSOR"}, {"site", "SITE"},
                {"dmc", "DATA_MONITORING_COMMITTEE"}}) {
            ok(cora.post(c("/parties"), Map.of("partyId", party[0], "name", party[0], "role", party[1])));
        }
        for (String[] member : new String[][] {{"carl", "site"}, {"tess", "site"}, {"vera", "site"}, {"sam", "sponsor"},
                {"dana", "dmc"}, {"olga", "site"}}) {
            ok(cora.post(c("/members"), Map.of("username", member[0], "partyId", member[1],
                                               "roles", List.of("CONTRIBUTOR"))));
        }
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("carl", "tess", "vera"), "chair", "carl",
                       "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "decisionRule",
                       Map.of("participationQuorum", 2, "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", true)),
                Map.of("name", "DMC", "members", List.of("dana"), "chair", "dana", "acknowledgeWithin", "P1D",
                       "resolveWithin", "P7D", "decisionRule", Map.of("participationQuorum", 1,
                               "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", false))));
        ladder.put("entryRoutes", List.of(Map.of("category", "SAFETY", "minimumSeverity", "CRITICAL", "level", 2)));
        ladder.put("reason", "Mail trial");
        long version = ok(cora.put(c("/governance"), ladder)).json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
        for (RunningApp.Call who : List.of(carl, tess, sam, dana, olga)) {
            choose(who, "IMMEDIATE");
        }
        choose(vera, "DAILY_DIGEST");
    }

    @AfterAll
    static void stop() {
        app.close();
        smtp.stop();
    }

    static void choose(RunningApp.Call who, String delivery) {
        String username = who.get("/api/v1/me").json().get("username").asText();
        ok(who.put("/api/v1/me/notifications", Map.of("email", username + "@trial.test", "delivery", delivery)));
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 204);
        return response;
    }

    // --- mail as received ---

    record Received(String to, String subject, String text, String html, String unsubscribe, String unsubscribePost) {
    }

    static List<Received> received() {
        List<Received> all = new ArrayList<>();
        try {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                String[] parts = parts(m);
                String[] unsubscribe = m.getHeader("List-Unsubscribe");
                String[] unsubscribePost = m.getHeader("List-Unsubscribe-Post");
                all.add(new Received(m.getRecipients(Message.RecipientType.TO)[0].toString(), m.getSubject(), parts[0],
                                     parts[1], unsubscribe == null ? null : unsubscribe[0],
                                     unsubscribePost == null ? null : unsubscribePost[0]));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    /** text/plain and text/html of a message, decoded. */
    private static String[] parts(jakarta.mail.Part part) throws Exception {
        String[] found = new String[2];
        if (part.isMimeType("text/plain")) {
            found[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html")) {
            found[1] = (String) part.getContent();
        } else if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String[] inner = parts(child);
                found[0] = found[0] != null ? found[0] : inner[0];
                found[1] = found[1] != null ? found[1] : inner[1];
            }
        }
        return found;
    }

    static List<Received> to(String username) {
        return received().stream().filter(r -> r.to().equals(username + "@trial.test")).toList();
    }

    static List<Received> to(String username, String textContains) {
        return to(username).stream().filter(r -> r.text().contains(textContains)).toList();
    }

    static void awaitMail(String username, String textContains) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> !to(username, textContains).isEmpty());
    }

    static String raiseBySam(String title) {
        return ok(sam.post(c("/issues"), Map.of("type", "ISSUE", "title", title, "description", "d",
                "category", "RESOURCING", "severity", "MEDIUM", "involvedParties", List.of("site"))))
                .json().get("id").asText();
    }

    static RunningApp.Response vote(String issue, String proposal, RunningApp.Call voter) {
        return voter.post(issue + "/proposals/" + proposal + "/votes", Map.of("vote", "APPROVE",
                "signature", voter.signature("APPROVED")));
    }

    static Map<String, Long> counts(List<Received> mails) {
        Map<String, Long> counts = new HashMap<>();
        mails.forEach(m -> counts.merge(m.to() + "\n" + m.subject() + "\n" + m.text(), 1L, Long::sum));
        return counts;
    }

    // --- the tests ---

    @Test
    @Order(1)
    void settingsAreTheCallersOwnAndRefusedWithTheFieldNamed() {
        RunningApp.Call nobody = app.user("nadia");
        assertThat(ok(nobody.get("/api/v1/me/notifications")).json().get("delivery").asText()).isEqualTo("OFF");
        RunningApp.Response noAddress = nobody.put("/api/v1/me/notifications", Map.of("delivery", "IMMEDIATE"));
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.header("Content-Type")).startsWith("application/problem+json");
        assertThat(noAddress.json().at("/errors/0/field").asText()).isEqualTo("email");
        RunningApp.Response badAddress = nobody.put("/api/v1/me/notifications",
                Map.of("email", "not an address", "delivery", "IMMEDIATE"));
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.json().at("/errors/0/field").asText()).isEqualTo("email");
        RunningApp.Response badDelivery = nobody.put("/api/v1/me/notifications",
                Map.of("email", "nadia@trial.test", "delivery", "WEEKLY"));
        assertThat(badDelivery.status()).isEqualTo(400);
        assertThat(badDelivery.body()).contains("delivery");
        Map<String, Object> noDelivery = new HashMap<>();
        noDelivery.put("email", "nadia@trial.test");
        assertThat(nobody.put("/api/v1/me/notifications", noDelivery).json().at("/errors/0/field").asText())
                .isEqualTo("delivery");

        ok(nobody.put("/api/v1/me/notifications", Map.of("email", "nadia@trial.test", "delivery", "DAILY_DIGEST")));
        var stored = ok(nobody.get("/api/v1/me/notifications")).json();
        assertThat(stored.get("email").asText()).isEqualTo("nadia@trial.test");
        assertThat(stored.get("delivery").asText()).isEqualTo("DAILY_DIGEST");
        assertThat(stored.get("mailEnabled").asBoolean()).isTrue();
        assertThat(app.anonymous().get("/api/v1/me/notifications").status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void aBallotOpenedMailsItsEligibleVotersButNotTheProposerAndItsCloseTellsThemTheOutcome() {
        String iid = raiseBySam("Courier strike");
        String issue = c("/issues/" + iid);
        awaitMail("carl", "Courier strike");
        ok(carl.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(carl.post(issue + "/proposals", Map.of("summary", "Use a second courier",
                                                                    "text", "From Monday"))).json().get("id").asText();
        awaitMail("tess", "Use a second courier");

        Received opened = to("tess", "A ballot opened").get(0);
        assertThat(opened.subject()).contains("A ballot opened");
        assertThat(opened.text()).contains("Courier strike").contains("Use a second courier")
                                 .contains("https://concordia.test/app/c/" + cid + "/issues/" + iid)
                                 .doesNotContain("From Monday"); // the proposal's text is not in mail
        assertThat(opened.html()).contains("<a href=\"https://concordia.test/app/c/" + cid + "/issues/" + iid + "\">");
        assertThat(opened.unsubscribe()).startsWith("<https://concordia.test/app/unsubscribe?u=tess&t=");

        ok(vote(issue, proposal, carl));
        ok(vote(issue, proposal, tess));
        ok(vote(issue, proposal, app.as("vera", RunningApp.passwordOf("vera"))));
        awaitMail("carl", "was adopted");
        awaitMail("tess", "was adopted");
        assertThat(to("carl", "A ballot opened")).as("the proposer is not told of his own ballot").isEmpty();
        assertThat(to("tess", "A ballot opened")).hasSize(1);
        assertThat(to("vera")).as("vera reads a digest").isEmpty();
        assertThat(to("sam", "Courier strike")).as("sam raised it and sits on no tier").isEmpty();
    }

    @Test
    @Order(3)
    void aDigestUserGetsOneDigestOfWhatWaitedAndTheAccountPagePreviewsIt() {
        String iid = raiseBySam("Freezer alarm");
        NotificationSender sender = app.bean(NotificationSender.class);
        await().atMost(30, TimeUnit.SECONDS).until(() -> sender.previewDigest("vera", "vera@trial.test")
                .map(mail -> mail.text().contains("Freezer alarm") && mail.text().contains("Use a second courier"))
                .orElse(false));
        assertThat(to("vera")).isEmpty();

        CLOCK.advance(Duration.ofHours(1)); // past the next digest time
        await().atMost(30, TimeUnit.SECONDS).until(() -> !to("vera").isEmpty());
        Received digest = to("vera").get(0);
        assertThat(digest.subject()).startsWith("Concordia: your daily digest");
        assertThat(digest.text()).contains("Freezer alarm").contains("Courier strike")
                                 .contains("A ballot opened").contains("waits for your acknowledgement")
                                 .contains("/app/c/" + cid + "/issues/" + iid);
        // a later notice to someone else, sent after the digest: by then a second digest would have gone too
        String marker = raiseBySam("Label printer");
        awaitMail("carl", "Label printer");
        assertThat(to("vera")).hasSize(1);
        assertThat(marker).isNotBlank();
    }

    @Test
    @Order(4)
    void theSignedLinkUnsubscribesWithoutSignInAndStopsMail() throws Exception {
        Received any = to("tess").get(0);
        String link = any.unsubscribe().substring(1, any.unsubscribe().length() - 1)
                         .replace("https://concordia.test", app.baseUrl());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(link.replace("u=tess", "u=carl")))
                                                           .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(ok(carl.get("/api/v1/me/notifications")).json().get("delivery").asText()).isEqualTo("IMMEDIATE");

        HttpResponse<String> forgedPost = http.send(HttpRequest.newBuilder(URI.create(link.replace("u=tess", "u=carl")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forgedPost.statusCode()).isEqualTo(400);
        assertThat(ok(carl.get("/api/v1/me/notifications")).json().get("delivery").asText()).isEqualTo("IMMEDIATE");

        // following the link (as a mail scanner or a link preview does) only asks to confirm
        HttpResponse<String> followed = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                                                  HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).contains("id=\"unsubscribe-confirm\"").doesNotContain("You are unsubscribed");
        assertThat(ok(tess.get("/api/v1/me/notifications")).json().get("delivery").asText()).isNotEqualTo("OFF");

        // a mail client's one-click unsubscribe (RFC 8058): a POST to the link, no session, no CSRF token
        HttpResponse<String> clicked = http.send(HttpRequest.newBuilder(URI.create(link))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(clicked.statusCode()).isEqualTo(200);
        assertThat(clicked.body()).contains("You are unsubscribed");
        assertThat(ok(tess.get("/api/v1/me/notifications")).json().get("delivery").asText()).isEqualTo("OFF");
        assertThat(any.unsubscribePost()).isEqualTo("List-Unsubscribe=One-Click");

        raiseBySam("Broken centrifuge");
        awaitMail("carl", "Broken centrifuge");
        assertThat(to("tess", "Broken centrifuge")).isEmpty();
    }

    @Test
    @Order(5)
    void aRestrictedIssueNeverReachesAMemberWhoMayNotSeeIt() {
        String restricted = actionForSam("Unblinded liver signal", List.of("DMC"));
        String ordinary = actionForSam("Unrestricted dosing question", List.of());
        awaitMail("sam", "Unrestricted dosing question");
        assertThat(to("sam").stream().map(Received::text)).noneMatch(text -> text.contains("Unblinded"));
        assertThat(to("sam").stream().map(Received::subject)).noneMatch(subject -> subject.contains("Unblinded"));
        // it was derived (sam owns the action: it is in his inbox) and is withheld, not sent
        Document notice = app.bean(MongoDatabase.class).getCollection("notification_outbox")
                             .find(and(eq("username", "sam"), eq("issueId", restricted))).first();
        assertThat(notice).isNotNull();
        assertThat(notice.getString("state")).isNotEqualTo("SENT");
        assertThat(ordinary).isNotEqualTo(restricted);
    }

    /** dana raises a CRITICAL safety issue (at the DMC), adopts a resolution alone and gives sam an action. */
    static String actionForSam(String title, List<String> restrictedTo) {
        String iid = ok(dana.post(c("/issues"), Map.of("type", "ISSUE", "title", title, "description", "arm B",
                "category", "SAFETY", "severity", "CRITICAL", "involvedParties", List.of("dmc"),
                "restrictedToTiers", restrictedTo))).json().get("id").asText();
        String issue = c("/issues/" + iid);
        ok(dana.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(dana.post(issue + "/proposals", Map.of("summary", "Pause arm B", "text", "now")))
                .json().get("id").asText();
        ok(vote(issue, proposal, dana));
        ok(dana.post(issue + "/root-cause", Map.of("method", "FIVE_WHYS", "statement", "Dose too high")));
        ok(dana.post(issue + "/impact", Map.of("impact", "Patients at risk", "risk", "HIGH")));
        ok(dana.post(issue + "/actions", Map.of("kind", "CORRECTIVE", "description", "Notify sites of " + title,
                "owner", "sam", "dueOn", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString())));
        return iid;
    }

    @Test
    @Order(6)
    void slasAboutToBreachAndOverdueActionsAreToldWhenTheClockSaysSo() {
        String key = "CLOCK";
        String other = ok(cora.post("/api/v1/collaborations", Map.of("key", key, "name", "Clock trial",
                "kind", "CLINICAL_TRIAL"))).json().get("id").asText();
        String o = "/api/v1/collaborations/" + other;
        cora.get(o + "?minVersion=1");
        ok(cora.post(o + "/parties", Map.of("partyId", "site", "name", "site", "role", "SITE")));
        for (String member : List.of("olga", "sam")) {
            ok(cora.post(o + "/members", Map.of("username", member, "partyId", "site", "roles", List.of("CONTRIBUTOR"))));
        }
        long version = ok(cora.put(o + "/governance", Map.of("reason", "clock", "tiers", List.of(
                Map.of("name", "Quick group", "members", List.of("olga"), "chair", "olga",
                       "acknowledgeWithin", "PT4H", "resolveWithin", "P14D", "decisionRule",
                       Map.of("participationQuorum", 1, "threshold", "SIMPLE_MAJORITY",
                              "chairHasCastingVote", false)))))).json().get("version").asLong();
        sam.get(o + "?minVersion=" + version);
        RunningApp.Response raised = ok(sam.post(o + "/issues", Map.of("type", "ISSUE", "title", "Slow lab results",
                "description", "d", "category", "RESOURCING", "severity", "LOW",
                "involvedParties", List.of("site"))));
        String late = raised.json().get("id").asText();
        awaitMail("olga", "Slow lab results");
        assertThat(to("olga", "about to breach")).isEmpty();

        // The sender's clock may already run ahead (the digest test moves it an hour): with a 4-hour SLA its last hour
        // is still ahead, whatever ran before (with 2 hours the warning was due at once, and this test passed only when
        // the scanner had not looked yet). Then the clock goes to half an hour before the SLA falls due.
        long raisedVersion = raised.json().get("version").asLong();
        Instant due = Instant.parse(sam.get(o + "/issues/" + late + "?minVersion=" + raisedVersion).json()
                                       .get("slaDueAt").asText());
        CLOCK.advance(Duration.between(CLOCK.instant(), due.minus(Duration.ofMinutes(30))));
        awaitMail("olga", "about to breach");
        Received warning = to("olga", "about to breach").get(0);
        assertThat(warning.text()).contains("Slow lab results").contains("acknowledge SLA of tier 1 (Quick group)");

        String issue = o + "/issues/" + late;
        ok(olga.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(olga.post(issue + "/proposals", Map.of("summary", "Second lab", "text", "t")))
                .json().get("id").asText();
        ok(vote(issue, proposal, olga));
        ok(olga.post(issue + "/root-cause", Map.of("method", "FIVE_WHYS", "statement", "One lab")));
        ok(olga.post(issue + "/impact", Map.of("impact", "Delays", "risk", "LOW")));
        ok(olga.post(issue + "/actions", Map.of("kind", "CORRECTIVE", "description", "Contract a second lab",
                "owner", "sam", "dueOn", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString())));
        awaitMail("sam", "Contract a second lab");
        assertThat(to("sam", "is overdue")).isEmpty();

        CLOCK.advance(Duration.ofDays(3));
        awaitMail("sam", "A CAPA action is overdue");
        awaitMail("olga", "A CAPA action is overdue"); // the chair too
        assertThat(to("sam", "A CAPA action is overdue").get(0).text()).contains("Contract a second lab");
        assertThat(to("olga", "about to breach")).as("told once, however often scanned").hasSize(1);
    }

    @Test
    @Order(7)
    void aRestartedSenderDoesNotSendAgainWhatWasSent() {
        List<Received> before = received();
        assertThat(before).isNotEmpty();
        app.restart();
        raiseBySam("Power cut at site");
        awaitMail("carl", "Power cut at site");
        // GreenMail lists messages per mailbox, not in arrival order: compare counts of each distinct mail
        Map<String, Long> was = counts(before);
        counts(received()).forEach((mail, count) -> {
            if (was.containsKey(mail)) {
                assertThat(count).as("sent again after the restart: " + mail).isEqualTo(was.get(mail));
            }
        });
    }
}
