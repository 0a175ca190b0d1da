package org.concordia.infra.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.kernel.collaboration.CollaborationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history stored by the release before decision rules — {@code legacy/events-before-decision-rules.json}, written
 * by that release's event records and storage serializer (see {@code legacy/README.md}) and stored byte for byte
 * with its old revisions — is read by today's application: the ladder's quorum of 2 approvals reads as "2 take part,
 * simple majority", the adopted decision keeps its signed ballots and gains a tally, and the ballot that was open
 * (one approval of three) is now decided by that rule: where the old code adopted at the second approval, the two
 * rejections that follow reject it.
 */
class LegacyHistoryHttpTest {

    @TempDir
    Path dataDir;

    @Test
    void aHistoryStoredBeforeDecisionRulesLoadsAndItsOpenBallotIsDecidedByTheRuleReadFromItsQuorum()
            throws IOException {
        try (RunningApp app = new RunningApp(dataDir)) {
            RunningApp.Call cora = app.user("cora");
            RunningApp.Call sam = app.user("sam");
            RunningApp.Call tom = app.user("tom");
            RunningApp.Call vera = app.user("vera");
            app.user("tess");
            store(app, legacyEvents(app));
            assertThat(storedRevisions(app.bean(CommitLog.class))).as("stored as the old release wrote them").contains(
                    "org.concordia.kernel.collaboration.GovernanceLadderDefined@1",
                    "org.concordia.kernel.issue.ResolutionProposed@1",
                    "org.concordia.kernel.issue.ProposalAdopted@2");

            app.restart(); // no cache: aggregates and read models read the stored history through the upcasters

            String cid = CollaborationId.forKey("LEGACY").value();
            String c = "/api/v1/collaborations/" + cid;
            await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get(c + "?minVersion=11").status() == 200);
            JsonNode tier = cora.get(c).json().at("/governance/tiers/0");
            assertThat(tier.at("/decisionRule/participationQuorum").asInt()).isEqualTo(2);
            assertThat(tier.at("/decisionRule/threshold").asText()).isEqualTo("SIMPLE_MAJORITY");
            assertThat(tier.get("chair").isNull()).isTrue();

            JsonNode adopted = caughtUp(sam, c + "/issues/legacy-1", 5);
            assertThat(adopted.get("status").asText()).isEqualTo("RESOLVED");
            assertThat(adopted.at("/decision/rule/participationQuorum").asInt()).isEqualTo(2);
            assertThat(adopted.at("/decision/tally/approvals").asInt()).isEqualTo(2);
            assertThat(adopted.at("/decision/closure").asText()).isEqualTo("APPROVALS_COUNTED");
            assertThat(adopted.at("/decision/votes/0/signature/meaning").asText()).isEqualTo("APPROVED");
            await().atMost(30, TimeUnit.SECONDS).until(() -> sam.get(c + "/decisions").body().contains("p-1"));

            String issue = c + "/issues/legacy-2";
            sam.get(issue + "?minVersion=3");
            RunningApp.Response tomVotes = tom.post(issue + "/proposals/p-2/votes", Map.of("vote", "REJECT",
                    "signature", tom.signature("REJECTED")));
            assertThat(tomVotes.status()).as(tomVotes.body()).isEqualTo(200);
            assertThat(caughtUp(sam, issue, tomVotes.json().get("version").asLong()).get("status").asText())
                    .as("vera may still vote").isEqualTo("RESOLUTION_PROPOSED");
            RunningApp.Response veraVotes = vera.post(issue + "/proposals/p-2/votes", Map.of("vote", "REJECT",
                    "signature", vera.signature("REJECTED")));
            assertThat(veraVotes.status()).as(veraVotes.body()).isEqualTo(200);
            JsonNode decided = caughtUp(sam, issue, veraVotes.json().get("version").asLong());
            assertThat(decided.get("status").asText()).as(decided.toString()).isEqualTo("ACKNOWLEDGED");
            assertThat(decided.at("/proposals/0/status").asText()).isEqualTo("REJECTED");
            assertThat(decided.at("/proposals/0/tally/approvals").asInt()).isEqualTo(1);
            assertThat(decided.at("/proposals/0/tally/rejections").asInt()).isEqualTo(2);
        }
    }

    /**
     * The issue's view once it has applied {@code version}: after the restart the projections replay the whole
     * history, which on a busy machine can take longer than one read-your-writes wait.
     */
    private static JsonNode caughtUp(RunningApp.Call call, String issue, long version) {
        await().atMost(60, TimeUnit.SECONDS)
               .until(() -> call.get(issue + "?minVersion=" + version).json().path("version").asLong() >= version);
        return call.get(issue).json();
    }

    /** The stored events, as the old release serialised them, wrapped so that they are stored unchanged. */
    private static List<DomainEventMessage<?>> legacyEvents(RunningApp app) throws IOException {
        Serializer serializer = app.context().getBean("eventSerializer", Serializer.class); // the engine's
        JsonNode events;
        try (InputStream in = LegacyHistoryHttpTest.class.getResourceAsStream(
                "/legacy/events-before-decision-rules.json")) {
            events = new ObjectMapper().readTree(in);
        }
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        int n = 0;
        for (JsonNode e : events) {
            SerializedMessage<Object> stored = new SerializedMessage<>("legacy-event-" + n++,
                    new SimpleSerializedObject<>(e.get("payload").asText(), String.class,
                            e.get("payloadType").asText(), e.get("payloadRevision").asText()),
                    new SimpleSerializedObject<>("{}", String.class, "org.axonframework.messaging.MetaData", null),
                    serializer);
            messages.add(new GenericDomainEventMessage<>(e.get("aggregateType").asText(),
                    e.get("aggregateId").asText(), e.get("sequence").asLong(), stored, Instant.now()));
        }
        return messages;
    }

    private static void store(RunningApp app, List<DomainEventMessage<?>> events) {
        app.bean(EventStorageEngine.class).appendEvents(events);
    }

    private static List<String> storedRevisions(CommitLog commits) {
        List<String> revisions = new ArrayList<>();
        for (CommitLog.StoredCommit commit : commits.commitsStartingIn(1, commits.headPosition()).values()) {
            for (CommitLog.StoredEvent event : commit.events()) {
                revisions.add(event.payloadType() + "@" + event.payloadRevision());
            }
        }
        return revisions;
    }
}
