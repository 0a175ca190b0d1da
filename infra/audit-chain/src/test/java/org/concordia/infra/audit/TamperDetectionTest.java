package org.concordia.infra.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.concordia.audit.verifier.BundleVerifier;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.eventstore.RawCommits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test: a randomized run (seeded; the seed is printed) of 7 kinds of tampering, each made by
 * editing MongoDB documents directly on a freshly restored copy of a populated store, and untouched copies in
 * between. Every tampering must be detected, no untouched store may raise an alarm.
 */
class TamperDetectionTest {

    enum Kind { MODIFIED_PAYLOAD, MODIFIED_ACTOR_OR_TIMESTAMP, DELETED_EVENT, SWAPPED_EVENTS, INSERTED_EVENT,
                TRUNCATED_TAIL, FORGED_CHECKPOINT_SIGNATURE, UNTOUCHED }

    private static final int CASES_PER_KIND = 29;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static AuditStore store;
    private static AuditService service;
    private static List<Document> pristineCommits;
    private static List<Document> pristineCheckpoints;
    private static List<Document> pristineChain;
    private static boolean chainRewritten;
    private static KeyPair attackerKey;
    private static final java.util.Set<Long> touchedCommits = new java.util.HashSet<>();
    private static final java.util.Set<Long> touchedCheckpoints = new java.util.HashSet<>();

