package org.concordia.infra.notification;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection on the embedded MongoDB: notices once per event and recipient, none for the past, no replay. */
class NotificationProjectionTest {

    @TempDir
    Path dir;
    StoreHarness store;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    NotificationPreferences preferences;
    NotificationProjection projection;
    Outbox outbox;

    static final GovernanceTier TIER = new GovernanceTier("Working group", List.of("carl", "tess", "vera"), "carl",
            Duration.ofDays(2), Duration.ofDays(14), new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, null));

    @BeforeEach
    void open() {
        store = new StoreHarness(dir);
        preferences = new NotificationPreferences(store.database);
        projection = new NotificationProjection(store.database, store.database, preferences,
                                                NotificationProperties.defaults(), clock);
        outbox = new Outbox(store.database);
        preferences.save(new Preference("tess", "tess@test.org", Delivery.IMMEDIATE));
        preferences.save(new Preference("vera", "vera@test.org", Delivery.DAILY_DIGEST));
        // carl made no choice: he gets nothing
    }

    @AfterEach
    void close() {
        store.close();
    }

    static IssueRaised raised(String issueId) {
        return new IssueRaised("c1", issueId, "T-1", 1, IssueType.ISSUE, "Courier strike", "secret details",
                               IssueCategory.RESOURCING, Severity.HIGH, Set.of("site"), new TierSnapshot(1, 1, TIER),
                               new ActorContext("sam", "sponsor", Set.of(MemberRole.CONTRIBUTOR)));
    }

    @Test
    void anEventNotifiesEachRecipientWhoAskedForMailOnceEvenWhenRedelivered() {
        projection.on(new MemberAdded("c1", "tess", "site", Set.of(MemberRole.CONTRIBUTOR), ActorContext.SYSTEM), 1L);
        projection.on(raised("i1"), 0L, clock.instant());
        projection.on(raised("i1"), 0L, clock.instant()); // redelivered after a crash
        assertThat(outbox.pending()).extracting(Outbox.Entry::username).containsExactlyInAnyOrder("tess", "vera");
        assertThat(outbox.pending()).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(NoticeKind.ISSUE_TO_ACKNOWLEDGE);
            assertThat(e.title()).isEqualTo("Courier strike");
            assertThat(e.detail()).doesNotContain("secret details");
        });
    }

    /**
     * The projection's own state is written as redeliverable (a crash may take it back, with its token) and the outbox
     * journaled: the events redelivered onto the state as it was derive the same notices, which the outbox holds.
     */
    @Test
    void aCrashThatTakesBackTheStateButNotTheOutboxNotifiesNoOneTwice() {
        projection.on(new MemberAdded("c1", "tess", "site", Set.of(MemberRole.CONTRIBUTOR), ActorContext.SYSTEM), 1L);
        projection.on(raised("i1"), 0L, clock.instant());
        for (String state : List.of(NotificationProjection.ISSUES, NotificationProjection.MEMBERS, Watches.COLLECTION)) {
            store.database.getCollection(state).drop(); // what the last commit did not hold
        }
        projection.on(new MemberAdded("c1", "tess", "site", Set.of(MemberRole.CONTRIBUTOR), ActorContext.SYSTEM), 1L);
        projection.on(raised("i1"), 0L, clock.instant());
        assertThat(outbox.pending()).extracting(Outbox.Entry::username).containsExactlyInAnyOrder("tess", "vera");
    }

    @Test
    void eventsOlderThanTheMaximumAgeNotifyNoOne() {
        projection.on(raised("i1"), 0L, clock.instant().minus(Duration.ofDays(2)));
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void itIsNeverReplayedAsAView() {
        assertThat(new AnnotationEventHandlerAdapter(projection).supportsReset()).isFalse();
    }
}
