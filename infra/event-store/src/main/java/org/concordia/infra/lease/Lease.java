package org.concordia.infra.lease;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

/**
 * One holder's time-limited claims on MongoDB documents: whoever holds a document's lease is the only one working
 * on what it stands for (the audit chain, the Kafka publisher, a webhook subscription, a deadline being run). The
 * lease is two fields of the document, its holder and until when; it is taken, renewed or taken over with one
 * compare-and-set on {@code _id}, and writes that must stop when it is lost are fenced by {@link #fence}.
 */
public final class Lease {

    /**
     * Where a document keeps its lease: its holder, until when, and (optionally) since when, which a claim written by
     * an earlier release may hold instead of its end; such a claim lasts a term from then.
     */
    public record Fields(String holder, String until, String since) {
        public static final Fields DEFAULT = new Fields("leaseOwner", "leaseUntil");

        public Fields(String holder, String until) {
            this(holder, until, null);
        }
    }

    private final MongoCollection<Document> documents;
    private final Fields fields;
    private final String holder;
    private final Duration term;
    private final Clock clock;
    /** For {@link #hold}: when each lease held is to be renewed next. */
    private final Map<Object, Instant> renewals = new ConcurrentHashMap<>();

    public Lease(MongoCollection<Document> documents, Fields fields, String holder, Duration term, Clock clock) {
        if (holder == null || holder.isBlank()) {
            throw new IllegalArgumentException("a lease needs a holder");
        }
        if (term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("a lease needs a positive term");
        }
        this.documents = documents;
        this.fields = fields;
        this.holder = holder;
        this.term = term;
        this.clock = clock;
    }

    /**
     * A new holder name: this process as the JVM names it ({@code pid@host}, for whoever reads the database) and a
     * random suffix, so that two holders in one process never take each other for the same.
     */
    public static String newHolder() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
               + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    public String holder() {
        return holder;
    }

    /**
     * Takes the lease of an existing document (when it is free, expired or already this holder's) and renews it
     * for a full term; {@code condition} must hold too and {@code update} is applied in the same step (either may be
     * null). Returns the document as it is afterwards, or empty when another holder has it.
     */
    public Optional<Document> acquire(Object id, Bson condition, Bson update) {
        return Optional.ofNullable(documents.findOneAndUpdate(claimable(id, condition), claim(update),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    public Optional<Document> acquire(Object id) {
        return acquire(id, null, null);
    }

    /** As {@link #acquire(Object)}, creating the document (with {@code onInsert}, may be null) when there is none. */
    public Optional<Document> acquireOrCreate(Object id, Bson onInsert) {
        try {
            return Optional.ofNullable(documents.findOneAndUpdate(claimable(id, null), claim(onInsert),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty(); // the document exists and another holder has it: the upsert collided
            }
            throw e;
        }
    }

    /**
     * Holds the lease of a single-writer document, writing as little as possible: while a third of the term has not
     * passed since it was last taken, it is taken to be still held.
     */
    public boolean hold(Object id) {
        Instant now = clock.instant();
        Instant renewal = renewals.get(id);
        if (renewal != null && now.isBefore(renewal)) {
            return true;
        }
        boolean held = acquireOrCreate(id, null).isPresent();
        if (held) {
            renewals.put(id, now.plus(term.dividedBy(3)));
        } else {
            renewals.remove(id);
        }
        return held;
    }

    /** Gives the lease up, so another holder may take it at once. */
    public void release(Object id) {
        renewals.remove(id);
        documents.updateOne(fence(id), Updates.combine(Updates.set(fields.holder(), null),
                                                       Updates.set(fields.until(), new Date(0))));
    }

    /** Matches the document only while this holder has its lease: the filter of every write fenced by it. */
    public Bson fence(Object id) {
        return and(eq("_id", id), eq(fields.holder(), holder));
    }

    /** The update that frees the lease, for a write that ends a claim together with other changes. */
    public Bson freed() {
        return Updates.combine(Updates.unset(fields.holder()), Updates.unset(fields.until()));
    }

    /** Whether someone holds the lease of this document now (an expired lease is held by no one). */
    public boolean isHeld(Document document) {
        Instant until = untilOf(document);
        return document.get(fields.holder()) != null && until != null && until.isAfter(clock.instant());
    }

    private Bson claimable(Object id, Bson condition) {
        Instant now = clock.instant();
        Bson free = or(eq(fields.holder(), holder), eq(fields.until(), null), lt(fields.until(), Date.from(now)),
                       // a lease written by an earlier release kept its end as epoch milliseconds
                       lt(fields.until(), now.toEpochMilli()));
        return condition == null ? and(eq("_id", id), free) : and(eq("_id", id), free, condition);
    }

    private Bson claim(Bson update) {
        Instant now = clock.instant();
        List<Bson> updates = new ArrayList<>(List.of(Updates.set(fields.holder(), holder),
                                                     Updates.set(fields.until(), Date.from(now.plus(term)))));
        if (fields.since() != null) {
            updates.add(Updates.set(fields.since(), Date.from(now)));
        }
        if (update != null) {
            updates.add(update);
        }
        return Updates.combine(updates);
    }

    private Instant untilOf(Document document) {
        Object until = document.get(fields.until());
        if (until instanceof Date date) {
            return date.toInstant();
        }
        if (until instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        Date since = fields.since() == null ? null : document.getDate(fields.since());
        return since == null ? null : since.toInstant().plus(term);
    }
}