    @BeforeAll
    static void populateOnce() throws Exception {
        store = new AuditStore(dir, 10);
        Random random = new Random(42);
        for (int i = 0; i < 45; i++) {
            store.commit(random, 1 + random.nextInt(3), "alpha", "beta", "gamma");
            if (i % 13 == 8) {
                store.conflictingCommit("beta");
            }
        }
        AuditChain chain = store.chain("node-a");
        chain.catchUp();
        chain.checkpointNow();
        service = store.service(chain);
        assertThat(service.verifyLive().intact()).isTrue();
        pristineCommits = snapshot(commits());
        pristineCheckpoints = snapshot(checkpoints());
        pristineChain = snapshot(store.database.getCollection(AuditRecords.CHAIN));
        attackerKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** The event store's commits, as someone with write access to the database edits them. */
    private static MongoCollection<Document> commits() {
        return RawCommits.in(store.database);
    }

    private static MongoCollection<Document> checkpoints() {
        return store.database.getCollection(AuditRecords.CHECKPOINTS);
    }

    private static List<Document> snapshot(MongoCollection<Document> collection) {
        List<Document> all = new ArrayList<>();
        collection.find().forEach(all::add);
        all.sort((a, b) -> Long.compare(a.get("_id", Number.class).longValue(), b.get("_id", Number.class).longValue()));
        return all;
    }

    private static void restore(MongoCollection<Document> collection, List<Document> pristine) {
        collection.deleteMany(new Document());
        collection.insertMany(pristine.stream().map(d -> Document.parse(d.toJson())).toList());
    }

    /** Puts back only the documents a case touched (a full restore per case would dominate the run time). */
    private static void restoreTouched() {
        for (Long id : touchedCommits) {
            commits().deleteOne(eq("_id", id));
            pristineCommits.stream().filter(c -> c.get("_id", Number.class).longValue() == id).findFirst()
                           .ifPresent(c -> commits().insertOne(Document.parse(c.toJson())));
        }
        for (Long id : touchedCheckpoints) {
            checkpoints().deleteOne(eq("_id", id));
            pristineCheckpoints.stream().filter(c -> c.get("_id", Number.class).longValue() == id).findFirst()
                               .ifPresent(c -> checkpoints().insertOne(Document.parse(c.toJson())));
        }
        touchedCommits.clear();
        touchedCheckpoints.clear();
        if (chainRewritten) {
            restore(store.database.getCollection(AuditRecords.CHAIN), pristineChain);
            chainRewritten = false;
        }
    }

    /**
     * The thorough attacker also recomputes the recorded chain over the edited events, so that the stored hashes
     * agree with them: the verifier must not care, as only the signed checkpoints count.
     */
    private static void rewriteRecordedChain() {
        MongoCollection<Document> chain = store.database.getCollection(AuditRecords.CHAIN);
        chain.deleteMany(new Document());
        List<Document> rewritten = new ArrayList<>();
        byte[] head = org.concordia.audit.verifier.Hashes.CHAIN_START;
        long leaf = 0;
        var events = new StoredEvents(store.engine).all(store.engine.headPosition());
        while (events.hasNext()) {
            var event = events.next();
            head = org.concordia.audit.verifier.Hashes.chain(head, event.canonicalBytes());
            rewritten.add(new Document("_id", ++leaf).append("position", event.position())
                    .append("eventId", event.eventId())
                    .append("leafHash", org.concordia.audit.verifier.Hashes.hex(event.leafHash()))
                    .append("chainHash", org.concordia.audit.verifier.Hashes.hex(head)));
        }
        chain.insertMany(rewritten);
        chainRewritten = true;
    }

    @Test
    void detectsEveryTamperingAndRaisesNoFalseAlarm() throws Exception {
        long seed = Long.getLong("tamper.seed", System.nanoTime());
        System.out.println("TamperDetectionTest seed: " + seed + " (rerun with -Dtamper.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Kind> plan = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < CASES_PER_KIND; i++) {
                plan.add(kind);
            }
        }
        java.util.Collections.shuffle(plan, random);

        Map<Kind, Integer> detected = new EnumMap<>(Kind.class);
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Kind kind = plan.get(i);
            String what = tamper(kind, random);
            if (kind != Kind.UNTOUCHED && kind != Kind.FORGED_CHECKPOINT_SIGNATURE && random.nextInt(4) == 0) {
                rewriteRecordedChain();
                what += ", recorded chain rewritten to match";
            }
            Verification result = service.verifyLive();
            boolean right = kind == Kind.UNTOUCHED ? result.intact() : !result.intact();
            if (right) {
                detected.merge(kind, 1, Integer::sum);
            } else {
                misses.add("case " + i + " " + kind + " (" + what + "): " + result.summary());
            }
            restoreTouched();
            if (i % 50 == 49) {
                // now and then, prove the targeted restore really restores: the whole store equals the pristine one
                assertThat(snapshot(commits())).map(Document::toJson)
                        .isEqualTo(pristineCommits.stream().map(Document::toJson).toList());
                assertThat(snapshot(checkpoints())).map(Document::toJson)
                        .isEqualTo(pristineCheckpoints.stream().map(Document::toJson).toList());
            }
        }
        System.out.println("TamperDetectionTest: " + plan.size() + " cases, correct per kind " + detected);
        assertThat(misses).as("seed " + seed).isEmpty();
        assertThat(plan).hasSizeGreaterThanOrEqualTo(200);
        for (Kind kind : Kind.values()) {
            assertThat(detected.get(kind)).as(kind + ", seed " + seed).isEqualTo(CASES_PER_KIND);
        }
    }

    @Test
    void aStoreExportOfATamperedStoreFailsOfflineVerification() throws IOException {
        try {
            Document commit = Document.parse(pristineCommits.stream().filter(c -> !c.getBoolean(RawCommits.VOID, false))
                                                            .toList().get(20).toJson());
            List<Document> events = new ArrayList<>(commit.getList(RawCommits.EVENTS, Document.class));
            events.get(0).put(RawCommits.PAYLOAD, events.get(0).getString(RawCommits.PAYLOAD).replace("note", "NOTE"));
            commits().updateOne(eq("_id", commit.get("_id")), new Document("$set", new Document(RawCommits.EVENTS, events)));
            Path file = dir.resolve("tampered-store.zip");
            try (OutputStream out = Files.newOutputStream(file)) {
                service.export(null, out);
            }
            Verification offline = BundleVerifier.verify(file, store.keys.publicKey());
            assertThat(offline.intact()).isFalse();
            assertThat(offline.failedPosition()).isEqualTo(commit.get("_id", Number.class).longValue());
        } finally {
            restore(commits(), pristineCommits);
        }
    }

    // ------------------------------------------------------------------ tampering, straight on the documents

    private String tamper(Kind kind, Random random) throws Exception {
        return switch (kind) {
            case UNTOUCHED -> "nothing";
            case MODIFIED_PAYLOAD -> editEvent(random, event -> {
                ObjectNode payload = (ObjectNode) JSON.readTree(event.getString(RawCommits.PAYLOAD));
                String field = List.of("text", "collaborationId", "issueId", "commentId").get(random.nextInt(4));
                payload.put(field, payload.path(field).asText() + (random.nextBoolean() ? "!" : " "));
                event.put(RawCommits.PAYLOAD, JSON.writeValueAsString(payload));
                return "payload." + field;
            });
            case MODIFIED_ACTOR_OR_TIMESTAMP -> editEvent(random, event -> {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        ObjectNode payload = (ObjectNode) JSON.readTree(event.getString(RawCommits.PAYLOAD));
                        ((ObjectNode) payload.get("actor")).put("username", "mallory");
                        event.put(RawCommits.PAYLOAD, JSON.writeValueAsString(payload));
                        return "actor.username";
                    }
                    case 1 -> {
                        ObjectNode payload = (ObjectNode) JSON.readTree(event.getString(RawCommits.PAYLOAD));
                        ((ObjectNode) payload.get("actor")).put("partyId", "party-x");
                        event.put(RawCommits.PAYLOAD, JSON.writeValueAsString(payload));
                        return "actor.partyId";
                    }
                    default -> {
                        Instant at = Instant.parse(event.getString(RawCommits.TIMESTAMP));
                        event.put(RawCommits.TIMESTAMP, at.minusSeconds(1 + random.nextInt(86_400)).toString());
                        return "timestamp";
                    }
                }
            });
            case DELETED_EVENT -> {
                Document commit = randomEventCommit(random);
                List<Document> events = new ArrayList<>(commit.getList(RawCommits.EVENTS, Document.class));
                if (events.size() == 1) {
                    if (random.nextBoolean()) {
                        commits().deleteOne(eq("_id", commit.get("_id")));
                        yield "deleted commit " + commit.get("_id");
                    }
                    commits().replaceOne(eq("_id", commit.get("_id")), new Document(commit).append(RawCommits.VOID, true)
                            .append(RawCommits.EVENTS, List.of()));
                    yield "voided commit " + commit.get("_id");
                }
                int index = random.nextInt(events.size());
                events.remove(index);
                Document update = new Document(RawCommits.EVENTS, events);
                if (random.nextBoolean()) {
                    update.append(RawCommits.LAST, commit.get(RawCommits.LAST, Number.class).longValue() - 1);
                }
                commits().updateOne(eq("_id", commit.get("_id")), new Document("$set", update));
                yield "removed event " + index + " of commit " + commit.get("_id");
            }
            case SWAPPED_EVENTS -> {
                List<long[]> slots = eventSlots();
                long[] a = slots.get(random.nextInt(slots.size()));
                long[] b;
                do {
                    b = slots.get(random.nextInt(slots.size()));
                } while (b[0] == a[0] && b[1] == a[1]);
                touchedCommits.add(a[0]);
                touchedCommits.add(b[0]);
                Document first = eventAt(a);
                Document second = eventAt(b);
                setEvent(a, second);
                setEvent(b, first);
                yield "swapped " + (a[0] + a[1]) + " and " + (b[0] + b[1]);
            }
            case INSERTED_EVENT -> {
                Document commit = randomEventCommit(random);
                List<Document> events = new ArrayList<>(commit.getList(RawCommits.EVENTS, Document.class));
                Document forged = Document.parse(events.get(0).toJson());
                forged.put(RawCommits.EVENT_ID, "forged-" + random.nextInt(1_000_000));
                forged.put(RawCommits.SEQUENCE, forged.get(RawCommits.SEQUENCE, Number.class).longValue() + 1000);
                // Between two recorded events: appending after the newest one is what a new, not yet
                // checkpointed event looks like (the verifier reports such a tail as not covered).
                List<Document> withEvents = pristineCommits.stream().filter(c -> !c.getBoolean(RawCommits.VOID, false)).toList();
                boolean newestCommit = commit == withEvents.get(withEvents.size() - 1);
                int index = random.nextInt(newestCommit ? events.size() : events.size() + 1);
                events.add(index, forged);
                Document update = new Document(RawCommits.EVENTS, events);
                if (random.nextBoolean()) {
                    update.append(RawCommits.LAST, commit.get(RawCommits.LAST, Number.class).longValue() + 1);
                }
                commits().updateOne(eq("_id", commit.get("_id")), new Document("$set", update));
                yield "inserted at " + index + " of commit " + commit.get("_id");
            }
            case TRUNCATED_TAIL -> {
                List<Document> withEvents = pristineCommits.stream().filter(c -> !c.getBoolean(RawCommits.VOID, false)).toList();
                int drop = 1 + random.nextInt(Math.min(8, withEvents.size()));
                for (Document commit : withEvents.subList(withEvents.size() - drop, withEvents.size())) {
                    commits().deleteOne(eq("_id", commit.get("_id")));
                    touchedCommits.add(commit.get("_id", Number.class).longValue());
                }
                yield "dropped the last " + drop + " commits";
            }
            case FORGED_CHECKPOINT_SIGNATURE -> {
                Document checkpoint = pristineCheckpoints.get(random.nextInt(pristineCheckpoints.size()));
                Document forged = Document.parse(checkpoint.toJson());
                String how;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        byte[] signature = Base64.getDecoder().decode(forged.getString("signature"));
                        signature[random.nextInt(signature.length)] ^= (byte) (1 << random.nextInt(8));
                        forged.put("signature", Base64.getEncoder().encodeToString(signature));
                        how = "flipped a signature bit";
                    }
                    case 1 -> {
                        forged.put("rootHash", pristineCheckpoints.get(0).getString("chainHead"));
                        how = "replaced the root, kept the signature";
                    }
                    default -> {
                        forged.put("time", "2020-01-01T00:00:00Z");
                        Signature signer = Signature.getInstance("Ed25519");
                        signer.initSign(attackerKey.getPrivate());
                        signer.update(AuditRecords.fromDocument(forged).signedBytes());
                        forged.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
                        how = "re-signed with another key";
                    }
                }
                touchedCheckpoints.add(checkpoint.get("_id", Number.class).longValue());
                checkpoints().replaceOne(eq("_id", checkpoint.get("_id")), forged);
                yield how + " of checkpoint " + checkpoint.get("_id");
            }
        };
    }

    private interface EventEdit {
        String apply(Document event) throws Exception;
    }

    private String editEvent(Random random, EventEdit edit) throws Exception {
        List<long[]> slots = eventSlots();
        long[] slot = slots.get(random.nextInt(slots.size()));
        Document event = eventAt(slot);
        touchedCommits.add(slot[0]);
        String what = edit.apply(event);
        setEvent(slot, event);
        return what + " at position " + (slot[0] + slot[1]);
    }

    private Document randomEventCommit(Random random) {
        List<Document> withEvents = pristineCommits.stream().filter(c -> !c.getBoolean(RawCommits.VOID, false)).toList();
        Document commit = withEvents.get(random.nextInt(withEvents.size()));
        touchedCommits.add(commit.get("_id", Number.class).longValue());
        return commit;
    }

    /** Every event as {commit id, index in the commit}. */
    private static List<long[]> eventSlots() {
        List<long[]> slots = new ArrayList<>();
        for (Document commit : pristineCommits) {
            int size = commit.getList(RawCommits.EVENTS, Document.class).size();
            for (int i = 0; i < size; i++) {
                slots.add(new long[]{commit.get("_id", Number.class).longValue(), i});
            }
        }
        return slots;
    }

    private static Document eventAt(long[] slot) {
        Document commit = commits().find(eq("_id", slot[0])).first();
        return Document.parse(commit.getList(RawCommits.EVENTS, Document.class).get((int) slot[1]).toJson());
    }

    private static void setEvent(long[] slot, Document event) {
        commits().updateOne(eq("_id", slot[0]), new Document("$set", new Document(RawCommits.EVENTS + "." + slot[1], event)));
    }
}
