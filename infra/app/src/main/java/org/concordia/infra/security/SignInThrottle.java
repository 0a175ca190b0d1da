package org.concordia.infra.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * Failed password sign-ins, counted per account and per client address in MongoDB (collection
 * {@code signin_failures}, {@code _id} {@code user:<name>} or {@code addr:<address>}), so that every node sees the
 * same counts. The failure that reaches {@code account-threshold} (or {@code address-threshold}) locks its subject out
 * for {@code first-delay}, and each further one for twice as long as the one before, up to {@code max-delay}. While
 * locked, every sign-in of that account or from that address is refused with 429 before any password is checked —
 * a correct one too, or guessing would go on undisturbed — and such refusals are not counted. Locking refuses
 * instead of sleeping, so no request thread is held. A successful sign-in clears the account's count, never the
 * address's (one valid account must not launder an address that tries passwords on others). A count is forgotten
 * {@code forget-after} its last failure. Every lookup is by {@code _id}.
 */
@Component
public class SignInThrottle {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.sign-in");
    private static final int LONGEST_NAME_KEPT = 100;

    /** One subject's count as read: {@code failures} failed sign-ins, the last at {@code lastFailureAt}. */
    record Count(String id, long failures, Instant lastFailureAt) {
    }

    /** The counts of an attempt's account and address before it was checked (null: none, or forgotten). */
    public record Standing(Count account, Count address) {
    }

    private final MongoCollection<Document> failures;
    private final SignInProperties properties;
    private final List<SignInFailureListener> listeners;
    private final Clock clock;

    @Autowired
    SignInThrottle(MongoDatabase database, SignInProperties properties,
                   ObjectProvider<SignInFailureListener> listeners) {
        this(database, properties, listeners.orderedStream().toList(), Clock.systemUTC());
    }

    SignInThrottle(MongoDatabase database, SignInProperties properties, List<SignInFailureListener> listeners,
                   Clock clock) {
        this.failures = database.getCollection("signin_failures");
        this.properties = properties;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        // A real MongoDB removes forgotten counts by itself; the embedded server ignores the index, and a count past
        // its expiry is ignored on read instead.
        failures.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    /**
     * The standing of a sign-in attempt, read with one {@code _id} lookup.
     *
     * @throws SignInThrottled when the account or the address is locked out now
     */
    public Standing check(String username, String address) {
        Instant now = clock.instant();
        String accountId = accountId(username);
        String addressId = address == null ? null : "addr:" + address;
        List<String> ids = addressId == null ? List.of(accountId) : List.of(accountId, addressId);
        Count account = null;
        Count addressCount = null;
        for (Document stored : failures.find(in("_id", ids))) {
            Count count = new Count(stored.getString("_id"), stored.get("failures", Number.class).longValue(),
                                    stored.getDate("lastFailureAt").toInstant());
            if (count.lastFailureAt().plus(properties.forgetAfter()).isBefore(now)) {
                continue; // forgotten
            }
            if (count.id().equals(accountId)) {
                account = count;
            } else {
                addressCount = count;
            }
        }
        Duration wait = max(remainingLock(account, properties.accountThreshold(), now),
                            remainingLock(addressCount, properties.addressThreshold(), now));
        if (!wait.isZero()) {
            // DEBUG: under attack every refused attempt would log; the lock-out itself is logged once at WARN.
            securityLog.debug("Sign-in refused unchecked for user '{}' from {}: locked out for {} s more",
                             username, address, wait.toSeconds());
            throw new SignInThrottled(wait);
        }
        return new Standing(account, addressCount);
    }

    /** Counts a failed sign-in against the account and the address; tells the listeners of any lock-out it makes. */
    public void failed(String username, String address, Standing before) {
        Instant now = clock.instant();
        securityLog.info("Sign-in failed for user '{}' from {}", username, address);
        long accountFailures = increment(accountId(username), before.account(), now);
        lockOutIfDue(SignInFailureListener.Subject.ACCOUNT, accountFailures, properties.accountThreshold(),
                     username, address, now);
        if (address != null) {
            long addressFailures = increment("addr:" + address, before.address(), now);
            lockOutIfDue(SignInFailureListener.Subject.ADDRESS, addressFailures, properties.addressThreshold(),
                         username, address, now);
        }
    }

    /** A correct password: the account's count starts again (a write only when there was one). */
    public void succeeded(String username, Standing before) {
        if (before.account() != null) {
            failures.deleteOne(eq("_id", before.account().id()));
        }
    }

    private long increment(String id, Count before, Instant now) {
        Date expiresAt = Date.from(now.plus(properties.forgetAfter()));
        if (before == null) {
            // Absent or forgotten: start again at 1. (Two nodes starting the same count at once may count one
            // failure fewer, once; a conditional write would need a filter beyond _id, which the embedded server
            // answers with a scan.)
            failures.replaceOne(eq("_id", id), new Document("_id", id).append("failures", 1L)
                                                                        .append("lastFailureAt", Date.from(now))
                                                                        .append("expiresAt", expiresAt),
                                new ReplaceOptions().upsert(true));
            return 1;
        }
        Document after = failures.findOneAndUpdate(
                eq("_id", id),
                Updates.combine(Updates.inc("failures", 1L),
                                Updates.set("lastFailureAt", Date.from(now)),
                                Updates.set("expiresAt", expiresAt)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return after == null ? 1 : after.get("failures", Number.class).longValue();
    }

    private void lockOutIfDue(SignInFailureListener.Subject subject, long count, int threshold, String username,
                              String address, Instant now) {
        Duration delay = properties.delayAfter(count, threshold);
        if (delay.isZero()) {
            return;
        }
        SignInFailureListener.SignInLockout lockout =
                new SignInFailureListener.SignInLockout(subject, username, address, count, now.plus(delay));
        for (SignInFailureListener listener : listeners) {
            try {
                listener.lockedOut(lockout);
            } catch (RuntimeException e) {
                securityLog.error("A sign-in failure listener failed on {}", lockout, e);
            }
        }
    }

    private Duration remainingLock(Count count, int threshold, Instant now) {
        if (count == null) {
            return Duration.ZERO;
        }
        Instant lockedUntil = count.lastFailureAt().plus(properties.delayAfter(count.failures(), threshold));
        return lockedUntil.isAfter(now) ? Duration.between(now, lockedUntil) : Duration.ZERO;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code user:<name>}; a name longer than any real one is kept as its SHA-256, to bound the documents. */
    static String accountId(String username) {
        if (username.length() <= LONGEST_NAME_KEPT) {
            return "user:" + username;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "user#sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For tests and operators: the ids of the counts held now. */
    List<String> countedIds() {
        List<String> ids = new ArrayList<>();
        failures.find().forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }
}
