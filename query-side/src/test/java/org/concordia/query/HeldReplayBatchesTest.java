package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.concordia.query.support.DeferredReplayWrites;
import org.concordia.query.support.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which tracking batches of a replay hold their writes back, decided on the token the processor stores after the
 * batch, which is past its last message when the batch ends with events no handler of the processor takes.
 */
class HeldReplayBatchesTest {

    private static final long RESET_AT = 10;

    private final Mongo mongo = new Mongo();
    private final MongoDatabase db = mongo.db("held");
    private final DeferredReplayWrites replayWrites = new DeferredReplayWrites(1000);
    private final WriteBatch batch = new WriteBatch().deferDuringReplay(replayWrites);
    private final WriteBatch.Documents<Document> documents = batch.collection(db.getCollection("docs"), d -> d, d -> d);

    @AfterEach
    void close() {
        mongo.close();
    }

    /** A batch of the events at {@code first..last}, after which the processor stores its token at {@code tokenAt}. */
    private void replayBatch(long first, long last, long tokenAt) throws Exception {
        List<TrackedEventMessage<?>> messages = new ArrayList<>();
        for (long p = first; p <= last; p++) {
            messages.add(new GenericTrackedEventMessage<>(replayTokenAt(p), GenericEventMessage.asEventMessage("e" + p)));
        }
        BatchingUnitOfWork<org.axonframework.eventhandling.EventMessage<?>> unitOfWork =
                new BatchingUnitOfWork<>(new ArrayList<>(messages));
        unitOfWork.resources().put("Processor[views]/SegmentId", 0);
        unitOfWork.resources().put("Processor[views]/Token", replayTokenAt(tokenAt));
        unitOfWork.executeWithResult(() -> batch.interceptor().handle(unitOfWork, () -> {
            long position = ((TrackedEventMessage<?>) CurrentUnitOfWork.get().getMessage()).trackingToken()
                    .position().orElseThrow();
            documents.put("doc", new Document("_id", "doc").append("position", position));
            return null;
        }));
    }

    /** The token of a replay reset at {@value #RESET_AT}, at {@code position} (still a replay token at the reset). */
    private static TrackingToken replayTokenAt(long position) {
        return ((ReplayToken) ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(RESET_AT),
                new GlobalSequenceTrackingToken(0))).advancedTo(new GlobalSequenceTrackingToken(position));
    }

    @Test
    void aBatchBeforeTheResetPositionIsHeldAndOneWhoseTokenReachesItWritesEvenIfItsLastEventIsEarlier()
            throws Exception {
        replayBatch(1, 5, 5);
        assertThat(db.getCollection("docs").countDocuments()).isZero();
        assertThat(replayWrites.isHolding("views", 0)).isTrue();

        // events 6 and 7 handled; 8 to 10 are of types no handler takes, and the batch's token is at 10
        replayBatch(6, 7, RESET_AT);
        assertThat(db.getCollection("docs").find().first()).isEqualTo(new Document("_id", "doc").append("position", 7L));
        assertThat(replayWrites.isHolding("views", 0)).isFalse();
    }
}
