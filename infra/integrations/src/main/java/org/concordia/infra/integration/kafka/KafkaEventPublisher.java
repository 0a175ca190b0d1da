package org.concordia.infra.integration.kafka;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * Publishes every feed entry to Kafka as a CloudEvent, in feed order, keyed by aggregate (the issue id for issue
 * events, the collaboration id otherwise) so that a consumer sees each issue's events in order. Progress (the last
 * position acknowledged by the brokers) is kept in MongoDB under the topic's name and advanced only after every
 * record of a round is acknowledged: at-least-once, and a consumer drops repeats by the {@code position}
 * extension. One node publishes at a time (a lease on the progress document).
 */
public class KafkaEventPublisher implements AutoCloseable {

    public static final String PROGRESS = "integration_kafka_progress";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final Supplier<EventFeed> feed;
    private final MongoCollection<Document> progress;
    private final Supplier<Producer<String, CloudEvent>> producers;
    private final KafkaPublisherProperties properties;
    private final Counter published;
    private final Counter failures;
    private final Lease lease;
    private final ScheduledExecutorService loop;
    private Producer<String, CloudEvent> producer;

    public KafkaEventPublisher(Supplier<EventFeed> feed, MongoDatabase database,
                               Supplier<Producer<String, CloudEvent>> producers, KafkaPublisherProperties properties,
                               Clock clock, MeterRegistry meters) {
        this.feed = feed;
        this.progress = database.getCollection(PROGRESS);
        this.producers = producers;
        this.properties = properties;
        this.published = meters.counter("concordia.kafka.published");
        this.failures = meters.counter("concordia.kafka.failures");
        this.lease = new Lease(progress, Lease.Fields.DEFAULT, Lease.newHolder(), properties.leaseDuration(), clock);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kafka-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        loop.scheduleWithFixedDelay(this::publishSafely, 0, properties.pollInterval().toMillis(),
                                    TimeUnit.MILLISECONDS);
    }

    /** The last feed position the brokers acknowledged. */
    public long publishedPosition() {
        Document doc = progress.find(eq("_id", properties.topic())).first();
        return doc == null ? 0 : doc.get("position", Number.class).longValue();
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer();
        try {
            lease.release(properties.topic());
        } catch (RuntimeException e) {
            log.debug("could not release the Kafka publisher lease", e);
        }
    }

    private void publishSafely() {
        try {
            while (publishRound()) {
                // keep going while there is a backlog
            }
        } catch (Exception e) {
            failures.increment();
            log.warn("publishing to Kafka failed; resuming from the last acknowledged position", e);
            closeProducer(); // a fresh idempotent producer for the next round
        }
    }

    /** @return true when a full batch was published (more may be waiting) */
    boolean publishRound() throws Exception {
        EventFeed events = feed.get();
        Optional<Long> from = lease();
        if (events == null || from.isEmpty()) {
            return false;
        }
        List<FeedEntry> entries = events.after(from.get(), properties.batch());
        if (entries.isEmpty()) {
            return false;
        }
        if (producer == null) {
            producer = producers.get();
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
        for (FeedEntry entry : entries) {
            sent.add(producer.send(new ProducerRecord<>(properties.topic(), keyOf(entry), entry.event())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            ack.get(); // any failure: the round is not recorded and is sent again
        }
        long last = entries.get(entries.size() - 1).position();
        progress.updateOne(and(lease.fence(properties.topic()), eq("position", from.get())),
                           Updates.set("position", last));
        published.increment(entries.size());
        return entries.size() == properties.batch();
    }

    /** Per-aggregate order: the issue for issue events, else the collaboration (else the event's aggregate). */
    static String keyOf(FeedEntry entry) {
        CloudEvent event = entry.event();
        if (event.getSubject() != null) {
            return event.getSubject();
        }
        if (entry.collaborationId() != null) {
            return entry.collaborationId();
        }
        Object aggregate = event.getExtension(CloudEventMapper.AGGREGATE_ID);
        return aggregate == null ? event.getId() : aggregate.toString();
    }

    /** Takes or renews the publisher lease; the position to publish after, or empty when another node has it. */
    private Optional<Long> lease() {
        return lease.acquireOrCreate(properties.topic(), Updates.setOnInsert("position", 0L))
                    .map(d -> d.get("position", Number.class).longValue());
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }
}
