package org.concordia.query.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.query.testdata.SyntheticCollaboration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collaborations projection's as-of history, fed as a tracking processor feeds it (batches in units of work):
 * the collaboration as of any instant is the fold of its events up to the first after it, and a batch whose writes
 * were partly lost is repaired by its redelivery.
 */
class CollaborationHistoryTest {

    private static final Map<String, String> PARTY_OF = new LinkedHashMap<>();

    static {
        PARTY_OF.put("cora", null);
        PARTY_OF.put("sam", "SPON");
        PARTY_OF.put("sita", "SITE");
        PARTY_OF.put("tom", "UNI");
    }

    private static final SyntheticCollaboration.Cast CAST = new SyntheticCollaboration.Cast("HIST", "History",
            List.of("SPON", "SITE", "UNI"), PARTY_OF,
            new GovernanceTier("Working group", List.of("sam", "sita"), Duration.ofDays(2), Duration.ofDays(20), 1),
            new GovernanceTier("Steering committee", List.of("tom"), Duration.ofDays(3), Duration.ofDays(30), 1),
            List.of("sam", "sita"), List.of("sita", "tom"), "hist-", List.of("deviation", "dose"),
            Duration.ofMinutes(90));

    private final MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)));
    private final MongoClient client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString()
            .replace("mongodb://", ""));

    @AfterEach
    void close() {
        client.close();
        server.shutdownNow();
    }

    /** The collaboration's own events (every issue raised adds one): more than three chunks. */
    private static List<DomainEventMessage<?>> history() {
        List<DomainEventMessage<?>> own = new ArrayList<>();
        new SyntheticCollaboration(CAST, 3, 400, 1600, Instant.parse("2026-02-02T08:00:00Z")).forEachRemaining(m -> {
            if (m.getPayload() instanceof CollaborationEvent) {
                own.add(m);
            }
        });
        assertThat(own.size()).isGreaterThan(3 * CollaborationHistory.CHUNK);
        return own;
    }

    private static void batch(CollaborationProjection projection, List<DomainEventMessage<?>> events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        for (DomainEventMessage<?> m : events) {
            projection.on((CollaborationEvent) m.getPayload(), m.getSequenceNumber(), m.getTimestamp());
        }
        unitOfWork.commit();
    }

    private static void feed(MongoDatabase db, List<DomainEventMessage<?>> history, int batch) {
        CollaborationProjection projection = new CollaborationProjection(db);
        for (int from = 0; from < history.size(); from += batch) {
            batch(projection, history.subList(from, Math.min(from + batch, history.size())));
        }
    }

    @Test
    void theCollaborationAsOfAnInstantIsTheFoldOfItsEventsUpToTheFirstAfterIt() {
        List<DomainEventMessage<?>> history = history();
        MongoDatabase db = client.getDatabase("asof");
        feed(db, history, 64);
        CollaborationQueries queries = new CollaborationQueries(db, null); // the audit trail: never needed here
        List<Instant> instants = new ArrayList<>(List.of(history.get(0).getTimestamp().minusSeconds(1),
                history.get(history.size() - 1).getTimestamp().plusSeconds(1)));
        for (int i = 0; i < history.size(); i += 7) {
            instants.add(history.get(i).getTimestamp());
            instants.add(history.get(i).getTimestamp().minusNanos(1));
        }
        for (int k = 1; k * CollaborationHistory.CHUNK < history.size(); k++) { // around every chunk boundary
            for (int i = k * CollaborationHistory.CHUNK - 2; i <= k * CollaborationHistory.CHUNK + 1; i++) {
                instants.add(history.get(i).getTimestamp());
                instants.add(history.get(i).getTimestamp().minusNanos(1));
            }
        }
        for (Instant asOf : instants) {
            CollaborationView expected = null;
            for (DomainEventMessage<?> m : history) {
                if (m.getTimestamp().isAfter(asOf)) {
                    break;
                }
                expected = CollaborationFold.next(expected, (CollaborationEvent) m.getPayload(),
                        m.getSequenceNumber(), m.getTimestamp());
            }
            assertThat(queries.handle(new FindCollaboration(CAST.collaborationId(), asOf))).as("as of " + asOf)
                    .isEqualTo(Optional.ofNullable(expected));
        }
    }

    @Test
    void aBatchWhoseWritesWerePartlyLostIsRepairedByItsRedelivery() {
        List<DomainEventMessage<?>> history = history();
        MongoDatabase reference = client.getDatabase("reference");
        feed(reference, history, 50);
        for (List<String> lost : List.of(List.of(CollaborationProjection.COLLABORATIONS),
                List.of(CollaborationProjection.AS_OF, CollaborationProjection.COLLABORATIONS),
                List.of(CollaborationProjection.AS_OF_CHUNKS, CollaborationProjection.AS_OF,
                        CollaborationProjection.COLLABORATIONS))) { // what a crash leaves unwritten: a suffix of them
            MongoDatabase db = client.getDatabase("crashed" + lost.hashCode());
            CollaborationProjection projection = new CollaborationProjection(db);
            for (int from = 0; from < history.size(); from += 50) {
                List<DomainEventMessage<?>> events = history.subList(from, Math.min(from + 50, history.size()));
                if (from == 100 || from == 250) { // the second straddles a chunk boundary
                    Map<String, List<Document>> before = new TreeMap<>();
                    for (String name : lost) {
                        List<Document> docs = new ArrayList<>();
                        db.getCollection(name).find().forEach(docs::add);
                        before.put(name, docs);
                    }
                    batch(projection, events);
                    before.forEach((name, docs) -> { // the process died before these writes
                        db.getCollection(name).deleteMany(new Document());
                        if (!docs.isEmpty()) {
                            db.getCollection(name).insertMany(docs);
                        }
                    });
                    projection = new CollaborationProjection(db); // restarted
                }
                batch(projection, events);
            }
            assertThat(dump(db)).as("lost " + lost).isEqualTo(dump(reference));
        }
    }

    private static Map<String, List<String>> dump(MongoDatabase db) {
        Map<String, List<String>> all = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            List<String> docs = new ArrayList<>();
            db.getCollection(name).find().forEach(d -> docs.add(d.toJson()));
            docs.sort(null);
            all.put(name, docs);
        }
        return all;
    }
}
