package org.concordia.infra.workspace.issue;

import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;

/**
 * The issue list of a collaboration: filters, free text, paging and sort, all in the query string so that a URL
 * can be shared. Read through the same {@code FindIssues} query as the API.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class IssueListPage {

    static final List<Integer> PAGE_SIZES = List.of(25, 50, 100);
    /**
     * The orders offered, as the query string names them: newest (the default), oldest, most severe first, SLA due
     * soonest first (no running clock last), latest activity first.
     */
    static final List<String> SORTS = List.of("newest", "oldest", "severity", "due", "activity");

    /** The list's state as the query string holds it. */
    public record Filters(IssueStatus status, Integer tier, Severity severity, IssueCategory category, String party,
                   String q, int page, int size, String sort) {

        public boolean oldestFirst() {
            return "oldest".equals(sort);
        }

        /** The order the query side lists in, as the {@code sort} parameter names it. */
        public IssueOrder order() {
            return IssueOrder.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
        }

        /** This list's URL with another page (or the same filters, for a link to share). */
        public String url(String base, int otherPage) {
            UriComponentsBuilder url = UriComponentsBuilder.fromPath(base);
            add(url, "status", status);
            add(url, "tier", tier);
            add(url, "severity", severity);
            add(url, "category", category);
            add(url, "party", party);
            add(url, "q", q);
            if (otherPage > 0) {
                url.queryParam("page", otherPage);
            }
            if (size != 50) {
                url.queryParam("size", size);
            }
            if (!"newest".equals(sort)) {
                url.queryParam("sort", sort);
            }
            return url.encode().build().toUriString();
        }

        private static void add(UriComponentsBuilder url, String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                url.queryParam(name, value);
            }
        }
    }

    private final Reads reads;

    IssueListPage(Reads reads) {
        this.reads = reads;
    }

    @GetMapping("/app/c/{cid}/issues")
    String issues(@PathVariable String cid,
                  @RequestParam(required = false) IssueStatus status,
                  @RequestParam(required = false) Integer tier,
                  @RequestParam(required = false) Severity severity,
                  @RequestParam(required = false) IssueCategory category,
                  @RequestParam(required = false) String party,
                  @RequestParam(required = false) String q,
                  @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size,
                  @RequestParam(defaultValue = "newest") String sort,
                  @RequestHeader(name = "HX-Request", required = false) String htmx,
                  Authentication caller, Model model) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        Filters filters = new Filters(status, tier != null && tier < 1 ? null : tier, severity, category,
                                      blankToNull(party), blankToNull(q), Math.max(0, page),
                                      PAGE_SIZES.contains(size) ? size : 50, SORTS.contains(sort) ? sort : "newest");
        IssuePage result = reads.issues(caller.getName(), query(cid, filters, filters.page(), filters.size()));
        long pages = (result.total() + filters.size() - 1) / filters.size();
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "issues");
        model.addAttribute("filters", filters);
        model.addAttribute("result", result);
        model.addAttribute("pages", pages);
        model.addAttribute("base", "/app/c/" + cid + "/issues");
        model.addAttribute("statuses", IssueStatus.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("categories", IssueCategory.values());
        model.addAttribute("pageSizes", PAGE_SIZES);
        model.addAttribute("now", reads.now());
        java.util.Map<String, String> partyNames = new java.util.LinkedHashMap<>();
        collaboration.parties().forEach(p -> partyNames.put(p.partyId(), p.name()));
        model.addAttribute("partyNames", partyNames);
        model.addAttribute("canRaise", IssueActions.canWrite(collaboration, caller.getName()));
        return htmx != null ? "issues :: results" : "issues";
    }

    private static FindIssues query(String cid, Filters f, int page, int size) {
        return new FindIssues(cid, f.status(), f.tier(), f.severity(), f.category(), f.party(), f.q(), page, size,
                              null, null, f.order());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
