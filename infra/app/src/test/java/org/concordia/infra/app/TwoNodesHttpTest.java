package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.concordia.infra.audit.AuditChain;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.integration.webhook.TestEndpoint;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.CommentAdded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes on one MongoDB (the embedded MongoDB-wire server, started by the test on a free loopback
 * port, each node connecting with a {@code mongodb://127.0.0.1:port} URI as to a real one), driven over real HTTP.
 * Node A is killed while a batch of commands is in flight: its MongoDB connection is cut first (so it can neither
 * finish a batch, store a token nor release a claim or a lease, as after a crash), then its context is closed. Node
 * B must take over every processor segment within the claim timeout, the audit chain, the feed and the SLA timers,
 * and every command acknowledged (2xx) by either node must be in B's views exactly once. Before that, writers on both
 * nodes at once on one issue are all answered 2xx and recorded once each (a command that lost the race for the
 * aggregate's next sequence number to the other node is sent again).
 */
class TwoNodesHttpTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration WEBHOOK_LEASE = Duration.ofSeconds(6);
    /**
     * The audit chain's lease, as short as the claim timeout; and how long a position A allocated but never wrote (it
     * was cut off mid-commit) holds the chain back on B: by default 60 s, which with the lease outlasted the wait.
     */
    private static final Duration AUDIT_LEASE = CLAIM_TIMEOUT;
    private static final Duration AUDIT_GAP_SKIP = Duration.ofSeconds(5);

    @TempDir
    Path mongoDir;
    @TempDir
    Path dataDir; // shared by both nodes: the audit signing key and the webhook secret key, as a deployment shares them

    private TestEndpoint endpoint; // a loopback webhook receiver

    @Test
    void theSurvivorTakesOverAndNoAcknowledgedCommandIsLostOrDoubled() throws Exception {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(mongoDir, 32,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS); TestEndpoint endpoint = new TestEndpoint()) {
            this.endpoint = endpoint;
            assertThat(mongo.connectionString()).startsWith("mongodb://127.0.0.1:");
            RunningApp a = node(mongo, "node-a");
            RunningApp b = node(mongo, "node-b");
            try {
                run(a, b);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private RunningApp node(EmbeddedMongoServer mongo, String name) {
        return new RunningApp(dataDir,
                "--concordia.mongodb.uri=" + mongo.connectionString(),
                "--concordia.event-store.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s",
                "--concordia.event-store.node-id=" + name,
                "--concordia.audit.poll-interval=200ms",
                "--concordia.audit.lease-duration=" + AUDIT_LEASE.toSeconds() + "s",
                "--concordia.audit.gap-skip-after=" + AUDIT_GAP_SKIP.toSeconds() + "s",
                "--concordia.security.sign-in.account-threshold=4",
                "--concordia.security.sign-in.first-delay=30s",
                "--concordia.webhooks.allow-private-networks=true", "--concordia.webhooks.poll-interval=200ms",
                "--concordia.webhooks.connect-timeout=1s", "--concordia.webhooks.request-timeout=2s",
                "--concordia.webhooks.lease-duration=" + WEBHOOK_LEASE.toSeconds() + "s");
    }

    private void run(RunningApp a, RunningApp b) throws Exception {
        RunningApp.Call coraA = a.user("cora");
        RunningApp.Call coraB = b.as("cora", RunningApp.passwordOf("cora"));
        String cid = coraA.post("/api/v1/collaborations", Map.of("key", "TWO", "name", "Two nodes study",
                                                                 "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        await().atMost(20, TimeUnit.SECONDS).until(() -> coraB.get(c(cid, "?minVersion=1")).status() == 200);
        assertThat(coraB.post(c(cid, "/parties"), Map.of("partyId", "site", "name", "Site", "role", "SITE"))
                        .status()).isBetween(200, 299);
        a.user("sam");
        RunningApp.Response member = coraA.post(c(cid, "/members"), Map.of("username", "sam", "partyId", "site",
                                                                          "roles", List.of("CONTRIBUTOR")));
        assertThat(member.status()).as("A acts on what B changed: " + member.body()).isBetween(200, 299);
        ladder(b, cid, Duration.ofDays(2));
        RunningApp.Response hook = coraA.post("/api/v1/webhooks", Map.of("url", endpoint.url(), "collaborationId", cid,
                "eventTypes", List.of("org.concordia.IssueRaised.v2")));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        RunningApp.Call samA = a.as("sam", RunningApp.passwordOf("sam"));
        RunningApp.Call samB = b.as("sam", RunningApp.passwordOf("sam"));
        Set<String> acknowledged = ConcurrentHashSet();

        // commands through both nodes
        for (int i = 0; i < 10; i++) {
            RunningApp.Response raised = raise(i % 2 == 0 ? samA : samB, cid, "before " + i);
            assertThat(raised.status()).as(raised.body()).isBetween(200, 299);
            acknowledged.add(raised.json().get("id").asText());
        }

        // writers on both nodes at once on one issue: each node loads the same version now and then, and the later
        // append loses the race for the sequence number; the command is sent again, so every writer gets its 2xx and
        // every comment is recorded exactly once
        String contested = acknowledged.iterator().next();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        ConcurrentLinkedQueue<String> refusedComments = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < 4; w++) {
            RunningApp.Call writer = w % 2 == 0 ? samA : samB;
            int id = w;
            writers.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    RunningApp.Response commented = writer.post(c(cid, "/issues/" + contested + "/comments"),
                                                                Map.of("text", "race " + id + "-" + i));
                    if (commented.status() < 200 || commented.status() > 299) {
                        refusedComments.add(commented.status() + " " + commented.body());
                    }
                }
            });
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(refusedComments).as("no writer is told to try again").isEmpty();
        List<String> comments = b.bean(EventStore.class).readEvents(contested).asStream()
                                 .map(DomainEventMessage::getPayload).filter(CommentAdded.class::isInstance)
                                 .map(p -> ((CommentAdded) p).text()).toList();
        assertThat(comments).hasSize(40).doesNotHaveDuplicates();

        // the sign-in throttle is shared: wrong passwords on A lock the account on B, even for the right password
        b.user("mallory");
        for (int i = 0; i < 4; i++) {
            assertThat(a.as("mallory", "wrong-password-" + i).get("/api/v1/me/inbox").status()).isEqualTo(401);
        }
        assertThat(b.as("mallory", RunningApp.passwordOf("mallory")).get("/api/v1/me/inbox").status())
                .as("locked out on the other node").isEqualTo(429);

        // SLA timers from here on: 6 s to acknowledge at tier 1
        ladder(a, cid, Duration.ofSeconds(6));
        long slaRaisedAt = System.nanoTime();
        RunningApp.Response slaIssue = raise(samA, cid, "sla");
        assertThat(slaIssue.status()).isBetween(200, 299);
        String slaId = slaIssue.json().get("id").asText();
        acknowledged.add(slaId);

        // a batch in flight on A, killed part-way
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    try {
                        RunningApp.Response r = raise(samA, cid, "batch " + thread + "-" + i);
                        sent.incrementAndGet();
                        if (r.status() >= 200 && r.status() < 300) {
                            acknowledged.add(r.json().get("id").asText());
                        } else {
                            failures.add(String.valueOf(r.status()));
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.getClass().getSimpleName());
                        return; // A is gone
                    }
                }
            });
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> sent.get() >= 12);
        long killedAt = System.nanoTime();
        assertThat(Duration.ofNanos(killedAt - slaRaisedAt)).as("A is killed before the SLA is due")
                .isLessThan(Duration.ofSeconds(5));
        a.bean(MongoClient.class).close(); // the crash: A can no longer write, store a token or release anything
        a.stop();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        int acknowledgedBeforeKill = acknowledged.size();

        // B owns every segment within the claim timeout plus the interval at which a processor looks for unclaimed
        // segments (Axon's token claim interval, 5 s), plus slack for a loaded machine
        MongoDatabase db = b.bean(MongoDatabase.class);
        await().atMost(CLAIM_TIMEOUT.plusSeconds(5).plusSeconds(6)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Document token : db.getCollection("trackingtokens").find()) {
                if (!"node-b".equals(token.getString("owner"))) {
                    return false;
                }
            }
            return true;
        });
        double segmentsTakenOver = (System.nanoTime() - killedAt) / 1e9;
        List<String> segments = new ArrayList<>();
        db.getCollection("trackingtokens").find().forEach(d -> segments.add(d.getString("processorName") + "/"
                                                                              + d.get("segment") + "=" + d.get("owner")));

        // commands on B after the kill
        for (int i = 0; i < 5; i++) {
            RunningApp.Response raised = raise(samB, cid, "after " + i);
            assertThat(raised.status()).as(raised.body()).isBetween(200, 299);
            acknowledged.add(raised.json().get("id").asText());
        }

        // the SLA timer set on A fires on B (A was killed before it was due)
        await().atMost(60, TimeUnit.SECONDS).until(() -> samB.get(c(cid, "/issues/" + slaId)).json()
                                                              .path("tier").toString().contains("2"));
        double slaFired = (System.nanoTime() - killedAt) / 1e9;

        // the audit chain is written by B up to the last event
        long head = b.bean(EventStore.class).createHeadToken().position().orElseThrow();
        AuditChain chain = b.bean(AuditChain.class);
        await().atMost(60, TimeUnit.SECONDS).until(() -> chain.records().state().lastPosition() >= head);
        double auditTakenOver = (System.nanoTime() - killedAt) / 1e9;
        List<List<Long>> auditSkipped = chain.records().state().skipped();

        // the webhook subscription (leased by whichever node delivered first) is delivered by B: every acknowledged
        // raise reaches the receiver (at least once: webhooks are at-least-once, a delivery A had under way may repeat)
        await().atMost(60, TimeUnit.SECONDS).until(() -> delivered().containsAll(acknowledged));
        double webhooksTakenOver = (System.nanoTime() - killedAt) / 1e9;
        long repeated = endpoint.accepted.size() - delivered().size();

        // every acknowledged command's event is in every view through B exactly once
        await().atMost(30, TimeUnit.SECONDS).until(() -> issueIds(samB, cid).containsAll(acknowledged));
        List<String> listed = issueIds(samB, cid);
        assertThat(listed).doesNotHaveDuplicates().containsAll(acknowledged);
        JsonNode report = samB.get(c(cid, "/reports/open-conflicts")).json();
        assertThat(report.get("totalOpen").asInt()).isEqualTo(listed.size());

        await().atMost(30, TimeUnit.SECONDS).until(() -> raisedInFeed(samB).keySet().containsAll(acknowledged));
        Map<String, Integer> feed = raisedInFeed(samB);
        assertThat(feed.values()).as("each raise once in the feed").allMatch(n -> n == 1);
        assertThat(feed.keySet()).containsExactlyInAnyOrderElementsOf(listed);
        List<Long> positions = feedPositions(samB);
        assertThat(positions).doesNotHaveDuplicates().isSorted();

        System.out.printf("TWO-NODES: acknowledged %d (%d before the kill, %d failed on A: %s); segments on B after "
                          + "%.1f s (claim timeout %d s): %s; SLA fired on B after %.1f s; audit chain on B up to "
                          + "position %d after %.1f s (lease %d s; positions A allocated but never wrote, skipped: %s); "
                          + "webhooks all delivered after %.1f s (lease %d s, %d repeated)%n",
                acknowledged.size(), acknowledgedBeforeKill, failures.size(), new HashSet<>(failures),
                segmentsTakenOver, CLAIM_TIMEOUT.toSeconds(), segments, slaFired, head, auditTakenOver,
                AUDIT_LEASE.toSeconds(), auditSkipped,
                webhooksTakenOver, WEBHOOK_LEASE.toSeconds(), repeated);
    }

    private Set<String> delivered() {
        Set<String> subjects = new HashSet<>();
        for (TestEndpoint.Received r : endpoint.accepted) {
            try {
                subjects.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("subject").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return subjects;
    }

    /** Through the command gateway: over HTTP an SLA is at least a minute. */
    private static void ladder(RunningApp node, String cid, Duration acknowledgeWithin) {
        node.bean(CommandGateway.class).sendAndWait(new DefineGovernanceLadder(cid, List.of(
                new GovernanceTier("Working group", List.of("cora"), acknowledgeWithin, Duration.ofDays(14), 1),
                new GovernanceTier("Steering committee", List.of("cora"), Duration.ofDays(2), Duration.ofDays(30), 1)),
                List.of(), "SLA of " + acknowledgeWithin, "cora"));
    }

    private static Set<String> ConcurrentHashSet() {
        return java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    private static RunningApp.Response raise(RunningApp.Call who, String cid, String title) {
        return who.post(c(cid, "/issues"), Map.of("type", "ISSUE", "title", "Deviation " + title,
                "description", "d", "category", "PROTOCOL_DEVIATION", "severity", "HIGH",
                "involvedParties", List.of("site")));
    }

    private static List<String> issueIds(RunningApp.Call who, String cid) {
        List<String> ids = new ArrayList<>();
        JsonNode page = who.get(c(cid, "/issues?size=500")).json();
        JsonNode items = page.isArray() ? page : page.path("items").isMissingNode() ? page.path("content") : page.path("items");
        items.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private static Map<String, Integer> raisedInFeed(RunningApp.Call who) {
        Map<String, Integer> raised = new HashMap<>();
        for (JsonNode e : who.get("/api/v1/events?after=0&limit=500", "application/cloudevents-batch+json").json()) {
            if (e.path("type").asText().contains("IssueRaised")) {
                raised.merge(e.path("subject").asText(), 1, Integer::sum);
            }
        }
        return raised;
    }

    private static List<Long> feedPositions(RunningApp.Call who) {
        List<Long> positions = new ArrayList<>();
        for (JsonNode e : who.get("/api/v1/events?after=0&limit=500", "application/cloudevents-batch+json").json()) {
            positions.add(e.path("position").asLong());
        }
        return positions;
    }

    private static String c(String cid, String path) {
        return "/api/v1/collaborations/" + cid + path;
    }
}
