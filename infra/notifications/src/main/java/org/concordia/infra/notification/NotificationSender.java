package org.concordia.infra.notification;

import com.mongodb.client.MongoDatabase;
import org.concordia.infra.lease.Lease;
import org.concordia.infra.notification.MailTransport.Mail;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the outbox. One node at a time is the sender: it holds the lease of {@code notification_sender/sender}
 * ({@link Lease}, taken over by another node when it lapses). Each turn it scans the {@linkplain Watches watches}
 * (every {@code scan-interval}) and prunes the outbox, then sends each pending entry of a user who wants it at once,
 * gathers those of digest users created before the last digest time into one digest per user, and sends the
 * digests. An entry is marked sent after the mail server accepted it; a failure is retried with exponential backoff,
 * up to {@code max-attempts}. Just before sending, the recipient is asked for again ({@link Recipients}: still a
 * member, may see the issue) and their choice read again (mail turned off: dropped). At least once: a crash between
 * the server's acceptance and the mark sends that one mail again, never more.
 */
public final class NotificationSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    static final String LEASES = "notification_sender";
    static final String LEASE_ID = "sender";

    private final Outbox outbox;
    private final Watches watches;
    private final NotificationPreferences preferences;
    private final Recipients recipients;
    private final MailTransport transport;
    private final NotificationProperties properties;
    private final MailComposer composer;
    private final Clock clock;
    private final Lease lease;
    private final ScheduledExecutorService ticker;
    private Instant nextScan;

    /** {@code transport} null: nothing is sent (no SMTP server), but watches are scanned and the outbox pruned. */
    public NotificationSender(MongoDatabase db, NotificationPreferences preferences, UnsubscribeLinks links,
                              Recipients recipients, MailTransport transport, NotificationProperties properties,
                              Clock clock) {
        this.outbox = new Outbox(db);
        this.watches = new Watches(db);
        this.preferences = preferences;
        this.recipients = recipients;
        this.transport = transport;
        this.properties = properties;
        this.composer = new MailComposer(properties.baseUrl(), links);
        this.clock = clock;
        this.lease = new Lease(db.getCollection(LEASES), Lease.Fields.DEFAULT, Lease.newHolder(),
                               properties.leaseDuration(), clock);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notification-sender");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long every = properties.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(properties.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.release(LEASE_ID); // another node may take over at once
        } catch (RuntimeException e) {
            log.debug("could not release the notification sender's lease", e);
        }
    }

    private void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("notification sender turn failed; trying again at the next one", e);
        }
    }

    /** One turn of the sender (if this node holds the lease); {@link #start} runs it every {@code poll-interval}. */
    public synchronized void runOnce() {
        if (!lease.hold(LEASE_ID)) {
            return;
        }
        Instant now = clock.instant();
        if (nextScan == null || !now.isBefore(nextScan)) {
            // overdue for at most half the retention: its notice is still held, so it is told once
            for (Notice notice : watches.due(now, properties.slaWarning(), properties.retention().dividedBy(2))) {
                if (preferences.find(notice.username()).wantsMail()) {
                    outbox.add(notice);
                }
            }
            long pruned = outbox.prune(now.minus(properties.retention()));
            if (pruned > 0) {
                log.debug("pruned {} outbox entries older than {}", pruned, properties.retention());
            }
            nextScan = now.plus(properties.scanInterval());
        }
        if (transport == null) {
            return;
        }
        Map<String, Preference> choices = new HashMap<>();
        Instant cutoff = digestCutoff(now);
        Map<String, List<String>> batches = new LinkedHashMap<>();
        for (Outbox.Entry e : outbox.pending()) {
            Preference choice = choices.computeIfAbsent(e.username(), preferences::find);
            if (!choice.wantsMail()) {
                outbox.finish(e.id(), Outbox.DROPPED, "mail turned off");
            } else if (choice.delivery() == Delivery.IMMEDIATE) {
                if (due(e.nextAttemptAt(), now)) {
                    if (!lease.hold(LEASE_ID)) {
                        return;
                    }
                    sendOne(e, choice);
                }
            } else if (e.createdAt().isBefore(cutoff)) {
                batches.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.id());
            }
        }
        batches.forEach((username, ids) -> outbox.batch(digestId(username, cutoff), username, ids, now));
        for (Outbox.Digest d : outbox.pendingDigests()) {
            if (due(d.nextAttemptAt(), now)) {
                if (!lease.hold(LEASE_ID)) {
                    return;
                }
                sendDigest(d, choices.computeIfAbsent(d.username(), preferences::find));
            }
        }
    }

    private void sendOne(Outbox.Entry e, Preference choice) {
        try {
            if (!recipients.maySee(e.username(), e.collaborationId(), e.issueId())) {
                // also while the issue's view has not caught up: asked again at the next attempts
                failed(e.id(), e.attempts(), Outbox.WITHHELD, "the recipient may not see the issue");
                return;
            }
            transport.send(composer.single(e.notice(), choice.email()));
            outbox.markSent(e.id(), clock.instant());
        } catch (Exception ex) {
            log.info("notification {} to {} not sent: {}", e.id(), e.username(), ex.toString());
            failed(e.id(), e.attempts(), Outbox.FAILED, ex.toString());
        }
    }

    private void failed(String id, int attemptsBefore, String finalState, String why) {
        int attempts = attemptsBefore + 1;
        if (attempts >= properties.maxAttempts()) {
            outbox.finish(id, finalState, why);
        } else {
            outbox.retry(id, attempts, clock.instant().plus(backoff(attempts)), why);
        }
    }

    private void sendDigest(Outbox.Digest d, Preference choice) {
        Instant now = clock.instant();
        List<Outbox.Entry> entries = outbox.byIds(d.entryIds());
        if (!choice.wantsMail()) {
            entries.forEach(e -> outbox.finish(e.id(), Outbox.DROPPED, "mail turned off"));
            outbox.finishDigest(d.id(), Outbox.DROPPED, now);
            return;
        }
        try {
            List<Outbox.Entry> visible = visibleOf(d.username(), entries);
            if (visible.isEmpty()) {
                outbox.finishDigest(d.id(), Outbox.DROPPED, now);
                return;
            }
            transport.send(composer.digest(d.username(), visible.stream().map(Outbox.Entry::notice).toList(),
                                           choice.email()));
            outbox.markSent(visible.stream().map(Outbox.Entry::id).toList(), clock.instant());
            outbox.finishDigest(d.id(), Outbox.SENT, clock.instant());
        } catch (Exception ex) {
            log.info("digest {} not sent: {}", d.id(), ex.toString());
            int attempts = d.attempts() + 1;
            if (attempts >= properties.maxAttempts()) {
                outbox.finishDigest(d.id(), Outbox.FAILED, now);
            } else {
                outbox.retryDigest(d.id(), attempts, now.plus(backoff(attempts)), ex.toString());
            }
        }
    }

    /** The entries the user may see now; the others are withheld for good. */
    private List<Outbox.Entry> visibleOf(String username, List<Outbox.Entry> entries) {
        List<Outbox.Entry> visible = new ArrayList<>();
        for (Outbox.Entry e : entries) {
            if (Outbox.SENT.equals(e.state()) || Outbox.WITHHELD.equals(e.state())) {
                continue;
            }
            if (recipients.maySee(username, e.collaborationId(), e.issueId())) {
                visible.add(e);
            } else {
                outbox.finish(e.id(), Outbox.WITHHELD, "the recipient may not see the issue");
            }
        }
        return visible;
    }

    /**
     * What the user's next digest holds as things stand — the notices waiting for it that they may see — composed by
     * the code that sends digests; empty when nothing waits. {@code to}: the address to show (their own, or a
     * placeholder while they have none).
     */
    public Optional<Mail> previewDigest(String username, String to) {
        List<Notice> waiting = new ArrayList<>();
        List<Outbox.Entry> entries = new ArrayList<>(outbox.ofUser(username, Outbox.PENDING));
        entries.addAll(outbox.ofUser(username, Outbox.BATCHED));
        for (Outbox.Entry e : entries) {
            if (recipients.maySee(username, e.collaborationId(), e.issueId())) {
                waiting.add(e.notice());
            }
        }
        return waiting.isEmpty() ? Optional.empty() : Optional.of(composer.digest(username, waiting, to));
    }

    /** When the next digests go out (whatever each user's choice). */
    public Instant nextDigestAt() {
        return digestCutoff(clock.instant()).plus(properties.digestEvery());
    }

    /** The latest digest time at or before {@code now}: {@code digest-at} (UTC) plus whole {@code digest-every}s. */
    Instant digestCutoff(Instant now) {
        Instant anchor = LocalDate.EPOCH.atTime(properties.digestAt()).toInstant(ZoneOffset.UTC);
        long every = properties.digestEvery().toMillis();
        long periods = Math.floorDiv(now.toEpochMilli() - anchor.toEpochMilli(), every);
        return anchor.plusMillis(periods * every);
    }

    private static String digestId(String username, Instant cutoff) {
        return username + "|" + cutoff.getEpochSecond();
    }

    private Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    private static boolean due(Instant nextAttemptAt, Instant now) {
        return nextAttemptAt == null || !nextAttemptAt.isAfter(now);
    }
}
