package org.concordia.infra.notification;

import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.notification.MailTransport.Mail;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox and its sender on the embedded MongoDB, with a clock moved by hand and a recording transport. */
class NotificationSenderTest {

    @TempDir
    Path dir;
    StoreHarness store;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:15:00Z"));
    List<Mail> sent = new ArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger();
    Set<String> hidden = new HashSet<>();
    NotificationPreferences preferences;
    Outbox outbox;
    NotificationProperties properties = new NotificationProperties("smtp.test", 25, null, null, false, "c@test",
            "https://c.test", LocalTime.of(6, 0), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(7),
            Duration.ofHours(12), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(60), 3,
            Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10));

    MailTransport transport = mail -> {
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("451 try later");
        }
        sent.add(mail);
    };
    Recipients recipients = (username, collaborationId, issueId) -> !hidden.contains(username + "|" + issueId);

    @BeforeEach
    void open() {
        store = new StoreHarness(dir);
        preferences = new NotificationPreferences(store.database);
        outbox = new Outbox(store.database);
    }

    @AfterEach
    void close() {
        store.close();
    }

    NotificationSender sender() {
        return new NotificationSender(store.database, preferences, new UnsubscribeLinks(store.database, "https://c.test"),
                                      recipients, transport, properties, clock);
    }

    Notice notice(String id, String username, String issueId) {
        return new Notice(id, username, NoticeKind.BALLOT_OPENED, "c1", issueId, "T-1", "Courier <strike>",
                          "Proposal: “Second courier”.", clock.instant());
    }

    @Test
    void anImmediateNoticeIsSentOnceAndMarkedSentEvenWhenDerivedAgain() {
        preferences.save(new Preference("tess", "tess@test.org", Delivery.IMMEDIATE));
        outbox.add(notice("i1|5|BALLOT_OPENED|tess", "tess", "i1"));
        outbox.add(notice("i1|5|BALLOT_OPENED|tess", "tess", "i1")); // a redelivered event: the same id
        NotificationSender sender = sender();
        sender.runOnce();
        sender.runOnce();
        outbox.add(notice("i1|5|BALLOT_OPENED|tess", "tess", "i1"));
        sender.runOnce();
        assertThat(sent).hasSize(1);
        Mail mail = sent.get(0);
        assertThat(mail.to()).isEqualTo("tess@test.org");
        assertThat(mail.text()).contains("Courier <strike>").contains("https://c.test/app/c/c1/issues/i1");
        assertThat(mail.html()).contains("Courier &lt;strike&gt;").doesNotContain("<strike>");
        assertThat(mail.headers().get("List-Unsubscribe")).startsWith("<https://c.test/app/unsubscribe?u=tess&t=");
        assertThat(mail.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        sender.close();
    }

    @Test
    void aFailedSendIsRetriedWithBackoffAndGivenUpAfterTheLastAttempt() {
        preferences.save(new Preference("tess", "tess@test.org", Delivery.IMMEDIATE));
        outbox.add(notice("n1", "tess", "i1"));
        failuresLeft.set(1);
        NotificationSender sender = sender();
        sender.runOnce();
        assertThat(sent).isEmpty();
        sender.runOnce(); // not due yet: the backoff holds it
        assertThat(failuresLeft.get()).isZero();
        clock.advance(Duration.ofSeconds(31));
        sender.runOnce();
        assertThat(sent).hasSize(1);

        outbox.add(notice("n2", "tess", "i1"));
        failuresLeft.set(10);
        for (int i = 0; i < 5; i++) {
            sender.runOnce();
            clock.advance(Duration.ofHours(2));
        }
        assertThat(sent).hasSize(1);
        assertThat(outbox.ofUser("tess", Outbox.FAILED)).extracting(Outbox.Entry::id).containsExactly("n2");
        assertThat(failuresLeft.get()).isEqualTo(10 - properties.maxAttempts());
        sender.close();
    }

    @Test
    void aDigestUserGetsOneDigestAfterTheDigestTimeWithWhatWaitedBefore() {
        preferences.save(new Preference("vera", "vera@test.org", Delivery.DAILY_DIGEST));
        outbox.add(notice("n1", "vera", "i1"));
        outbox.add(notice("n2", "vera", "i2"));
        NotificationSender sender = sender();
        sender.runOnce();
        assertThat(sent).isEmpty();
        assertThat(sender.nextDigestAt()).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(sender.previewDigest("vera", "vera@test.org")).hasValueSatisfying(
                preview -> assertThat(preview.subject()).endsWith("2 notices"));

        clock.advance(Duration.ofDays(1));
        outbox.add(notice("n3", "vera", "i3")); // after the digest time: waits for the next one
        sender.runOnce();
        sender.runOnce();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).text()).contains("/issues/i1").contains("/issues/i2").doesNotContain("/issues/i3");
        assertThat(sender.previewDigest("vera", "x")).hasValueSatisfying(
                preview -> assertThat(preview.text()).contains("/issues/i3").doesNotContain("/issues/i1"));
        sender.close();
    }

    @Test
    void mailTurnedOffIsDroppedAndWhatTheRecipientMayNotSeeIsNeverSent() {
        preferences.save(new Preference("tess", "tess@test.org", Delivery.IMMEDIATE));
        preferences.save(new Preference("sam", "sam@test.org", Delivery.IMMEDIATE));
        outbox.add(notice("n1", "tess", "i1"));
        preferences.turnOff("tess");
        hidden.add("sam|secret");
        outbox.add(notice("n2", "sam", "secret"));
        NotificationSender sender = sender();
        for (int i = 0; i < 4; i++) {
            sender.runOnce();
            clock.advance(Duration.ofHours(2));
        }
        assertThat(sent).isEmpty();
        assertThat(outbox.ofUser("tess", Outbox.DROPPED)).hasSize(1);
        assertThat(outbox.ofUser("sam", Outbox.WITHHELD)).hasSize(1);
        assertThat(preferences.find("tess").email()).as("kept for turning mail on again").isEqualTo("tess@test.org");
        sender.close();
    }

    @Test
    void oneSenderAtATimeAcrossNodes() {
        preferences.save(new Preference("tess", "tess@test.org", Delivery.IMMEDIATE));
        NotificationSender first = sender();
        NotificationSender second = sender();
        first.runOnce(); // takes the lease
        outbox.add(notice("n1", "tess", "i1"));
        second.runOnce();
        assertThat(sent).isEmpty();
        first.close(); // gives the lease up
        second.runOnce();
        assertThat(sent).hasSize(1);
        second.close();
    }

    @Test
    void entriesAreForgottenAfterTheRetention() {
        preferences.save(new Preference("vera", "vera@test.org", Delivery.DAILY_DIGEST));
        outbox.add(notice("n1", "vera", "i1"));
        clock.advance(Duration.ofDays(8));
        NotificationSender sender = sender();
        preferences.turnOff("vera");
        sender.runOnce();
        assertThat(outbox.byIds(List.of("n1"))).isEmpty();
        sender.close();
    }

    @Test
    void unsubscribeLinksAreSignedPerUserWithAKeySharedByEveryNode() {
        UnsubscribeLinks one = new UnsubscribeLinks(store.database, "https://c.test");
        UnsubscribeLinks other = new UnsubscribeLinks(store.database, "https://c.test");
        assertThat(other.verify("tess", one.token("tess"))).isTrue();
        assertThat(other.verify("carl", one.token("tess"))).isFalse();
        assertThat(other.verify("tess", one.token("tess") + "x")).isFalse();
        assertThat(other.verify("tess", null)).isFalse();
    }

    @Test
    void aChoiceNeedsAnAddressUnlessMailIsOff() {
        assertThatThrownBy(() -> new Preference("tess", null, Delivery.IMMEDIATE)).hasMessageStartingWith("email:");
        assertThatThrownBy(() -> new Preference("tess", "no address", Delivery.DAILY_DIGEST))
                .hasMessageStartingWith("email:");
        assertThatThrownBy(() -> new Preference("tess", "t@test.org", null)).hasMessageStartingWith("delivery:");
        assertThat(new Preference("tess", null, Delivery.OFF).wantsMail()).isFalse();
        assertThat(preferences.find("nobody").delivery()).isEqualTo(Delivery.OFF);
    }
}
