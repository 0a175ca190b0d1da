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

/**
 * A browser-like client of the workspace over real HTTP: cookies kept, redirects not followed, signed in through the
 * form (with its CSRF token) or not yet signed in ({@link #anonymous}).
 */
final class WorkspaceSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The client itself, for what a page does beyond a plain request (a live stream, a download). */
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final RunningApp app;
    private boolean signedIn;
    /** The CSRF token of the signed-in session, which {@link #submit} adds to a form (read at the first). */
    private String token;

    private WorkspaceSession(RunningApp app) {
        this.app = app;
    }

    /** Signed in as the user; fails the test when the sign-in is refused. */
    WorkspaceSession(RunningApp app, String username, String password) {
        this(app);
        HttpResponse<String> answer = signIn(username, password);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).as(username + " signed in")
                                                                           .doesNotContain("error");
        signedIn = true;
    }

    /** Not signed in (yet). */
    static WorkspaceSession anonymous(RunningApp app) {
        return new WorkspaceSession(app);
    }

    /** Submits the sign-in form; the answer says whether it worked. */
    HttpResponse<String> signIn(String username, String password) {
        return post("/login", "username=" + enc(username) + "&password=" + enc(password) + "&_csrf="
                              + enc(csrf("/login")));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build());
    }

    /** Posts the form as given (with or without a CSRF token, as the test means it). */
    HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                               .header("Content-Type", "application/x-www-form-urlencoded")
                               .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** Posts the form with this signed-in session's CSRF token, as the page's form would. */
    HttpResponse<String> submit(String path, String form) {
        assertThat(signedIn).as("a signed-in session").isTrue();
        if (token == null) {
            token = csrf("/app");
        }
        return post(path, form + "&_csrf=" + enc(token));
    }

    /** The CSRF token in the form of the page at the path. */
    String csrf(String path) {
        Matcher matcher = CSRF.matcher(get(path).body());
        assertThat(matcher.find()).as("a CSRF field on " + path).isTrue();
        return matcher.group(1);
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

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
