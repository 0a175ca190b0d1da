package org.concordia.infra.integration.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.concordia.infra.lease.Lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * Subscriptions and their delivery logs in MongoDB, every access by {@code _id} (the embedded server has no
 * secondary indexes). A subscription numbers its deliveries 1, 2, 3…: delivery {@code n} of subscription {@code s}
 * is {@code _id "s.n"}, so a page of the log is a list of keys, and the delivery in line is {@code doneSeq + 1}.
 * Every write the delivery engine makes on a subscription is fenced by its lease ({@code leaseOwner}).
 */
public class WebhookStore {

    public static final String SUBSCRIPTIONS = "webhook_subscriptions";
    public static final String DELIVERIES = "webhook_deliveries";

    public static final String ACTIVE = "ACTIVE";
    public static final String DISABLED = "DISABLED";
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD_LETTER = "DEAD_LETTER";

    /**
     * @param cursor            the last feed position read
     * @param storeHeadAtCreation the event store's head when the subscription was created: the feed may not have
     *                          caught up with it, and the events up to it, fed later, are not delivered (0: no such
     *                          limit, subscriptions created before it was recorded)
     */
    public record Subscription(String id, String url, List<String> eventTypes, String collaborationId,
                               String createdBy, Instant createdAt, String state, String disabledReason,
                               Instant disabledAt, long cursor, long storeHeadAtCreation, long createdSeq, long doneSeq,
                               List<Long> manualRetries, Instant nextAttemptAt, String sealedSecret) {
        public boolean active() {
            return ACTIVE.equals(state);
        }
    }

    public record Attempt(Instant at, Integer statusCode, String error, long durationMs, boolean manual) {
    }

    public record Delivery(String id, String subscriptionId, long seq, long position, String eventId,
                           String eventType, String state, List<Attempt> attempts, Instant nextAttemptAt,
                           Instant createdAt, Instant finishedAt) {
    }

    private final MongoCollection<Document> subscriptions;
    private final MongoCollection<Document> deliveries;

    public WebhookStore(MongoDatabase database) {
        this.subscriptions = database.getCollection(SUBSCRIPTIONS);
        this.deliveries = database.getCollection(DELIVERIES);
    }

    public static String deliveryId(String subscriptionId, long seq) {
        return subscriptionId + "." + seq;
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    public void insert(Subscription s) {
        subscriptions.insertOne(new Document("_id", s.id())
                .append("url", s.url())
                .append("eventTypes", s.eventTypes())
                .append("collaborationId", s.collaborationId())
                .append("createdBy", s.createdBy())
                .append("createdAt", date(s.createdAt()))
                .append("state", s.state())
                .append("cursor", s.cursor())
                .append("storeHeadAtCreation", s.storeHeadAtCreation())
                .append("createdSeq", 0L)
                .append("doneSeq", 0L)
                .append("manualRetries", List.of())
                .append("secret", s.sealedSecret())
                .append("leaseOwner", null)
                .append("leaseUntil", new Date(0)));
    }

    public Optional<Subscription> find(String id) {
        return Optional.ofNullable(subscriptions.find(eq("_id", id)).first()).map(WebhookStore::subscription);
    }

    /** Every subscription; their number is small (they are configured by people), so a scan is fine. */
    public List<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        subscriptions.find().forEach(d -> all.add(subscription(d)));
        all.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
        return all;
    }

    /** Removes the subscription (its engine stops at once: every write is fenced on it) and then its log. */
    public boolean delete(String id) {
        Document removed = subscriptions.findOneAndDelete(eq("_id", id));
        if (removed == null) {
            return false;
        }
        long created = removed.get("createdSeq", Number.class).longValue();
        for (long from = 1; from <= created; from += 500) {
            List<String> ids = LongStream.rangeClosed(from, Math.min(created, from + 499))
                                         .mapToObj(seq -> deliveryId(id, seq)).toList();
            deliveries.deleteMany(in("_id", ids));
        }
        return true;
    }

    /** A holder's leases on subscriptions: across nodes, one works on a subscription at a time. */
    public Lease leases(String holder, Duration term, Clock clock) {
        return new Lease(subscriptions, Lease.Fields.DEFAULT, holder, term, clock);
    }

    /** Takes (or renews) the subscription's lease; the subscription, or empty when another node has it. */
    public Optional<Subscription> acquireLease(String id, Lease lease) {
        return lease.acquire(id).map(WebhookStore::subscription);
    }

    /**
     * Records deliveries for newly matched feed entries and moves the cursor past the entries read. Deliveries are
     * inserted first under keys derived from the current state, so a node that dies in between leaves nothing the
     * next owner would not write identically.
     */
    public boolean appendDeliveries(Subscription s, String owner, List<Delivery> fresh, long newCursor) {
        for (Delivery d : fresh) {
            deliveries.updateOne(eq("_id", d.id()), Updates.setOnInsert(deliveryDocument(d)),
                                 new UpdateOptions().upsert(true));
        }
        return subscriptions.updateOne(
                and(eq("_id", s.id()), eq("leaseOwner", owner), eq("createdSeq", s.createdSeq())),
                Updates.combine(Updates.set("cursor", newCursor),
                                Updates.set("createdSeq", s.createdSeq() + fresh.size()))).getModifiedCount() == 1;
    }

