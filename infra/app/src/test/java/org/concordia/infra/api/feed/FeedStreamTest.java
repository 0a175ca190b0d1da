package org.concordia.infra.api.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.feed.EventFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/v1/events/stream} over real HTTP: resume after a disconnect and after a restart, heartbeats, access. */
class FeedStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    record SseEvent(long id, String type, JsonNode data) {
    }

    /** A minimal SSE client: parses the stream on a thread of its own; closing it disconnects. */
    static final class SseClient implements AutoCloseable {
        final LinkedBlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        final List<String> comments = java.util.Collections.synchronizedList(new ArrayList<>());
        final int status;
        final String contentType;
        /** The server ended the stream (as opposed to this client disconnecting or the connection failing). */
        volatile boolean endedByServer;
        final String body;
        private final Stream<String> lines;

        SseClient(int port, String user, String lastEventIdHeader, String query) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/events/stream" + (query == null ? "" : "?" + query)))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + RunningApp.passwordOf(user)).getBytes(StandardCharsets.UTF_8)));
            if (lastEventIdHeader != null) {
                request.header("Last-Event-ID", lastEventIdHeader);
            }
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            lines = response.body();
            if (status != 200) {
                body = String.join("\n", lines.toList());
                return;
            }
            body = null;
            Thread reader = new Thread(() -> {
                String id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.isEmpty()) {
                            if (id != null) {
                                events.add(new SseEvent(Long.parseLong(id), type, JSON.readTree(data.toString())));
                            }
                            id = null;
                            type = null;
                            data.setLength(0);
                        } else if (line.startsWith(":")) {
                            comments.add(line.substring(1));
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            type = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5));
                        }
                    }
                    endedByServer = true;
                } catch (Exception e) {
                    // disconnected
                }
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next events until one with position {@code upTo}; fails when they do not come. */
        List<SseEvent> until(long upTo) throws InterruptedException {
            List<SseEvent> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                SseEvent next = events.poll(200, TimeUnit.MILLISECONDS);
                if (next != null) {
                    received.add(next);
                    if (next.id() >= upTo) {
                        return received;
                    }
                }
            }
            throw new AssertionError("no event " + upTo + " within 60 s; received " + received.size());
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    private static void assertConsecutive(List<SseEvent> events, long from, long to) {
        assertThat(events).extracting(SseEvent::id).isEqualTo(FeedHttpTest.positionsShownToMembers(from, to));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.data().get("position").asLong()).isEqualTo(e.id());
            assertThat(e.data().get("type").asText()).isEqualTo(e.type());
            assertThat(e.data().get("specversion").asText()).isEqualTo("1.0");
        });
    }

    private static long caughtUpHead(RunningApp app) {
        // the feed has fed everything the store holds
        long stored = FeedHttpTest.storedEventIds().size();
        await().atMost(60, TimeUnit.SECONDS).until(() -> app.bean(EventFeed.class).head() >= stored);
        return app.bean(EventFeed.class).head();
    }

    @Test
    void aSubscriberResumesExactlyAfterLastEventIdAfterADisconnectAndAfterARestart() throws Exception {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.feed.stream.heartbeat=300ms")) {
            FeedHttpTest.app = app;
            RunningApp.Call cora = app.user("cora");
            String cid = FeedHttpTest.collaboration(cora, "STREAM");
            String issue = FeedHttpTest.raise(cid, "streamed");
            long head = caughtUpHead(app);

            long last;
            try (SseClient first = new SseClient(port(app), "cora", null, "lastEventId=0")) {
                assertThat(first.status).isEqualTo(200);
                assertThat(first.contentType).startsWith("text/event-stream");
                List<SseEvent> events = first.until(head);
                assertConsecutive(events, 1, head);
                last = head;
                await().atMost(20, TimeUnit.SECONDS).until(() -> first.comments.contains("heartbeat"));
            }
            FeedStream stream = app.bean(FeedStream.class);
            await().atMost(20, TimeUnit.SECONDS).alias("a disconnected subscriber is dropped")
                   .until(() -> stream.subscriberCount() == 0);

            RunningApp.Call raiser = app.as("raiser", RunningApp.passwordOf("raiser"));
            for (int i = 0; i < 5; i++) {
                raiser.post("/api/v1/collaborations/" + cid + "/issues/" + issue + "/comments", Map.of("text", "c" + i));
            }
            long headAfterDisconnect = caughtUpHead(app);
            try (SseClient resumed = new SseClient(port(app), "cora", Long.toString(last), "lastEventId=0")) {
                // the header wins over the query parameter: it is what a reconnecting EventSource sends
                assertConsecutive(resumed.until(headAfterDisconnect), last + 1, headAfterDisconnect);
                last = headAfterDisconnect;
            }

            app.restart();
            RunningApp.Call raiserAgain = app.as("raiser", RunningApp.passwordOf("raiser"));
            for (int i = 0; i < 3; i++) {
                raiserAgain.post("/api/v1/collaborations/" + cid + "/issues/" + issue + "/comments",
                                 Map.of("text", "after restart " + i));
            }
            long headAfterRestart = caughtUpHead(app);
            try (SseClient resumed = new SseClient(port(app), "cora", Long.toString(last), null)) {
                assertConsecutive(resumed.until(headAfterRestart), last + 1, headAfterRestart);
                // and it stays live: a new event arrives on the open stream
                raiserAgain.post("/api/v1/collaborations/" + cid + "/issues/" + issue + "/comments",
                                 Map.of("text", "live"));
                assertConsecutive(resumed.until(headAfterRestart + 1), headAfterRestart + 1, headAfterRestart + 1);
            }
        }
    }

    @Test
    void manySubscribersShareOneDispatcherAndSeeOnlyTheirCollaborations() throws Exception {
        // a short heartbeat: the server notices the 21 closed clients at its next writes, so the app's graceful
        // shutdown is not held for its full 30 s by streams whose clients have gone (with the default 15 s it was)
        try (RunningApp app = new RunningApp(dataDir, "--concordia.feed.stream.heartbeat=300ms")) {
            FeedHttpTest.app = app;
            RunningApp.Call cora = app.user("cora");
            app.user("mallory");
            String cid = FeedHttpTest.collaboration(cora, "MANY");
            long head = caughtUpHead(app);

            List<SseClient> members = new ArrayList<>();
            try (SseClient outsider = new SseClient(port(app), "mallory", null, "lastEventId=0")) {
                for (int i = 0; i < 20; i++) {
                    members.add(new SseClient(port(app), "cora", null, null));
                }
                String issue = FeedHttpTest.raise(cid, "seen by twenty");
                long newHead = caughtUpHead(app);
                for (SseClient member : members) {
                    List<SseEvent> received = member.until(newHead);
                    assertThat(received).extracting(SseEvent::id).as("live from the head at connection")
                                        .allMatch(id -> id > head && id <= newHead);
                    assertThat(received).anySatisfy(e -> assertThat(e.data().path("subject").asText()).isEqualTo(issue));
                }
                long streamThreads = Thread.getAllStackTraces().keySet().stream()
                                           .filter(t -> t.getName().startsWith("feed-stream")).count();
                assertThat(streamThreads).as("one poller and a few senders, not a thread per subscriber")
                                         .isLessThanOrEqualTo(5);
                long requestThreads = Thread.getAllStackTraces().keySet().stream()
                                            .filter(t -> t.getName().startsWith("http-nio-")
                                                         && t.getName().contains("-exec-")).count();
                assertThat(requestThreads).as("no request thread held per open stream (21 are open)")
                                          .isLessThan(21);
                assertThat(outsider.events).as("an outsider is sent nothing of the collaboration").isEmpty();
            } finally {
                members.forEach(SseClient::close);
            }
        }
    }

    @Test
    void theStreamOfAnAccountDisabledWhileConnectedEnds() throws Exception {
        // rights are asked again every membership-refresh (10 s by default): a short one here, so the stream ends
        // within a second instead of up to 10 s; still only because the account was found disabled on a heartbeat
        try (RunningApp app = new RunningApp(dataDir, "--concordia.feed.stream.heartbeat=300ms",
                                             "--concordia.feed.stream.membership-refresh=500ms")) {
            FeedHttpTest.app = app;
            RunningApp.Call cora = app.user("cora");
            FeedHttpTest.collaboration(cora, "GONE");
            FeedStream stream = app.bean(FeedStream.class);
            try (SseClient connected = new SseClient(port(app), "cora", null, "lastEventId=0")) {
                assertThat(connected.status).isEqualTo(200);
                await().atMost(20, TimeUnit.SECONDS).until(() -> stream.subscriberCount() == 1);
                assertThat(app.asAdmin().post("/api/v1/admin/users/cora/disable", Map.of("reason", "left the trial"))
                              .status()).isEqualTo(200);
                await().atMost(40, TimeUnit.SECONDS).alias("the disabled account's stream is closed")
                       .until(() -> stream.subscriberCount() == 0);
            }
        }
    }

    @Test
    void aBadLastEventIdIsAProblem() throws Exception {
        try (RunningApp app = new RunningApp(dataDir)) {
            app.user("cora");
            try (SseClient bad = new SseClient(port(app), "cora", "yesterday", null)) {
                assertThat(bad.status).isEqualTo(400);
                assertThat(bad.contentType).startsWith("application/problem+json");
                assertThat(JSON.readTree(bad.body).at("/errors/0/field").asText()).isEqualTo("Last-Event-ID");
            }
            try (SseClient bad = new SseClient(port(app), "cora", null, "lastEventId=-4")) {
                assertThat(bad.status).isEqualTo(400);
                assertThat(JSON.readTree(bad.body).at("/errors/0/field").asText()).isEqualTo("lastEventId");
            }
        }
    }

    /**
     * A stream lasts until its timeout (30 min): shutting down a node must end it at once (the client reconnects with
     * Last-Event-ID elsewhere) instead of holding the web server's graceful shutdown for its whole phase (30 s) and
     * then cutting it — which it did while the streams were ended only after the graceful shutdown.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anOpenStreamIsEndedWhenTheNodeBeginsToShutDownSoTheGracefulShutdownCompletes(CapturedOutput output)
            throws Exception {
        SseClient client;
        try (RunningApp app = new RunningApp(dataDir)) {
            FeedHttpTest.app = app;
            app.user("cora");
            client = new SseClient(port(app), "cora", null, null);
            assertThat(client.status).isEqualTo(200);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.endedByServer);
        assertThat(output.getAll()).contains("Graceful shutdown complete")
                                   .doesNotContain("Graceful shutdown aborted");
        client.close();
    }

    private static int port(RunningApp app) {
        return app.context().getEnvironment().getProperty("local.server.port", Integer.class);
    }
}
