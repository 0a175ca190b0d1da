package org.concordia.infra.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

/**
 * Request rate limits that hold across every node on one MongoDB: a credential's allowance is
 * {@code requestsPerMinute} in all, whichever nodes its requests reach. A sliding minute of six 10-second slots per
 * allowance in {@code rate_limits}, budget taken in batches so most requests cost no round trip; counting, cost,
 * cleanup and what happens without MongoDB: docs/security.md, "Request rate limits across nodes".
 */
@Component
public class SharedRateLimits implements AutoCloseable {

    static final String COLLECTION = "rate_limits";
    static final long SLOT_MILLIS = Duration.ofSeconds(10).toMillis();
    /** The current slot and the five before it: one minute. */
    static final int SLOTS = 6;
    private static final long MIN_BATCH = 1;
    private static final long MAX_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(SharedRateLimits.class);

    /** An answer: admitted, or refused for {@code retryAfterSeconds} (at least 1). */
    public record Decision(boolean admitted, long retryAfterSeconds) {
        static final Decision ADMITTED = new Decision(true, 0);
    }

    /** One allowance as this node holds it. Guarded by itself. */
    private static final class Allowance {
        long slot = Long.MIN_VALUE;
        /** requests this node may still admit in {@link #slot} */
        long remaining;
        /** counted in the shared slot {@link #unreturnedSlot} but not used: given back with the next batch */
        long unreturnedSlot = Long.MIN_VALUE;
        long unreturned;
        /** refused from memory until then (epoch millis) */
        long refusedUntil;
    }

    private final MongoCollection<Document> counters;
    private final Clock clock;
    /** An allowance idle for 2 minutes has nothing left to give back or to refuse: forgetting it changes nothing. */
    private final Cache<String, Allowance> allowances =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
    private final AtomicLong lastFailureLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong roundTrips = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    @Autowired
    SharedRateLimits(MongoDatabase database) {
        this(database, Clock.systemUTC(), true);
    }

    SharedRateLimits(MongoDatabase database, Clock clock, boolean sweep) {
        this.counters = database.getCollection(COLLECTION).withWriteConcern(WriteConcern.W1.withJournal(false));
        this.clock = clock;
        counters.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        if (sweep) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "rate-limit-sweep");
                thread.setDaemon(true);
                return thread;
            });
            sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
        } else {
            sweeper = null;
        }
    }

    /** Admits one request of the allowance {@code key}, or refuses it, against {@code requestsPerMinute} in all. */
    public Decision tryConsume(String key, long requestsPerMinute) {
        long now = clock.millis();
        long slot = Math.floorDiv(now, SLOT_MILLIS);
        Allowance allowance = allowances.get(key, k -> new Allowance());
        synchronized (allowance) {
            if (allowance.slot != slot) {
                if (allowance.remaining > 0) {
                    unused(allowance, allowance.slot, allowance.remaining);
                }
                allowance.slot = slot;
                allowance.remaining = 0;
            }
            if (allowance.remaining == 0 && now >= allowance.refusedUntil) {
                takeBatch(key, requestsPerMinute, allowance, slot, now);
            }
            if (allowance.remaining > 0) {
                allowance.remaining--;
                return Decision.ADMITTED;
            }
            return new Decision(false, Math.max(1, (allowance.refusedUntil - now + 999) / 1000));
        }
    }

    /** Remembers budget counted but not used, to give back with the next batch (only the latest slot's is kept). */
    private static void unused(Allowance allowance, long slot, long requests) {
        if (allowance.unreturnedSlot == slot) {
            allowance.unreturned += requests;
        } else {
            allowance.unreturnedSlot = slot;
            allowance.unreturned = requests;
        }
    }

    private void takeBatch(String key, long limit, Allowance allowance, long slot, long now) {
        long batch = batchSize(limit);
        Document inc = new Document(field(slot), batch);
        if (allowance.unreturned > 0 && allowance.unreturnedSlot > slot - SLOTS) {
            inc.merge(field(allowance.unreturnedSlot), -allowance.unreturned, (a, b) -> (Long) a + (Long) b);
        }
        Document unset = new Document();
        for (long old = slot - 2L * SLOTS; old <= slot - SLOTS; old++) {
            unset.append(field(old), "");
        }
        Document update = new Document("$inc", inc).append("$unset", unset)
                .append("$set", new Document("expiresAt", new Date((slot + 1 + SLOTS) * SLOT_MILLIS)));
        Document after;
        try {
            roundTrips.incrementAndGet();
            after = counters.findOneAndUpdate(eq("_id", key), update,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (MongoException e) {
            long last = lastFailureLogged.get();
            if (now - last >= 60_000 && lastFailureLogged.compareAndSet(last, now)) {
                log.warn("Rate limits cannot be counted in MongoDB; admitting from memory meanwhile", e);
            }
            allowance.remaining = batch;
            return;
        }
        allowance.unreturned = 0;
        allowance.unreturnedSlot = Long.MIN_VALUE;
        Document slots = after == null ? null : after.get("s", Document.class);
        long[] counts = new long[SLOTS]; // oldest first; the last is the current slot, this batch included
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            Number count = slots == null ? null : slots.get(field(slot - SLOTS + 1 + i).substring(2), Number.class);
            counts[i] = count == null ? 0 : Math.max(0, count.longValue());
            total += counts[i];
        }
        long before = total - batch;
        long granted = Math.max(0, Math.min(batch, limit - before));
        allowance.remaining = granted;
        if (granted < batch) {
            unused(allowance, slot, batch - granted);
        }
        if (granted == 0) {
            allowance.refusedUntil = refusedUntil(counts, before, limit, slot);
        }
    }

    /** When enough old slots have left the minute for {@code used} to fall below {@code limit}. */
    private static long refusedUntil(long[] counts, long used, long limit, long slot) {
        for (int i = 0; i < SLOTS - 1; i++) {
            used -= counts[i];
            if (used < limit) {
                return (slot + 1 + i) * SLOT_MILLIS; // slot (slot - SLOTS + 1 + i) leaves at the start of this one
            }
        }
        return (slot + SLOTS) * SLOT_MILLIS;
    }

    static long batchSize(long limit) {
        return Math.max(MIN_BATCH, Math.min(MAX_BATCH, limit / 100));
    }

    private static String field(long slot) {
        return "s.t" + slot;
    }

    /** Deletes the documents of allowances unused for a minute (what a TTL index does on a real MongoDB). */
    void sweep() {
        try {
            counters.deleteMany(lt("expiresAt", new Date(clock.millis())));
        } catch (RuntimeException e) {
            log.debug("Sweeping expired rate-limit counts failed; trying again in a minute", e);
        }
    }

    /** For tests: how many times this node asked MongoDB for a batch. */
    long roundTrips() {
        return roundTrips.get();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
