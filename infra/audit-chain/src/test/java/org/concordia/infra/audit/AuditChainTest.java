package org.concordia.infra.audit;

import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.Merkle;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.StoreHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    @TempDir
    Path dir;
    private AuditStore store;

    @BeforeEach
    void open() {
        store = new AuditStore(dir, 8);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void populate(int commits) {
        Random random = new Random(7);
        for (int i = 0; i < commits; i++) {
            store.commit(random, 1 + random.nextInt(3), "alpha", "beta");
            if (i % 9 == 4) {
                store.conflictingCommit("alpha");
            }
        }
    }

    private List<CanonicalEvent> storedEvents() {
        List<CanonicalEvent> all = new ArrayList<>();
        Iterator<CanonicalEvent> it = new StoredEvents(store.engine).all(store.engine.headPosition());
        it.forEachRemaining(all::add);
        return all;
    }

    @Test
    void chainsEveryEventInPositionOrderAndSignsCheckpointsEveryNEvents() {
        populate(20);
        AuditChain chain = store.chain("node-a");
        long chained = chain.catchUp();
        List<CanonicalEvent> events = storedEvents();
        assertThat(chained).isEqualTo(events.size());
        assertThat(events).extracting(CanonicalEvent::position).isSorted().doesNotHaveDuplicates();

        byte[] expectedChain = Hashes.CHAIN_START;
        for (int i = 0; i < events.size(); i++) {
            expectedChain = Hashes.chain(expectedChain, events.get(i).canonicalBytes());
            AuditRecords.ChainEntry entry = chain.records().entry(i + 1).orElseThrow();
            assertThat(entry.position()).isEqualTo(events.get(i).position());
            assertThat(entry.chainHash()).isEqualTo(Hashes.hex(expectedChain));
        }
        List<Checkpoint> checkpoints = chain.records().checkpoints();
        assertThat(checkpoints).isNotEmpty();
        Merkle.SubtreeHashes recomputed = Merkle.inMemory(events.stream().map(CanonicalEvent::leafHash).toList());
        long previousSize = 0;
        for (Checkpoint checkpoint : checkpoints) {
            // signed at the end of the commit that brings 8 new events: at most 2 more (commits hold 1 to 3)
            assertThat(checkpoint.treeSize() - previousSize).isBetween(8L, 10L);
            previousSize = checkpoint.treeSize();
            assertThat(checkpoint.rootHash()).isEqualTo(Hashes.hex(recomputed.hash(0, checkpoint.treeSize())));
            assertThat(checkpoint.lastPosition()).isEqualTo(events.get((int) checkpoint.treeSize() - 1).position());
            assertThat(checkpoint.signatureValid(store.keys.publicKey())).isTrue();
        }
    }

    @Test
    void storedNodesGiveProofsThatVerifyAgainstTheSignedRoots() {
        populate(25);
        AuditChain chain = store.chain("node-a");
        chain.catchUp();
        chain.checkpointNow();
        List<Checkpoint> checkpoints = chain.records().checkpoints();
        Merkle.SubtreeHashes stored = chain.records().storedTree();
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        List<CanonicalEvent> events = storedEvents();
        for (int leaf = 1; leaf <= last.treeSize(); leaf++) {
            List<byte[]> proof = Merkle.inclusionProof(stored, leaf - 1, last.treeSize());
            assertThat(Merkle.verifyInclusion(leaf - 1, last.treeSize(), events.get(leaf - 1).leafHash(), proof,
                                              Hashes.unhex(last.rootHash()))).isTrue();
        }
        for (Checkpoint a : checkpoints) {
            for (Checkpoint b : checkpoints) {
                if (a.number() <= b.number()) {
                    assertThat(Merkle.verifyConsistency(a.treeSize(), b.treeSize(), Hashes.unhex(a.rootHash()),
                            Hashes.unhex(b.rootHash()), Merkle.consistencyProof(stored, a.treeSize(), b.treeSize())))
                            .isTrue();
                }
            }
        }
        AuditService service = store.service(chain);
        AuditService.InclusionProof proof = service.inclusion(events.get(5).position(), null).orElseThrow();
        assertThat(proof.leaf()).isEqualTo(6);
        assertThat(service.consistency(1, last.number())).isPresent();
    }

    @Test
    void redeliveryAfterACrashRewritesTheSameChainAndKeepsSignedCheckpoints() {
        populate(15);
        AuditChain chain = store.chain("node-a");
        chain.catchUp();
        List<Checkpoint> before = chain.records().checkpoints();
        List<AuditRecords.ChainEntry> entriesBefore = new ArrayList<>(chain.records().entries(1, 1000).values());
        // A crash before the state was saved: the writer starts over from position 1.
        store.database.getCollection(AuditRecords.STATE).deleteOne(eq("_id", "chain"));
        store.clock.advance(Duration.ofMinutes(5));
        AuditChain restarted = store.chain("node-a");
        restarted.catchUp();
        assertThat(restarted.records().checkpoints()).isEqualTo(before);
        assertThat(new ArrayList<>(restarted.records().entries(1, 1000).values())).isEqualTo(entriesBefore);
        assertThat(restarted.catchUp()).isZero();
        assertThat(store.service(restarted).verifyLive().intact()).isTrue();
    }

    @Test
    void anAllocatedPositionThatNeverAppearsHoldsTheChainUntilTheSkipTimeout() {
        Random random = new Random(1);
        store.commit(random, 2, "alpha");
        // A writer allocated position 3 and died before inserting its commit.
        store.database.getCollection("event_counters").updateOne(eq("_id", "event-position"),
                                                                  new Document("$inc", new Document("value", 1L)));
        store.commit(random, 1, "alpha");
        AuditChain chain = store.chain("node-a");
        assertThat(chain.catchUp()).isEqualTo(2);
        store.clock.advance(Duration.ofSeconds(30));
        assertThat(chain.catchUp()).isZero();
        store.clock.advance(Duration.ofSeconds(31));
        assertThat(chain.catchUp()).isEqualTo(1);
        assertThat(chain.records().state().skipped()).containsExactly(List.of(3L, 3L));
        assertThat(chain.records().entry(3).orElseThrow().position()).isEqualTo(4);
    }

    @Test
    void catchesUpAcrossManyWindowsInOneGo() {
        populate(30);
        AuditChain chain = new AuditChain(store.database, store.engine, store.keys,
                new AuditProperties(8, Duration.ofHours(1), null, Duration.ofMillis(50), Duration.ofSeconds(60), 4,
                                   Duration.ofSeconds(30)),
                store.clock, "node-a");
        assertThat(chain.catchUp()).isEqualTo(storedEvents().size());
        assertThat(chain.records().state().nextPosition()).isEqualTo(store.engine.headPosition() + 1);
        assertThat(store.service(chain).verifyLive().intact()).isTrue();
    }

    @Test
    void chainsTheEventsOfAStoreWhoseCollectionsHaveAPrefix() {
        MongoEventStorageEngine prefixed = MongoEventStorageEngine.builder().database(store.database)
                .collectionPrefix("tenant_").eventSerializer(StoreHarness.serializer())
                .snapshotSerializer(StoreHarness.serializer()).build();
        for (int i = 0; i < 5; i++) {
            prefixed.appendEvents(GenericEventMessage.asEventMessage("event " + i));
        }
        AuditChain chain = new AuditChain(store.database, prefixed, store.keys, store.settings, store.clock, "node-a");
        assertThat(chain.catchUp()).as("the chain reads the engine's own commits, prefix and all").isEqualTo(5);
        assertThat(store.service(chain).verifyLive().intact()).isTrue();
    }

    @Test
    void theSavedStateNeverPointsIntoTheMiddleOfACommit() {
        Random random = new Random(3);
        for (int i = 0; i < 12; i++) {
            store.commit(random, 3, "alpha");
        }
        AuditChain chain = store.chain("node-a");
        chain.catchUp();
        for (Checkpoint checkpoint : chain.records().checkpoints()) {
            assertThat(checkpoint.treeSize() % 3).isZero();
        }
        // a restart from the saved state appends nothing twice
        store.database.getCollection(AuditRecords.STATE).deleteOne(eq("_id", "lease"));
        AuditChain restarted = store.chain("node-b");
        assertThat(restarted.catchUp()).isZero();
        assertThat(restarted.records().state().treeSize()).isEqualTo(36);
    }

    @Test
    void onlyOneNodeHoldsTheWriterLease() {
        AuditChain a = store.chain("node-a");
        AuditChain b = store.chain("node-b");
        assertThat(a.holdLease()).isTrue();
        assertThat(b.holdLease()).isFalse();
        assertThat(a.holdLease()).isTrue();
        store.clock.advance(Duration.ofMinutes(1));
        assertThat(b.holdLease()).isTrue();
        assertThat(a.holdLease()).isFalse();
    }

    @Test
    void aNodeThatStopsHandsTheWriterLeaseOverAtOnce() {
        AuditChain a = store.chain("node-a");
        AuditChain b = store.chain("node-b");
        assertThat(a.holdLease()).isTrue();
        assertThat(b.holdLease()).isFalse();
        a.close();
        assertThat(b.holdLease()).as("taken over without waiting for the lease to run out").isTrue();
    }

    @Test
    void anUntouchedStoreVerifiesAndReportsWhatIsNotYetCheckpointed() {
        populate(10);
        AuditChain chain = store.chain("node-a");
        chain.catchUp();
        Verification result = store.service(chain).verifyLive();
        assertThat(result.intact()).as(result.summary()).isTrue();
        long covered = chain.records().checkpoints().get(chain.records().checkpoints().size() - 1).lastPosition();
        assertThat(result.summary()).startsWith("INTACT up to position " + covered + ", checkpoint ");
        if (chain.records().state().treeSize() % 8 != 0) {
            assertThat(result.notes()).anyMatch(n -> n.contains("not yet covered"));
        }
    }
}
