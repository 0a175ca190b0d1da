package org.concordia.infra.workspace.audit;

import org.concordia.audit.verifier.Ed25519Keys;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.workspace.support.Format;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.query.audit.AuditTrail;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * For auditors: the decision register, and the audit trail — filtered, paged, downloadable as CSV, JSON or a
 * verifiable bundle — with the public key to pin and how to verify a bundle offline. The same views, streams and
 * export as the API's {@code /decisions}, {@code /audit-trail} and {@code /audit/export}.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class AuditPages {

    private static final int PAGE = 50;
    private static final Set<MemberRole> MAY_EXPORT = Set.of(MemberRole.AUDITOR, MemberRole.COORDINATOR);

    /** The trail's filters as the query string holds them. */
    public record Filters(Instant from, Instant to, String actor, String issue) {

        public String url(String path, Long after) {
            UriComponentsBuilder url = UriComponentsBuilder.fromPath(path);
            if (from != null) {
                url.queryParam("from", from);
            }
            if (to != null) {
                url.queryParam("to", to);
            }
            if (actor != null) {
                url.queryParam("actor", actor);
            }
            if (issue != null) {
                url.queryParam("issue", issue);
            }
            if (after != null) {
                url.queryParam("after", after);
            }
            return url.encode().build().toUriString();
        }
    }

    private final Reads reads;
    private final AuditService audit;

    AuditPages(Reads reads, AuditService audit) {
        this.reads = reads;
        this.audit = audit;
    }

    @GetMapping("/app/c/{cid}/decisions")
    String decisions(@PathVariable String cid, Authentication caller, Model model) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "decisions");
        model.addAttribute("register", reads.decisions(cid, caller.getName(), null));
        model.addAttribute("partyNames", partyNames(collaboration));
        return "decisions";
    }

    @GetMapping("/app/c/{cid}/audit")
    String trail(@PathVariable String cid, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
                 @RequestParam(required = false) String issue, @RequestParam(defaultValue = "-1") long after,
                 Authentication caller, Model model) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        Filters filters = filters(from, to, actor, issue);
        AuditTrailPage page = reads.auditTrail(new FindAuditTrail(cid, filters.issue(), filters.from(), filters.to(),
                                                                  filters.actor(), after, PAGE),
                                                caller.getName());
        String base = "/app/c/" + cid + "/audit";
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "audit");
        model.addAttribute("filters", filters);
        model.addAttribute("fromIso", filters.from() == null ? "" : filters.from().toString());
        model.addAttribute("toIso", filters.to() == null ? "" : filters.to().toString());
        model.addAttribute("page", page);
        model.addAttribute("after", after);
        model.addAttribute("base", base);
        model.addAttribute("partyNames", partyNames(collaboration));
        model.addAttribute("mayExport", mayExport(collaboration, caller.getName()));
        model.addAttribute("keyId", audit.keys().keyId());
        model.addAttribute("publicKeyPem", Ed25519Keys.publicPem(audit.keys().publicKey()));
        return "audit";
    }

    @GetMapping("/app/c/{cid}/audit/trail.csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String cid, @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to,
                                              @RequestParam(required = false) String actor,
                                              @RequestParam(required = false) String issue, Authentication caller) {
        FindAuditTrail query = wholeTrail(cid, filters(from, to, actor, issue), caller);
        return download("audit-trail.csv", new MediaType("text", "csv", StandardCharsets.UTF_8), out -> {
            try (Stream<AuditEntry> entries = reads.auditEntries(query, caller.getName())) {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                AuditTrail.writeCsv(entries, writer);
                writer.flush();
            }
        });
    }

    @GetMapping("/app/c/{cid}/audit/trail.json")
    ResponseEntity<StreamingResponseBody> json(@PathVariable String cid, @RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to,
                                               @RequestParam(required = false) String actor,
                                               @RequestParam(required = false) String issue, Authentication caller) {
        FindAuditTrail query = wholeTrail(cid, filters(from, to, actor, issue), caller);
        return download("audit-trail.json", MediaType.APPLICATION_JSON, out -> {
            try (Stream<AuditEntry> entries = reads.auditEntries(query, caller.getName())) {
                AuditTrail.writeJson(entries, out);
            }
        });
    }

    /** The verifiable bundle (events, hash chain, signed checkpoints, proofs); for AUDITORs and COORDINATORs. */
    @GetMapping("/app/c/{cid}/audit/bundle.zip")
    ResponseEntity<StreamingResponseBody> bundle(@PathVariable String cid, Authentication caller) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        if (!mayExport(collaboration, caller.getName())) {
            throw new AccessDeniedException("Only the collaboration's AUDITORs and COORDINATORs may export it.");
        }
        String file = "concordia-audit-" + collaboration.key() + "-"
                      + reads.now().toString().replace(":", "") + ".zip";
        return download(file, MediaType.parseMediaType("application/zip"), out -> audit.export(cid, out));
    }

    /** Checked before the download starts: once it streams, "not found" can no longer be its answer. */
    private FindAuditTrail wholeTrail(String cid, Filters f, Authentication caller) {
        reads.collaboration(cid, caller.getName());
        if (f.issue() != null) {
            reads.requireIssueVisible(cid, f.issue(), caller.getName());
        }
        return new FindAuditTrail(cid, f.issue(), f.from(), f.to(), f.actor(), -1, FindAuditTrail.MAX_LIMIT);
    }

    private static ResponseEntity<StreamingResponseBody> download(String file, MediaType type,
                                                                  StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(type)
                             .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                             .body(body);
    }

    private static Filters filters(String from, String to, String actor, String issue) {
        return new Filters(Format.parseInstant("from", from), Format.parseInstant("to", to), blankToNull(actor),
                           blankToNull(issue));
    }

    private static boolean mayExport(CollaborationView collaboration, String username) {
        return collaboration.activeMember(username).map(m -> m.roles().stream().anyMatch(MAY_EXPORT::contains))
                            .orElse(false);
    }

    private static Map<String, String> partyNames(CollaborationView collaboration) {
        Map<String, String> names = new LinkedHashMap<>();
        collaboration.parties().forEach(p -> names.put(p.partyId(), p.name()));
        return names;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
