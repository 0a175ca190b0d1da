package org.concordia.infra.lease;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

class LeaseTest {

    private static final Duration TERM = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private StoreHarness store;
    private MongoCollection<Document> documents;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void open() {
        store = new StoreHarness(dir);
        documents = store.database.getCollection("leased");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Lease lease(String holder) {
        return new Lease(documents, Lease.Fields.DEFAULT, holder, TERM, clock);
    }

    @Test
    void oneHolderAtATimeUntilTheTermRunsOut() {
        Lease a = lease("node-a");
        Lease b = lease("node-b");
        assertThat(a.acquireOrCreate("writer", Updates.setOnInsert("position", 0L))).isPresent();
        assertThat(b.acquireOrCreate("writer", null)).as("held by a").isEmpty();
        clock.advance(TERM.minusSeconds(1));
        assertThat(a.acquire("writer")).as("a renews for a full term").isPresent();
        clock.advance(TERM.minusSeconds(1));
        assertThat(b.acquire("writer")).as("renewed, so still a's").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.acquire("writer")).as("expired: b takes over").isPresent();
        assertThat(a.acquire("writer")).isEmpty();
        assertThat(documents.find(eq("_id", "writer")).first().get("position")).isEqualTo(0L);
    }

    @Test
    void holdRenewsOnlyOnceAThirdOfTheTermHasPassed() {
        Lease a = lease("node-a");
        Lease b = lease("node-b");
        assertThat(a.hold("chain")).isTrue();
        Date firstUntil = documents.find(eq("_id", "chain")).first().getDate("leaseUntil");
        clock.advance(Duration.ofSeconds(9));
        assertThat(a.hold("chain")).isTrue();
        assertThat(documents.find(eq("_id", "chain")).first().getDate("leaseUntil")).as("no write").isEqualTo(firstUntil);
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.hold("chain")).isTrue();
        assertThat(documents.find(eq("_id", "chain")).first().getDate("leaseUntil")).isAfter(firstUntil);
        assertThat(b.hold("chain")).isFalse();
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceAndFencedWritesStopWhenItIsLost() {
        Lease a = lease("node-a");
        Lease b = lease("node-b");
        a.acquireOrCreate("sub", null);
        assertThat(documents.updateOne(a.fence("sub"), Updates.set("cursor", 1)).getModifiedCount()).isEqualTo(1);
        a.release("sub");
        assertThat(b.acquire("sub")).isPresent();
        assertThat(documents.updateOne(a.fence("sub"), Updates.set("cursor", 2)).getModifiedCount()).isZero();
    }

    @Test
    void aClaimCanRequireAConditionAndApplyAnUpdateInTheSameStep() {
        documents.insertOne(new Document("_id", "job").append("version", 3L));
        Lease a = lease("node-a");
        assertThat(a.acquire("job", eq("version", 2L), Updates.inc("version", 1L))).isEmpty();
        Document claimed = a.acquire("job", eq("version", 3L), Updates.inc("version", 1L)).orElseThrow();
        assertThat(claimed.get("version")).isEqualTo(4L);
        assertThat(a.isHeld(claimed)).isTrue();
        clock.advance(TERM);
        assertThat(a.isHeld(claimed)).isFalse();
        documents.updateOne(eq("_id", "job"), a.freed());
        assertThat(a.isHeld(documents.find(eq("_id", "job")).first())).isFalse();
        assertThat(lease("node-b").acquire("job")).as("a freed claim is free").isPresent();
    }

    @Test
    void aLeaseWrittenByAnEarlierReleaseInEpochMillisIsHonouredUntilItEnds() {
        documents.insertOne(new Document("_id", "lease").append("owner", "old-node")
                                                         .append("until", clock.millis() + 5_000));
        Lease.Fields legacy = new Lease.Fields("owner", "until");
        Lease mine = new Lease(documents, legacy, "new-node", TERM, clock);
        assertThat(mine.isHeld(documents.find(eq("_id", "lease")).first())).isTrue();
        assertThat(mine.acquire("lease")).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(mine.acquire("lease")).isPresent();
    }

    @Test
    void aClaimRecordedOnlyBySinceWhenItWasTakenLastsATermFromThen() {
        documents.insertOne(new Document("_id", "job").append("owner", "old-node")
                                                       .append("claimedAt", Date.from(clock.instant())));
        Lease mine = new Lease(documents, new Lease.Fields("owner", "claimedUntil", "claimedAt"), "new-node", TERM,
                               clock);
        assertThat(mine.isHeld(documents.find(eq("_id", "job")).first())).isTrue();
        clock.advance(TERM);
        assertThat(mine.isHeld(documents.find(eq("_id", "job")).first())).isFalse();
        Document taken = mine.acquire("job").orElseThrow();
        assertThat(taken.getDate("claimedAt").toInstant()).as("since when, for the next reader").isEqualTo(clock.instant());
        assertThat(taken.getDate("claimedUntil").toInstant()).isEqualTo(clock.instant().plus(TERM));
    }

    @Test
    void holdersInOneProcessHaveDifferentNames() {
        assertThat(Lease.newHolder()).isNotEqualTo(Lease.newHolder()).contains("@");
    }
}