    public Optional<Delivery> delivery(String id) {
        return Optional.ofNullable(deliveries.find(eq("_id", id)).first()).map(WebhookStore::delivery);
    }

    /** Newest first: a page of the log by key. */
    public List<Delivery> deliveries(Subscription s, int page, int size) {
        long newest = s.createdSeq() - (long) page * size;
        if (newest < 1) {
            return List.of();
        }
        long oldest = Math.max(1, newest - size + 1);
        List<String> ids = LongStream.rangeClosed(oldest, newest).mapToObj(seq -> deliveryId(s.id(), seq)).toList();
        List<Delivery> found = new ArrayList<>();
        deliveries.find(in("_id", ids)).forEach(d -> found.add(delivery(d)));
        found.sort(Comparator.comparingLong(Delivery::seq).reversed());
        return found;
    }

    /** Appends an attempt and sets the delivery's state (no-op if the subscription was deleted meanwhile). */
    public void recordAttempt(String deliveryId, Attempt attempt, String state, Instant nextAttemptAt,
                              Instant finishedAt) {
        deliveries.updateOne(eq("_id", deliveryId), Updates.combine(
                Updates.push("attempts", attemptDocument(attempt)),
                Updates.set("state", state),
                Updates.set("nextAttemptAt", date(nextAttemptAt)),
                Updates.set("finishedAt", date(finishedAt))));
    }

    /** The delivery in line is finished (delivered or dead-lettered): the next one comes up. */
    public boolean advance(String subscriptionId, String owner, long doneSeq) {
        return subscriptions.updateOne(and(eq("_id", subscriptionId), eq("leaseOwner", owner), eq("doneSeq", doneSeq)),
                                       Updates.combine(Updates.set("doneSeq", doneSeq + 1),
                                                       Updates.set("nextAttemptAt", null))).getModifiedCount() == 1;
    }

    public void scheduleNext(String subscriptionId, String owner, Instant nextAttemptAt) {
        subscriptions.updateOne(and(eq("_id", subscriptionId), eq("leaseOwner", owner)),
                                Updates.set("nextAttemptAt", date(nextAttemptAt)));
    }

    public void disable(String subscriptionId, String reason, Instant at) {
        subscriptions.updateOne(eq("_id", subscriptionId), Updates.combine(
                Updates.set("state", DISABLED), Updates.set("disabledReason", reason),
                Updates.set("disabledAt", date(at))));
    }

    /** Queues a finished delivery for one more attempt, out of line. */
    public void requestRetry(Subscription s, Delivery d) {
        deliveries.updateOne(eq("_id", d.id()), Updates.combine(Updates.set("state", PENDING),
                                                                 Updates.set("nextAttemptAt", null)));
        subscriptions.updateOne(eq("_id", s.id()), Updates.addToSet("manualRetries", d.seq()));
    }

    public void manualRetryDone(String subscriptionId, long seq) {
        subscriptions.updateOne(eq("_id", subscriptionId), Updates.pull("manualRetries", seq));
    }

    // ---- mapping ------------------------------------------------------------------------------------------------

    private static Subscription subscription(Document d) {
        List<Long> manual = new ArrayList<>();
        for (Object seq : d.getList("manualRetries", Object.class, List.of())) {
            manual.add(((Number) seq).longValue());
        }
        return new Subscription(d.getString("_id"), d.getString("url"), d.getList("eventTypes", String.class, List.of()),
                                d.getString("collaborationId"), d.getString("createdBy"), instant(d, "createdAt"),
                                d.getString("state"), d.getString("disabledReason"), instant(d, "disabledAt"),
                                number(d, "cursor"), number(d, "storeHeadAtCreation"), number(d, "createdSeq"),
                                number(d, "doneSeq"), List.copyOf(manual),
                                instant(d, "nextAttemptAt"), d.getString("secret"));
    }

    private static Delivery delivery(Document d) {
        List<Attempt> attempts = new ArrayList<>();
        for (Document a : d.getList("attempts", Document.class, List.of())) {
            Number status = a.get("statusCode", Number.class);
            attempts.add(new Attempt(instant(a, "at"), status == null ? null : status.intValue(), a.getString("error"),
                                     number(a, "durationMs"), a.getBoolean("manual", false)));
        }
        return new Delivery(d.getString("_id"), d.getString("subscriptionId"), number(d, "seq"), number(d, "position"),
                            d.getString("eventId"), d.getString("eventType"), d.getString("state"),
                            List.copyOf(attempts), instant(d, "nextAttemptAt"), instant(d, "createdAt"),
                            instant(d, "finishedAt"));
    }

    private static Document deliveryDocument(Delivery d) {
        return new Document("subscriptionId", d.subscriptionId())
                .append("seq", d.seq())
                .append("position", d.position())
                .append("eventId", d.eventId())
                .append("eventType", d.eventType())
                .append("state", d.state())
                .append("attempts", List.of())
                .append("nextAttemptAt", date(d.nextAttemptAt()))
                .append("createdAt", date(d.createdAt()))
                .append("finishedAt", null);
    }

    private static Document attemptDocument(Attempt a) {
        return new Document("at", date(a.at())).append("statusCode", a.statusCode()).append("error", a.error())
                                               .append("durationMs", a.durationMs()).append("manual", a.manual());
    }

    private static long number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
