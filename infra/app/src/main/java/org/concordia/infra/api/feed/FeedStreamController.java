package org.concordia.infra.api.feed;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events/stream}: the feed as server-sent events, {@code id} = feed position, {@code event} =
 * CloudEvents type, {@code data} = the structured CloudEvent. It resumes exactly after {@code Last-Event-ID} (the
 * header a reconnecting EventSource sends; it wins over {@code ?lastEventId=}, which is for the first connection);
 * with neither it starts at the current head.
 */
@RestController
class FeedStreamController {

    private final FeedStream stream;

    FeedStreamController(FeedStream stream) {
        this.stream = stream;
    }

    @GetMapping("/api/v1/events/stream")
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @RequestParam(name = "lastEventId", required = false) String lastEventIdParameter,
                      Authentication caller) {
        long after;
        if (lastEventIdHeader != null && !lastEventIdHeader.isBlank()) {
            after = FeedAccess.position("Last-Event-ID", lastEventIdHeader);
        } else if (lastEventIdParameter != null) {
            after = FeedAccess.position("lastEventId", lastEventIdParameter);
        } else {
            after = stream.head();
        }
        return stream.subscribe(caller, after);
    }

    @ExceptionHandler(FeedAccess.InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalid(FeedAccess.InvalidParameter e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.problem());
    }
}
