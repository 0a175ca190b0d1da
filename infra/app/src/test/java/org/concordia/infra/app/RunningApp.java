package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.concordia.infra.ConcordiaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The real application on a free port and the embedded MongoDB in a given data directory, driven over real HTTP.
 * Stopping and starting it again on the same directory is a restart.
 */
public final class RunningApp implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "integration-root-pw";

    /**
     * The password of a test user created by {@link #user}: one per user, never containing the name (the password
     * rules refuse that).
     */
    public static String passwordOf(String username) {
        return "s3cret-" + java.util.HexFormat.of().toHexDigits(username.hashCode()) + "-pw";
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final List<String> extraArgs;
    private final List<Class<?>> extraSources = new ArrayList<>();
    private ConfigurableApplicationContext context;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public RunningApp(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
        start();
    }

    /** Adds test configuration to the application; takes effect at the next (re)start. */
    public RunningApp with(Class<?>... sources) {
        extraSources.addAll(List.of(sources));
        return this;
    }

    public static RunningApp configured(Path dataDir, Class<?>... sources) {
        return configured(dataDir, new String[0], sources);
    }

    public static RunningApp configured(Path dataDir, String[] args, Class<?>... sources) {
        RunningApp app = new RunningApp(dataDir, false, args);
        app.extraSources.addAll(List.of(sources));
        app.start();
        return app;
    }

    private RunningApp(Path dataDir, boolean startNow, String... args) {
        this.dataDir = dataDir;
        this.extraArgs = List.of(args);
        if (startNow) {
            start();
        }
    }

    public void start() {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--concordia.data-dir=" + dataDir,
                "--concordia.admin-password=" + ADMIN_PASSWORD,
                "--concordia.embedded.cache-size-mb=32"));
        args.addAll(extraArgs);
        List<Class<?>> sources = new ArrayList<>(List.of(ConcordiaApplication.class));
        sources.addAll(extraSources);
        context = new SpringApplicationBuilder(sources.toArray(Class[]::new)).run(args.toArray(String[]::new));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public void restart() {
        stop();
        start();
    }

    /** Where the running app answers, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        stop();
    }

    public Call as(String username, String password) {
        return new Call(username, password);
    }

    public Call asAdmin() {
        return as("admin", ADMIN_PASSWORD);
    }

    public Call anonymous() {
        return new Call(null, null);
    }

    /** A caller presenting an OIDC bearer token. */
    public Call bearer(String token) {
        return new Call(null, token);
    }

    /** Creates a user through the admin API, with the password {@link #passwordOf}. */
    public Call user(String username) {
        Response created = asAdmin().post("/api/v1/users", Map.of(
                "username", username, "displayName", username.toUpperCase(), "password", passwordOf(username)));
        if (created.status() != 201 && created.status() != 409) {
            throw new IllegalStateException("could not create " + username + ": " + created);
        }
        return as(username, passwordOf(username));
    }

    /**
     * The smallest collaboration with an issue: {@code key}, coordinated by cora, with party "site" whose CONTRIBUTOR
     * sita is the one member of a one-tier ladder; sita raises one HIGH BUDGET issue. Returns the issue's path.
     */
    public String issueRaisedBySita(String key, String title, String description) {
        Call cora = user("cora");
        String cid = cora.post("/api/v1/collaborations", Map.of("key", key, "name", key + " study",
                "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        cora.post("/api/v1/collaborations/" + cid + "/parties", Map.of("partyId", "site", "name", "Site",
                "role", "SITE"));
        Call sita = user("sita");
        cora.post("/api/v1/collaborations/" + cid + "/members", Map.of("username", "sita",
                "partyId", "site", "roles", List.of("CONTRIBUTOR")));
        long version = cora.put("/api/v1/collaborations/" + cid + "/governance", Map.of("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("sita"), "acknowledgeWithin", "P2D",
                        "resolveWithin", "P14D", "quorum", 1)))).json().get("version").asLong();
        sita.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
        Response raised = sita.post("/api/v1/collaborations/" + cid + "/issues", Map.of("type", "ISSUE",
                "title", title, "description", description, "category", "BUDGET", "severity", "HIGH",
                "involvedParties", List.of("site")));
        if (raised.status() != 201) {
            throw new IllegalStateException("could not raise the issue: " + raised);
        }
        return "/api/v1/collaborations/" + cid + "/issues/" + raised.json().get("id").asText();
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Binary(int status, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public final class Call {
        private final String username;
        private final String password;

        Call(String username, String password) {
            this.username = username;
            this.password = password;
        }

        /** The HTTP Basic password this caller sends (null for bearer tokens and anonymous callers). */
        public String password() {
            return username == null ? null : password;
        }

        /** A signature part for a signed request, with this caller's own password re-entered. */
        public Map<String, Object> signature(String meaning) {
            Map<String, Object> signature = new java.util.LinkedHashMap<>();
            signature.put("meaning", meaning);
            if (password() != null) {
                signature.put("password", password());
            }
            return signature;
        }

        public Response get(String path) {
            return send(request(path).GET().build());
        }

        public Response get(String path, String accept) {
            return send(request(path).setHeader("Accept", accept).GET().build());
        }

        /** A GET whose answer is bytes (a PDF, a ZIP), with the given {@code Accept}. */
        public Binary getBytes(String path, String accept) {
            HttpRequest request = request(path).setHeader("Accept", accept).GET().build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new Binary(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public Response post(String path, Object body) {
            return postRaw(path, write(body), "application/json");
        }

        public Response postWithHeaders(String path, Object body, Map<String, String> headers) {
            HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
            headers.forEach(builder::setHeader);
            return send(builder.POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
        }

        public Response postRaw(String path, String body, String contentType) {
            return send(request(path).header("Content-Type", contentType)
                                     .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        public Response delete(String path) {
            return send(request(path).DELETE().build());
        }

        public Response put(String path, Object body) {
            return send(request(path).header("Content-Type", "application/json")
                                     .PUT(HttpRequest.BodyPublishers.ofString(write(body))).build());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                                     .setHeader("Accept", "application/json, application/problem+json");
            if (username != null) {
                builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
            } else if (password != null) {
                builder.header("Authorization", "Bearer " + password);
            }
            return builder;
        }

        private Response send(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private String write(Object body) {
            try {
                return body instanceof String s ? s : JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
