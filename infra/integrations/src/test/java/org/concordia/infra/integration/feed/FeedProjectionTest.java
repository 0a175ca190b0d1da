package org.concordia.infra.integration.feed;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.cloudevents.CloudEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The single writer numbers events 1, 2, 3… once each, whatever is redelivered and wherever it crashed. */
class FeedProjectionTest {

    @TempDir
    Path dataDir;
    private StoreHarness mongo;
    private MongoDatabase database;
    private MongoEventFeed feed;

    @BeforeEach
    void start() {
        mongo = StoreHarness.database(dataDir);
        database = mongo.database;
        feed = new MongoEventFeed(database);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void eventsGetConsecutivePositionsFromOne() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(5);
        events.forEach(projection::handle);

        assertThat(feed.head()).isEqualTo(5);
        assertThat(feed.after(0, 10)).extracting(FeedEntry::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(feed.after(0, 10)).extracting(e -> e.event().getId())
                                     .containsExactlyElementsOf(events.stream().map(DomainEventMessage::getIdentifier).toList());
        assertThat(feed.after(3, 10)).extracting(FeedEntry::position).containsExactly(4L, 5L);
        assertThat(feed.after(5, 10)).isEmpty();
    }

    @Test
    void aRedeliveredEventKeepsItsPositionAndTakesNoOther() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(3);
        events.forEach(projection::handle);
        // the processor's token was not stored (e.g. a crash after the batch): the whole batch comes again
        events.forEach(projection::handle);
        // and a fresh writer (after a restart) sees them once more
        FeedProjection restarted = new FeedProjection(feed, new CloudEventMapper());
        events.forEach(restarted::handle);
        DomainEventMessage<?> next = comments(1).get(0);
        restarted.handle(next);

        assertThat(feed.head()).isEqualTo(4);
        assertThat(feed.after(0, 10)).extracting(e -> e.event().getId()).containsExactly(
                events.get(0).getIdentifier(), events.get(1).getIdentifier(), events.get(2).getIdentifier(),
                next.getIdentifier());
    }

    @Test
    void aBatchCostsOneStoreCommitWhenItsRecordsAndHintMayWaitForTheNext() {
        MongoEventFeed repairable = new MongoEventFeed(database,
                database.withWriteConcern(com.mongodb.WriteConcern.W1.withJournal(false)));
        FeedProjection projection = new FeedProjection(repairable, new CloudEventMapper());
        projection.handle(comments(1).get(0)); // the head is recovered once, before the first batch
        List<EventMessage<?>> events = new ArrayList<>(comments(10));
        long commitsBefore = mongo.server.storeStats().commits();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.executeWithResult(() -> projection.handle(batch.getMessage()));
        // the entries' insert commits; the event-id records and the hint ride on the next commit (at most one more
        // here: the store's flush, if its interval ends meanwhile) — three commits when every write is journaled
        assertThat(mongo.server.storeStats().commits() - commitsBefore).isLessThanOrEqualTo(2);
        assertThat(repairable.head()).isEqualTo(11);
    }

    @Test
    void aCrashBetweenEntryAndEventRecordLeavesNeitherHoleNorDuplicate() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(2);
        events.forEach(projection::handle);
        // simulate the crash: the entry of event 2 is written, its event-id record and the hint are not
        feed.recordHeadHint(1);
        database.getCollection(MongoEventFeed.FED_EVENTS).deleteOne(Filters.eq("_id", events.get(1).getIdentifier()));

        FeedProjection restarted = new FeedProjection(feed, new CloudEventMapper());
        events.forEach(restarted::handle);
        DomainEventMessage<?> next = comments(1).get(0);
        restarted.handle(next);

