package org.concordia.infra.workspace.collaboration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.concordia.infra.workspace.live.LiveUpdates;
import org.concordia.infra.workspace.support.Format;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** My collaborations, and each collaboration's dashboard for the committee meeting (now or as of any instant). */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class CollaborationPages {

    private final Reads reads;
    private final LiveUpdates live;
    private final Format format;
    private final ObjectMapper json;

    CollaborationPages(Reads reads, Format format, ObjectMapper json, LiveUpdates live) {
        this.reads = reads;
        this.live = live;
        this.format = format;
        this.json = json;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/app";
    }

    @GetMapping("/app")
    String collaborations(Authentication caller, Model model) {
        model.addAttribute("collaborations", reads.collaborationsOf(caller.getName()));
        model.addAttribute("section", "collaborations");
        return "collaborations";
    }

    /** {@code asOf}: ISO instant (the page's script sends the browser's local choice in UTC) or blank for now. */
    @GetMapping("/app/c/{cid}")
    String dashboard(@PathVariable String cid, @RequestParam(required = false) String asOf,
                     @RequestHeader(name = "HX-Request", required = false) String htmx,
                     Authentication caller, Model model) throws JsonProcessingException {
        model.addAttribute("liveSince", live.position()); // before the views are read: see LiveUpdates.position
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        Instant at = Format.parseInstant("asOf", asOf);
        Instant now = reads.now();
        if (at != null && at.isAfter(now)) {
            at = null; // the future looks like now
        }
        OpenConflictReport report = reads.report(cid, caller.getName(), at);
        // labels (tiers, parties) as they stood then; before the collaboration existed, today's (every count is 0)
        CollaborationView labels = at == null ? collaboration
                : reads.collaborationAsOf(cid, at).orElse(collaboration);
        Dashboard dashboard = Dashboard.of(report, labels, at == null ? now : at, at != null, format);
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("chartData", chartData(dashboard));
        model.addAttribute("section", "dashboard");
        return htmx != null ? "dashboard :: dashboard" : "dashboard";
    }

    private Map<String, String> chartData(Dashboard dashboard) throws JsonProcessingException {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        for (Dashboard.Chart chart : dashboard.charts()) {
            data.put(chart.id(), json.writeValueAsString(Map.of(
                    "labels", chart.bars().stream().map(Dashboard.Bar::label).toList(),
                    "values", chart.bars().stream().map(Dashboard.Bar::count).toList(),
                    "keys", chart.bars().stream().map(Dashboard.Bar::key).toList())));
        }
        return data;
    }

}
