package org.concordia.infra.workspace.live;

import org.concordia.infra.workspace.support.Reads;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The change signals of one collaboration, for its members' open pages (htmx's SSE extension listens). */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class LiveStream {

    private final Reads reads;
    private final LiveUpdates live;

    LiveStream(Reads reads, LiveUpdates live) {
        this.reads = reads;
        this.live = live;
    }

    @GetMapping(path = "/app/c/{cid}/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable String cid, @RequestParam(defaultValue = "-1") long since,
                     Authentication caller) {
        reads.collaboration(cid, caller.getName());
        return live.subscribe(cid, caller.getName(), since);
    }
}
