package org.concordia.infra.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Ed25519Keys;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.issue.Viewers;
import org.concordia.infra.audit.AuditRecords;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audit integrity over HTTP. Hashes, checkpoints and the public key disclose no content: any authenticated user may
 * read them. Whole-store operations (verify, export, inclusion proofs of any position) are for administrators; a
 * collaboration's inclusion proofs are for its AUDITORs and COORDINATORs, each of an event they may see (none of an
 * issue restricted from them); its export bundle is its complete record, restricted issues included, so it is for
 * those who see every issue: its AUDITORs (see docs/governance.md, "Restricted issues").
 */
@Tag(name = "Audit integrity",
     description = "The hash-chained, signed audit log: checkpoints, proofs, exports, verification")
@RestController
class AuditController {

    private static final Set<MemberRole> MAY_EXPORT = Set.of(MemberRole.AUDITOR, MemberRole.COORDINATOR);
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditService audit;
    private final ApiSupport api;
    private final Viewers viewers;

    AuditController(AuditService audit, ApiSupport api, Viewers viewers) {
        this.audit = audit;
        this.api = api;
        this.viewers = viewers;
    }

    /** The issue an event is about (an issue's events and the allocation of its number), or null. */
    private static String issueOf(CanonicalEvent event) {
        try {
            JsonNode id = JSON.readTree(event.payload()).get("issueId");
            return id == null || !id.isTextual() ? null : id.asText();
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    record PublicKeyView(String algorithm, String keyId, String publicKeyPem) {
    }

    @Operation(summary = "The Ed25519 public key that signs audit checkpoints")
    @GetMapping(path = "/api/v1/audit/public-key", produces = "application/json")
    PublicKeyView publicKey() {
        return new PublicKeyView("Ed25519", audit.keys().keyId(), Ed25519Keys.publicPem(audit.keys().publicKey()));
    }

    @Operation(summary = "Every signed audit checkpoint")
    @GetMapping(path = "/api/v1/audit/checkpoints", produces = "application/json")
    List<Map<String, Object>> checkpoints() {
        return audit.chain().records().checkpoints().stream().map(Checkpoint::toMap).toList();
    }

    @Operation(summary = "One signed audit checkpoint")
    @GetMapping(path = "/api/v1/audit/checkpoints/{number}", produces = "application/json")
    Map<String, Object> checkpoint(@PathVariable long number) {
        return audit.chain().records().checkpoint(number).map(Checkpoint::toMap).orElseThrow(NotFound::new);
    }

    @Operation(summary = "Prove that a later checkpoint extends an earlier one")
    @GetMapping(path = "/api/v1/audit/proofs/consistency", produces = "application/json")
    AuditService.ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        return audit.consistency(from, to).orElseThrow(NotFound::new);
    }

    @Operation(summary = "The audit chain's state (administrators)")
    @GetMapping(path = "/api/v1/admin/audit/status", produces = "application/json")
    AuditRecords.State status() {
        return audit.chain().records().state();
    }

    @Operation(summary = "Verify the whole audit chain against the event store (administrators)")
    @GetMapping(path = "/api/v1/admin/audit/verify", produces = "application/json")
    Verification verify() {
        return audit.verifyLive();
    }

    /** Signs a checkpoint of everything chained now (e.g. before an inspection). */
    @Operation(summary = "Sign a checkpoint of everything chained now (administrators)")
    @PostMapping(path = "/api/v1/admin/audit/checkpoints", produces = "application/json")
    ResponseEntity<Map<String, Object>> checkpointNow() {
        return audit.sealNow().map(c -> ResponseEntity.ok(c.toMap())).orElseThrow(NotFound::new);
    }

    @Operation(summary = "Prove that an event is included under a checkpoint (administrators)")
    @GetMapping(path = "/api/v1/admin/audit/proofs/inclusion", produces = "application/json")
    AuditService.InclusionProof inclusion(@RequestParam long position, @RequestParam(required = false) Long checkpoint) {
        return audit.inclusion(position, checkpoint).orElseThrow(NotFound::new);
    }

    @Operation(summary = "Download a verifiable bundle of the whole audit store (administrators)")
    @GetMapping(path = "/api/v1/admin/audit/export", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> exportStore() {
        return zip("concordia-audit-store", out -> audit.export(null, out));
    }

    @Operation(summary = "Prove that a collaboration's event (one the caller may see) is included under a checkpoint")
    @GetMapping(path = "/api/v1/collaborations/{cid}/audit/proofs/inclusion", produces = "application/json")
    AuditService.InclusionProof collaborationInclusion(@PathVariable String cid, @RequestParam long position,
                                                       @RequestParam(required = false) Long checkpoint,
                                                       Authentication caller) {
        requireAuditorOrCoordinator(cid, caller);
        AuditService.InclusionProof proof = audit.inclusion(position, checkpoint).orElseThrow(NotFound::new);
        CanonicalEvent event = CanonicalEvent.fromMap(proof.event());
        if (!cid.equals(AuditService.collaborationOf(event))) {
            throw new NotFound(); // another collaboration's event: not disclosed
        }
        String issueId = issueOf(event);
        if (issueId != null && !viewers.sees(cid, issueId, viewers.of(cid, caller.getName()))) {
            throw new NotFound(); // an event of an issue restricted from the caller: as if there were none
        }
        return proof;
    }

    @Operation(summary = "Download a verifiable audit bundle of one collaboration (its AUDITORs: the complete record)")
    @GetMapping(path = "/api/v1/collaborations/{cid}/audit/export", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> exportCollaboration(@PathVariable String cid, Authentication caller) {
        requireAuditorOrCoordinator(cid, caller);
        if (!viewers.of(cid, caller.getName()).seesEverything()) {
            // Leaving a restricted issue's events out would still verify (each event carries its own inclusion
            // proof), but the bundle could no longer be taken for the collaboration's record: an auditor relying on
            // it would be misled, and the verifier cannot tell. So no partial bundles.
            throw new AccessDeniedException("The collaboration's audit bundle is its complete record, restricted "
                    + "issues included: only those who may see every issue, its AUDITORs, may export it. Ask an "
                    + "AUDITOR of the collaboration, or read the audit trail (GET .../audit-trail), which shows what "
                    + "you may see.");
        }
        return zip("concordia-audit-" + cid, out -> audit.export(cid, out));
    }

    private void requireAuditorOrCoordinator(String cid, Authentication caller) {
        CollaborationView view = api.requireMember(cid, caller.getName());
        boolean allowed = view.activeMember(caller.getName())
                              .map(m -> m.roles().stream().anyMatch(MAY_EXPORT::contains)).orElse(false);
        if (!allowed) {
            throw new AccessDeniedException("Only the collaboration's AUDITORs and COORDINATORs may do this.");
        }
    }

    private static ResponseEntity<StreamingResponseBody> zip(String name, StreamingResponseBody body) {
        String file = name + "-" + Instant.now().toString().replace(":", "") + ".zip";
        return ResponseEntity.ok().contentType(ZIP)
                             .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                             .body(body);
    }
}
