package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.infra.workspace.WorkspaceSession.enc;
import static org.awaitility.Awaitility.await;

/**
 * The workspace over plain HTTP (no browser needed): sign-in with a session cookie (HttpOnly, SameSite), CSRF on
 * every form, the same per-collaboration visibility as the API (a non-member gets "not found"), the API still
 * stateless and unaffected by the session, and static assets with content hashes and a year's cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceSecurityHttpTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir // static: a per-class instance field would not be set yet in @BeforeAll
    static Path dataDir;
    RunningApp app;

    @BeforeAll
    void start() {
        // a lock-out long enough to be seen by the next request (the default first one is a second)
        app = new RunningApp(dataDir, "--demo", "--concordia.workspace.idle-timeout=7m",
                             "--concordia.security.sign-in.first-delay=10m");
        app.user("outsider");
        RunningApp.Call cora = app.as("cora", "onco-demo-pass");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations/" + ONCO + "/issues/demo-12")
                .status() == 200);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void pagesNeedASignInAndTheSessionCookieIsHttpOnlyAndSameSite() {
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        HttpResponse<String> home = browser.get("/app");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        HttpResponse<String> wrong = browser.signIn("cora", "not-her-password");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");

        HttpResponse<String> signedIn = browser.signIn("cora", "onco-demo-pass");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).contains("/app");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                                .filter(c -> c.startsWith("CONCORDIA_SESSION=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(browser.get("/app").statusCode()).isEqualTo(200);
        assertThat(browser.get("/app").headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
        assertThat(app.bean(org.springframework.boot.autoconfigure.web.ServerProperties.class).getServlet()
                      .getSession().getTimeout()).as("concordia.workspace.idle-timeout")
                .isEqualTo(java.time.Duration.ofMinutes(7));
    }

    @Test
    void aLockedOutAccountIsToldSoOnTheSignInPageAndTheRightPasswordWaitsToo() {
        app.user("locky");
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        for (int i = 0; i < 5; i++) { // the API's sign-in throttle: five failures lock the account
            assertThat(browser.signIn("locky", "wrong-guess-" + i).headers().firstValue("Location").orElseThrow())
                    .endsWith("/login?error");
        }
        HttpResponse<String> locked = browser.signIn("locky", RunningApp.passwordOf("locky"));
        String location = locked.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/login?locked=");
        HttpResponse<String> page = browser.get(location.substring(location.indexOf("/login")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign-in is locked after repeated failed attempts").contains("10 minutes");
        assertThat(browser.get("/app").statusCode()).as("not signed in").isEqualTo(302);
        // the API says the same, for the same account
        assertThat(app.as("locky", RunningApp.passwordOf("locky")).get("/api/v1/me").status()).isEqualTo(429);
    }

    @Test
    void aDisabledAccountIsToldSoAfterTheRightPassword() {
        app.user("gone");
        assertThat(app.asAdmin().post("/api/v1/admin/users/gone/disable", Map.of("reason", "left the trial"))
                      .status()).isEqualTo(200);
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        HttpResponse<String> wrong = browser.signIn("gone", "not-the-password");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        HttpResponse<String> disabled = browser.signIn("gone", RunningApp.passwordOf("gone"));
        assertThat(disabled.headers().firstValue("Location").orElseThrow()).endsWith("/login?disabled");
        assertThat(browser.get("/login?disabled").body()).contains("This account is disabled");
        assertThat(browser.get("/app").statusCode()).isEqualTo(302);
    }

    @Test
    void aSessionEndsAtItsNextRequestOnceItsAccountIsDisabledAndStaysEndedWhenEnabledAgain() {
        app.user("leaver");
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("leaver", RunningApp.passwordOf("leaver"));
        assertThat(browser.get("/app").statusCode()).isEqualTo(200);

        assertThat(app.asAdmin().post("/api/v1/admin/users/leaver/disable", Map.of("reason", "left")).status())
                .isEqualTo(200);
        HttpResponse<String> next = browser.get("/app");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElseThrow()).endsWith("/login?disabled");

        assertThat(app.asAdmin().post("/api/v1/admin/users/leaver/enable", Map.of("reason", "back")).status())
                .isEqualTo(200);
        HttpResponse<String> after = browser.get("/app");
        assertThat(after.statusCode()).as("the session ended; enabling does not revive it").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/login?expired");
    }

    @Test
    void anOpenLiveStreamEndsAtTheNextHeartbeatOnceItsAccountIsDisabled() throws Exception {
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("sid", "onco-demo-pass");
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
                browser.http.sendAsync(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/app/c/" + ONCO + "/live"))
                                                  .header("Accept", "text/event-stream").GET().build(),
                                       HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> open = stream.get(30, TimeUnit.SECONDS);
        assertThat(open.statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<Long> ended =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> open.body().count());
        assertThat(app.asAdmin().post("/api/v1/admin/users/sid/disable", Map.of("reason", "left")).status())
                .isEqualTo(200);
        assertThat(ended.get(40, TimeUnit.SECONDS)).as("lines until the stream ended").isPositive();
    }

    @Test
    void aChangeMadeBetweenDrawingAPageAndOpeningItsLiveStreamIsStillSignalled() throws Exception {
        WorkspaceSession carl = WorkspaceSession.anonymous(app);
        carl.signIn("carl", "onco-demo-pass");
        Matcher drawnAt = Pattern.compile("/live\\?since=(\\d+)").matcher(carl.get("/app/c/" + ONCO).body());
        assertThat(drawnAt.find()).as("the page names the position it was drawn at").isTrue();
        RunningApp.Call sita = app.as("sita", "onco-demo-pass");
        String text = "Signalled although the stream opened later " + System.nanoTime();
        assertThat(sita.post("/api/v1/collaborations/" + ONCO + "/issues/demo-1/comments", Map.of("text", text))
                       .status()).isEqualTo(201);
        // the change is in the feed before the page's stream opens (a slow browser, a busy server)
        await().atMost(30, TimeUnit.SECONDS).until(() -> sita.get("/api/v1/events?after=" + drawnAt.group(1)).body().contains(text));

        HttpResponse<java.util.stream.Stream<String>> open = carl.http.sendAsync(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + "/app/c/" + ONCO + "/live?since=" + drawnAt.group(1)))
                           .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        // closed at the end: a stream left open would hold the app's graceful shutdown for its full 30 s
        try (java.util.stream.Stream<String> lines = open.body()) {
            assertThat(open.statusCode()).isEqualTo(200);
            java.util.concurrent.CompletableFuture<Boolean> signalled =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> lines.anyMatch("event:issue-demo-1"::equals));
            assertThat(signalled.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void afterAnAdministratorsResetEveryPageLeadsToTheChangePasswordPageUntilThePasswordIsChanged() {
        app.user("resetme");
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("resetme", RunningApp.passwordOf("resetme"));
        assertThat(browser.get("/app").statusCode()).isEqualTo(200);
        assertThat(app.asAdmin().post("/api/v1/admin/users/resetme/password-reset",
                Map.of("temporaryPassword", "amber-kettle-window-58", "reason", "forgot it")).status()).isEqualTo(200);

        // the open session too: its next request goes to the change-password page
        for (String page : java.util.List.of("/app", "/app/inbox", "/app/c/" + ONCO)) {
            HttpResponse<String> sent = browser.get(page);
            assertThat(sent.statusCode()).as(page).isEqualTo(302);
            assertThat(sent.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/app/account/password");
        }
        HttpResponse<String> form = browser.get("/app/account/password");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("An administrator reset your password");

        String token = browser.csrf("/app/account/password");
        HttpResponse<String> wrong = browser.post("/app/account/password", "currentPassword=not-it"
                + "&newPassword=copper-meadow-lantern-4&repeatPassword=copper-meadow-lantern-4&_csrf=" + enc(token));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("The current password is not right");
        HttpResponse<String> mismatch = browser.post("/app/account/password", "currentPassword=amber-kettle-window-58"
                + "&newPassword=copper-meadow-lantern-4&repeatPassword=copper-meadow-lantern-5&_csrf=" + enc(token));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("Repeat password: must be the same as the new password");
        HttpResponse<String> common = browser.post("/app/account/password", "currentPassword=amber-kettle-window-58"
                + "&newPassword=password1234&repeatPassword=password1234&_csrf=" + enc(token));
        assertThat(common.statusCode()).isEqualTo(400);
        assertThat(common.body()).contains("commonly used");
        HttpResponse<String> changed = browser.post("/app/account/password", "currentPassword=amber-kettle-window-58"
                + "&newPassword=copper-meadow-lantern-4&repeatPassword=copper-meadow-lantern-4&_csrf=" + enc(token));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(browser.get("/app").statusCode()).as("every page open again").isEqualTo(200);
        assertThat(app.as("resetme", "copper-meadow-lantern-4").get("/api/v1/me").json().get("mustChangePassword")
                      .asBoolean()).isFalse();
    }

    @Test
    void anApiTokenCreatedOnTheAccountPageIsShownOnceWorksAndStopsWorkingWhenRevoked() {
        app.user("tokener");
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("tokener", RunningApp.passwordOf("tokener"));
        String token = browser.csrf("/app/account");
        HttpResponse<String> created = browser.post("/app/account/tokens",
                "name=nightly+export&scope=READ&days=30&_csrf=" + enc(token));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        Matcher secret = Pattern.compile("value=\"(cct_[^\"]+)\"").matcher(created.body());
        assertThat(secret.find()).as("the secret, shown once").isTrue();
        assertThat(app.bearer(secret.group(1)).get("/api/v1/me").status()).isEqualTo(200);
        assertThat(app.bearer(secret.group(1)).post("/api/v1/collaborations", Map.of("key", "NOPE", "name", "n",
                "kind", "CLINICAL_TRIAL")).status()).as("read only").isEqualTo(403);

        HttpResponse<String> listed = browser.get("/app/account");
        assertThat(listed.body()).contains("nightly export").doesNotContain(secret.group(1));
        Matcher id = Pattern.compile("action=\"/app/account/tokens/([^/\"]+)/revoke\"").matcher(listed.body());
        assertThat(id.find()).isTrue();
        HttpResponse<String> revoked = browser.post("/app/account/tokens/" + id.group(1) + "/revoke",
                                                    "_csrf=" + enc(browser.csrf("/app/account")));
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(browser.get("/app/account").body()).contains("You have no API tokens");
        assertThat(app.bearer(secret.group(1)).get("/api/v1/me").status()).isEqualTo(401);

        HttpResponse<String> invalid = browser.post("/app/account/tokens",
                "name=&scope=READ&days=30&_csrf=" + enc(browser.csrf("/app/account")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("Name: must be 1 to 100 characters");
    }

    @Test
    void anAdministratorDisablesEnablesAndResetsAccountsOnTheUsersPageEachWithAReason() {
        app.user("managed");
        WorkspaceSession holder = WorkspaceSession.anonymous(app);
        holder.signIn("managed", RunningApp.passwordOf("managed"));
        assertThat(holder.get("/app").statusCode()).isEqualTo(200);
        WorkspaceSession admin = WorkspaceSession.anonymous(app);
        admin.signIn("admin", RunningApp.ADMIN_PASSWORD);
        HttpResponse<String> list = admin.get("/app/admin/users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("managed").contains("cora");
        assertThat(holder.get("/app/admin/users").statusCode()).as("administrators only").isEqualTo(403);

        String token = admin.csrf("/app/admin/users");
        HttpResponse<String> noReason = admin.post("/app/admin/users/managed/disable", "reason=&_csrf=" + enc(token));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("Reason: say why");
        HttpResponse<String> disabled = admin.post("/app/admin/users/managed/disable",
                                                   "reason=left+the+trial&_csrf=" + enc(token));
        assertThat(disabled.statusCode()).isEqualTo(302);
        assertThat(admin.get("/app/admin/users").body()).contains("Account managed disabled");
        assertThat(holder.get("/app").headers().firstValue("Location").orElseThrow()).endsWith("/login?disabled");
        HttpResponse<String> again = admin.post("/app/admin/users/managed/disable",
                                                "reason=twice&_csrf=" + enc(token));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("This account is already disabled");
        assertThat(admin.post("/app/admin/users/managed/enable", "reason=back&_csrf=" + enc(token)).statusCode())
                .isEqualTo(302);
        HttpResponse<String> self = admin.post("/app/admin/users/admin/disable", "reason=oops&_csrf=" + enc(token));
        assertThat(self.body()).contains("You cannot disable your own account");

        HttpResponse<String> reset = admin.post("/app/admin/users/managed/password-reset",
                                                "reason=forgot+it&temporaryPassword=&_csrf=" + enc(token));
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        Matcher generated = Pattern.compile("id=\"generated-password\"[^>]*value=\"([^\"]+)\"").matcher(reset.body());
        assertThat(generated.find()).as("the generated password, shown once").isTrue();
        WorkspaceSession back = WorkspaceSession.anonymous(app);
        back.signIn("managed", generated.group(1));
        assertThat(back.get("/app").headers().firstValue("Location").orElseThrow())
                .endsWith("/app/account/password");
        assertThat(admin.get("/app/admin/users").body()).contains("must change password")
                .doesNotContain(generated.group(1));
        assertThat(admin.post("/app/admin/users/nobody-here/disable", "reason=x&_csrf=" + enc(token)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSessionsRolesFollowTheAccountAsItStandsNow() {
        app.user("rising");
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("rising", RunningApp.passwordOf("rising"));
        assertThat(browser.get("/app/admin").statusCode()).isEqualTo(403);
        assertThat(app.asAdmin().post("/api/v1/admin/users/rising/admin", Map.of("grant", true, "reason", "new admin"))
                      .status()).isEqualTo(200);
        assertThat(browser.get("/app/admin").statusCode()).isEqualTo(200);
        assertThat(app.asAdmin().post("/api/v1/admin/users/rising/admin", Map.of("grant", false, "reason", "done"))
                      .status()).isEqualTo(200);
        assertThat(browser.get("/app/admin").statusCode()).isEqualTo(403);
    }

    @Test
    void signInWithoutTheCsrfTokenIsRefusedAndSignOutEndsTheSession() {
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        HttpResponse<String> forged = browser.post("/login", "username=cora&password=onco-demo-pass");
        assertThat(forged.statusCode()).as("sent back to sign in, not signed in").isEqualTo(302);
        assertThat(forged.headers().firstValue("Location").orElseThrow()).contains("/login");
        assertThat(browser.get("/app").statusCode()).isEqualTo(302);

        browser.signIn("cora", "onco-demo-pass");
        String token = browser.csrf("/app/c/" + ONCO + "/issues/demo-1");
        HttpResponse<String> noToken = browser.post("/app/c/" + ONCO + "/issues/demo-1/comments", "text=forged");
        assertThat(noToken.statusCode()).isEqualTo(403);

        HttpResponse<String> out = browser.post("/logout", "_csrf=" + enc(token));
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signedOut");
        assertThat(browser.get("/app").statusCode()).isEqualTo(302);
    }

    @Test
    void theIssuePageAndTheDashboardLinkToPrintedRecordsWhichTheSessionDownloadsAsPdf() throws Exception {
        WorkspaceSession cora = WorkspaceSession.anonymous(app);
        cora.signIn("cora", "onco-demo-pass");
        String record = "/app/c/" + ONCO + "/issues/demo-7/record.pdf";
        String pack = "/app/c/" + ONCO + "/tiers/1/meeting-pack.pdf";
        assertThat(cora.get("/app/c/" + ONCO + "/issues/demo-7").body()).contains("href=\"" + record + "\"")
                                                                          .contains("Print record (PDF)");
        assertThat(cora.get("/app/c/" + ONCO).body()).contains("href=\"" + pack + "\"")
                                                     .contains("Meeting pack (PDF): tier 1");
        for (String path : new String[]{record, pack}) {
            HttpResponse<byte[]> pdf = cora.http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET()
                                                                 .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).as(path).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
            assertThat(org.concordia.infra.app.PdfText.text(pdf.body())).contains("by cora.");
        }
        // a restricted issue the coordinator may not see has no record for her here either
        assertThat(cora.get("/app/c/" + ONCO + "/issues/demo-10/record.pdf").statusCode()).isEqualTo(404);
    }

    @Test
    void aNonMemberSeesNotFoundForEverythingInsideTheCollaboration() {
        WorkspaceSession outsider = WorkspaceSession.anonymous(app);
        outsider.signIn("outsider", RunningApp.passwordOf("outsider"));
        for (String path : new String[]{"", "/issues", "/issues/demo-1", "/issues/new", "/decisions", "/audit",
                                        "/audit/trail.csv", "/audit/bundle.zip", "/live",
                                        "/issues/demo-1/record.pdf", "/tiers/1/meeting-pack.pdf"}) {
            assertThat(outsider.get("/app/c/" + ONCO + path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(outsider.get("/app/c/" + ONCO + "/issues/no-such-issue").statusCode()).isEqualTo(404);
        String token = outsider.csrf("/app");
        HttpResponse<String> write = outsider.post("/app/c/" + ONCO + "/issues/demo-1/comments",
                                                   "text=hello&_csrf=" + enc(token));
        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(app.as("cora", "onco-demo-pass").get("/api/v1/collaborations/" + ONCO + "/issues/demo-1")
                      .body()).doesNotContain("hello");
    }

    @Test
    void theBundleIsOnlyForAuditorsAndCoordinatorsAndTheCsvForEveryMember() {
        WorkspaceSession sam = WorkspaceSession.anonymous(app);
        sam.signIn("sam", "onco-demo-pass");
        assertThat(sam.get("/app/c/" + ONCO + "/audit/bundle.zip").statusCode()).isEqualTo(403);
        HttpResponse<String> csv = sam.get("/app/c/" + ONCO + "/audit/trail.csv?issue=demo-7");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).contains("IssueClosed").doesNotContain("demo-1,");
        WorkspaceSession audrey = WorkspaceSession.anonymous(app);
        audrey.signIn("audrey", "onco-demo-pass");
        HttpResponse<String> bundle = audrey.get("/app/c/" + ONCO + "/audit/bundle.zip");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/zip");
    }

    @Test
    void aRefusedCommandAnswersWithTheRuleInWordsAndRecordsNothing() {
        WorkspaceSession sam = WorkspaceSession.anonymous(app);
        sam.signIn("sam", "onco-demo-pass");
        String token = sam.csrf("/app/c/" + ONCO + "/issues/demo-8");
        // demo-8 was withdrawn: commenting breaks ISSUE_WITHDRAWN
        HttpResponse<String> refused = sam.post("/app/c/" + ONCO + "/issues/demo-8/comments",
                                                "text=" + enc("Still relevant?") + "&_csrf=" + enc(token));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("The issue was withdrawn.");
        String history = app.as("sam", "onco-demo-pass").get("/api/v1/collaborations/" + ONCO + "/issues/demo-8/history")
                            .body();
        assertThat(history).doesNotContain("CommentAdded");
    }

    @Test
    void theApiStaysStatelessAndIgnoresTheWorkspaceSession() {
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        browser.signIn("cora", "onco-demo-pass");
        HttpResponse<String> api = browser.get("/api/v1/collaborations");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void onlyAssetPathsAreLookedUpAsStaticResources() {
        // every link a page builds is offered to the static resource handler whose pattern matches it: under the
        // default /** that was every link, each looked up on the class path (most of a page's CPU)
        org.springframework.util.AntPathMatcher paths = new org.springframework.util.AntPathMatcher();
        assertThat(app.bean(org.springframework.web.servlet.resource.ResourceUrlProvider.class).getHandlerMap()
                      .keySet())
                .contains("/assets/**", "/webjars/**")
                .noneMatch(pattern -> paths.match(pattern, "/app/c/ONCO/issues/demo-1") || paths.match(pattern, "/app"));
    }

    @Test
    void staticAssetsHaveContentHashesAndAreCachedForAYear() {
        WorkspaceSession browser = WorkspaceSession.anonymous(app);
        String login = browser.get("/login").body();
        Matcher css = Pattern.compile("href=\"(/assets/css/workspace-[0-9a-f]{32}\\.css)\"").matcher(login);
        Matcher htmx = Pattern.compile("src=\"(/webjars/htmx\\.org/[^\"]+/htmx\\.min-[0-9a-f]{32}\\.js)\"").matcher(login);
        assertThat(css.find()).as("a hashed stylesheet URL in " + login).isTrue();
        assertThat(htmx.find()).as("a hashed htmx URL").isTrue();
        for (String asset : new String[]{css.group(1), htmx.group(1)}) {
            HttpResponse<String> response = browser.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
        }
    }
}
