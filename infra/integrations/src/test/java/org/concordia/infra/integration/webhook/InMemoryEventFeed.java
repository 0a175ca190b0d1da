package org.concordia.infra.integration.webhook;

import io.cloudevents.core.builder.CloudEventBuilder;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A feed in memory, for engine tests: positions 1, 2, 3… as appended. */
final class InMemoryEventFeed implements EventFeed {

    private final List<FeedEntry> entries = new ArrayList<>();

    synchronized FeedEntry append(String collaborationId, String type, String subject) {
        return append(collaborationId, type, subject, null);
    }

    /** @param storePosition where the event is in the event store (null: not known, as for entries fed before 2026-12) */
    synchronized FeedEntry append(String collaborationId, String type, String subject, Long storePosition) {
        long position = entries.size() + 1;
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/collaborations/" + collaborationId))
                .withType(type)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withData("application/json", ("{\"n\":" + position + "}").getBytes(StandardCharsets.UTF_8))
                .withExtension("position", (int) position);
        if (subject != null) {
            builder.withSubject(subject);
        }
        FeedEntry entry = new FeedEntry(position, collaborationId, builder.build(), storePosition);
        entries.add(entry);
        return entry;
    }

    @Override
    public synchronized List<FeedEntry> after(long after, int limit) {
        int from = (int) Math.min(after, entries.size());
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + limit)));
    }

    @Override
    public synchronized long head() {
        return entries.size();
    }
}
