package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser-like client of the workspace: cookies kept, redirects not followed, signed in through the form. */
final class WorkspaceSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final RunningApp app;

    WorkspaceSession(RunningApp app, String username, String password) {
        this.app = app;
        Matcher csrf = CSRF.matcher(get("/login").body());
        assertThat(csrf.find()).as("a CSRF field on the sign-in page").isTrue();
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
                                                          + "&_csrf=" + enc(csrf.group(1))))
                .build());
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).as(username + " signed in")
                                                                           .doesNotContain("error");
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
