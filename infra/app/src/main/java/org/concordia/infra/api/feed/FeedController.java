package org.concordia.infra.api.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.MongoEventFeed;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/v1/events}: the feed as a batch of structured CloudEvents, in position order, only of the caller's
 * collaborations. Filtering may skip many entries, so a request looks at no more than {@value #MAX_SCAN} positions;
 * the client resumes from {@code Concordia-Resume-After} (also in the {@code Link rel="next"}), which is at least
 * the position of the last event returned: storing it means never missing nor repeating an event.
 */
@RestController
class FeedController {

    static final MediaType CLOUDEVENTS_BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");
    static final String RESUME_AFTER = "Concordia-Resume-After";
    static final String FEED_HEAD = "Concordia-Feed-Head";
    static final int MAX_LIMIT = 500;
    static final int MAX_SCAN = 5000;

    /** The SDK's CloudEvent serialiser: a list of CloudEvents becomes a JSON array of structured events. */
    private static final ObjectMapper BATCH_WRITER = new ObjectMapper()
            .registerModule(JsonFormat.getCloudEventJacksonModule());

    private final MongoEventFeed feed;

    FeedController(MongoEventFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/api/v1/events")
    ResponseEntity<byte[]> events(@RequestParam(defaultValue = "0") String after,
                                  @RequestParam(defaultValue = "100") String limit,
                                  Authentication caller) throws JsonProcessingException {
        long from = FeedAccess.position("after", after);
        int count = limit(limit);
        MongoEventFeed.Scan scan = feed.scan(from, count, Math.max(MAX_SCAN, count), FeedAccess.visibleTo(caller, feed));
        List<CloudEvent> events = scan.entries().stream().map(FeedEntry::event).toList();
        return ResponseEntity.ok()
                             .contentType(CLOUDEVENTS_BATCH)
                             .header(RESUME_AFTER, Long.toString(scan.lastScanned()))
                             .header(FEED_HEAD, Long.toString(feed.head()))
                             .header(HttpHeaders.LINK, "</api/v1/events?after=" + scan.lastScanned() + "&limit=" + count
                                                       + ">; rel=\"next\"")
                             .header(HttpHeaders.CACHE_CONTROL, "no-store")
                             .body(BATCH_WRITER.writeValueAsBytes(events));
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new FeedAccess.InvalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    @ExceptionHandler(FeedAccess.InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalid(FeedAccess.InvalidParameter e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.problem());
    }
}