        assertThat(feed.after(0, 10)).extracting(FeedEntry::position).containsExactly(1L, 2L, 3L);
        assertThat(feed.after(0, 10)).extracting(e -> e.event().getId()).containsExactly(
                events.get(0).getIdentifier(), events.get(1).getIdentifier(), next.getIdentifier());
    }

    @Test
    void aCrashAfterEntriesButBeforeTheirRecordsAndHintIsRepairedFromTheEntries() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(150);
        events.forEach(projection::handle);
        // simulate the crash: entries 11..150 are written, their event-id records and the hint are not
        feed.recordHeadHint(10);
        for (DomainEventMessage<?> lost : events.subList(10, 150)) {
            database.getCollection(MongoEventFeed.FED_EVENTS).deleteOne(Filters.eq("_id", lost.getIdentifier()));
        }

        // the processor's token was behind: everything comes again, in batches, with a new event at the end
        FeedProjection restarted = new FeedProjection(feed, new CloudEventMapper());
        DomainEventMessage<?> next = comments(1).get(0);
        List<EventMessage<?>> redelivered = new ArrayList<>(events);
        redelivered.add(next);
        for (int from = 0; from < redelivered.size(); from += 40) {
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(
                    new ArrayList<>(redelivered.subList(from, Math.min(from + 40, redelivered.size()))));
            batch.executeWithResult(() -> restarted.handle(batch.getMessage()));
        }

        assertThat(feed.head()).isEqualTo(151);
        List<String> ids = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        long after = 0;
        for (List<FeedEntry> page = feed.after(after, 50); !page.isEmpty(); page = feed.after(after, 50)) {
            page.forEach(e -> {
                positions.add(e.position());
                ids.add(e.event().getId());
            });
            after = page.get(page.size() - 1).position();
        }
        assertThat(positions).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 151).boxed().toList());
        List<String> expected = new ArrayList<>(events.stream().map(DomainEventMessage::getIdentifier).toList());
        expected.add(next.getIdentifier());
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void aBatchIsWrittenWholeAtItsLastEventAndAFailedBatchLeavesNothing() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> batch = comments(5);
        String failing = batch.get(3).getIdentifier();

        BatchingUnitOfWork<EventMessage<?>> failed = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        failed.executeWithResult(() -> {
            if (failed.getMessage().getIdentifier().equals(failing)) {
                throw new IllegalStateException("a handler failed");
            }
            return projection.handle(failed.getMessage());
        });
        assertThat(feed.head()).as("nothing of the failed batch is written").isZero();

        BatchingUnitOfWork<EventMessage<?>> retried = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        retried.executeWithResult(() -> projection.handle(retried.getMessage()));
        assertThat(feed.after(0, 10)).extracting(FeedEntry::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(feed.after(0, 10)).extracting(e -> e.event().getId())
                                     .containsExactlyElementsOf(batch.stream().map(DomainEventMessage::getIdentifier).toList());
    }

    @Test
    void aWriterThatFindsItsPositionTakenFailsAndThenSkipsWhatTheOtherWrote() {
        FeedProjection stale = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(2);
        stale.handle(events.get(0));
        // another node, holding the claim meanwhile, fed event 2
        new FeedProjection(feed, new CloudEventMapper()).handle(events.get(1));
        DomainEventMessage<?> third = comments(1).get(0);

        // the stale writer still believes the head is 1: its insert at 2 is refused, nothing is overwritten
        assertThatThrownBy(() -> stale.handle(third)).isInstanceOf(IllegalStateException.class);
        // the processor retries: it recovers the head and goes on at 3
        stale.handle(events.get(1));
        stale.handle(third);

        assertThat(feed.after(0, 10)).extracting(e -> e.event().getId()).containsExactly(
                events.get(0).getIdentifier(), events.get(1).getIdentifier(), third.getIdentifier());
    }

    @Test
    void entriesCarryTheCloudEventOfTheirEvent() {
        new FeedProjection(feed, new CloudEventMapper()).handle(comments(1).get(0));

        FeedEntry entry = feed.after(0, 1).get(0);
        CloudEvent event = entry.event();
        assertThat(entry.collaborationId()).isEqualTo("collab-1");
        assertThat(event.getType()).isEqualTo("org.concordia.CommentAdded.v1");
        assertThat(event.getSource().toString()).isEqualTo("/collaborations/collab-1");
        assertThat(event.getSubject()).isEqualTo("issue-1");
        assertThat(event.getExtension(CloudEventMapper.POSITION)).isEqualTo(1);
        assertThat(event.getExtension(CloudEventMapper.ACTOR)).isEqualTo("carl");
        assertThat(event.getExtension(CloudEventMapper.ACTOR_PARTY)).isEqualTo("site-1");
    }

    @Test
    void entriesRecordWhereTheirEventIsInTheEventStore() {
        FeedProjection projection = new FeedProjection(feed, new CloudEventMapper());
        List<DomainEventMessage<?>> events = comments(2);
        projection.handle(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(41), events.get(0)));
        projection.handle(events.get(1)); // not from a tracking processor: no position to record

        assertThat(feed.after(0, 2)).extracting(FeedEntry::storePosition).containsExactly(41L, null);
        assertThat(feed.after(0, 1).get(0).storedAtOrBefore(41)).isTrue();
        assertThat(feed.after(0, 1).get(0).storedAtOrBefore(40)).isFalse();
        assertThat(feed.after(1, 1).get(0).storedAtOrBefore(Long.MAX_VALUE)).as("not known: not excluded").isFalse();
    }

    private static int sequence = 0;

    private static List<DomainEventMessage<?>> comments(int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = sequence++;
            CommentAdded comment = new CommentAdded("collab-1", "issue-1", "comment-" + n, "text " + n,
                                                    new ActorContext("carl", "site-1", Set.of(MemberRole.CONTRIBUTOR)));
            events.add(new GenericDomainEventMessage<>("Issue", "issue-1", n, comment, org.axonframework.messaging.MetaData.emptyInstance(),
                                                       "event-" + n + "-" + System.nanoTime(), Instant.parse("2026-03-01T09:30:00Z")));
        }
        return events;
    }
}
