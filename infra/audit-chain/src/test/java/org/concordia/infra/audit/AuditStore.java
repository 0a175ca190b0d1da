package org.concordia.infra.audit;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.shared.ActorContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** An event store ({@link StoreHarness}) with an audit chain on it, populated cheaply through the engine. */
final class AuditStore implements AutoCloseable {

    final StoreHarness harness;
    final MongoDatabase database;
    final MongoEventStorageEngine engine;
    final MutableClock clock = new MutableClock();
    final SigningKeys keys = SigningKeys.generate();
    final AuditProperties settings;
    private final Map<String, Long> sequences = new HashMap<>();
    private int counter;

    AuditStore(Path dataDir, int checkpointEvery) {
        this.harness = new StoreHarness(dataDir);
        this.database = harness.database;
        this.engine = harness.engine();
        this.settings = new AuditProperties(checkpointEvery, Duration.ofHours(1), null, Duration.ofMillis(50),
                                            Duration.ofSeconds(60), 256, Duration.ofSeconds(30));
    }

    AuditChain chain(String nodeId) {
        return new AuditChain(database, engine, keys, settings, clock, nodeId);
    }

    AuditService service(AuditChain chain) {
        return new AuditService(chain, keys, clock);
    }

    /** One commit of {@code size} comments on issues of the given collaborations. */
    void commit(Random random, int size, String... collaborations) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String collaboration = collaborations[random.nextInt(collaborations.length)];
            String issue = collaboration + "-issue-" + random.nextInt(4);
            long sequence = sequences.merge(issue, 1L, Long::sum) - 1;
            counter++;
            CommentAdded payload = new CommentAdded(collaboration, issue, "comment-" + counter,
                    "note " + counter + " ✓ \"quoted\"",
                    new ActorContext("user" + random.nextInt(5), "party-" + random.nextInt(3),
                                     Set.of(MemberRole.CONTRIBUTOR)));
            events.add(new GenericDomainEventMessage<>("Issue", issue, sequence, payload,
                                                       MetaData.with("traceId", "trace-" + counter))
                    .andMetaData(Map.of("correlationId", "c-" + counter)));
        }
        engine.appendEvents(events);
    }

    /** A writer that lost a race: its positions are voided, as after a real concurrency conflict. */
    void conflictingCommit(String collaboration) {
        String issue = sequences.keySet().stream().filter(i -> i.startsWith(collaboration)).findFirst().orElseThrow();
        try {
            engine.appendEvents(new GenericDomainEventMessage<>("Issue", issue, 0L,
                    new CommentAdded(collaboration, issue, "late", "too late",
                                     new ActorContext("user0", null, Set.of()))));
            throw new IllegalStateException("expected a concurrency conflict");
        } catch (ConcurrencyException | org.axonframework.modelling.command.AggregateStreamCreationException expected) {
            // positions voided
        }
    }

    @Override
    public void close() {
        harness.close();
    }
}
