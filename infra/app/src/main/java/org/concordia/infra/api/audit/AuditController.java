package org.concordia.infra.api.audit;

import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Ed25519Keys;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.api.ApiSupport;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audit integrity over HTTP. Hashes, checkpoints and the public key disclose no content: any authenticated user may
 * read them. Whole-store operations (verify, export, inclusion proofs of any position) are for administrators; a
 * collaboration's export and proofs are for its AUDITORs and COORDINATORs.
 */
@RestController
class AuditController {

    private static final Set<MemberRole> MAY_EXPORT = Set.of(MemberRole.AUDITOR, MemberRole.COORDINATOR);
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final AuditService audit;
    private final ApiSupport api;

    AuditController(AuditService audit, ApiSupport api) {
        this.audit = audit;
        this.api = api;
    }

    record PublicKeyView(String algorithm, String keyId, String publicKeyPem) {
    }

    @GetMapping(path = "/api/v1/audit/public-key", produces = "application/json")
    PublicKeyView publicKey() {
        return new PublicKeyView("Ed25519", audit.keys().keyId(), Ed25519Keys.publicPem(audit.keys().publicKey()));
    }

    @GetMapping(path = "/api/v1/audit/checkpoints", produces = "application/json")
    List<Map<String, Object>> checkpoints() {
        return audit.chain().records().checkpoints().stream().map(Checkpoint::toMap).toList();
    }

    @GetMapping(path = "/api/v1/audit/checkpoints/{number}", produces = "application/json")
    Map<String, Object> checkpoint(@PathVariable long number) {
        return audit.chain().records().checkpoint(number).map(Checkpoint::toMap).orElseThrow(NotFound::new);
    }

    @GetMapping(path = "/api/v1/audit/proofs/consistency", produces = "application/json")
    AuditService.ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        return audit.consistency(from, to).orElseThrow(NotFound::new);
    }

    @GetMapping(path = "/api/v1/admin/audit/status", produces = "application/json")
    AuditRecords.State status() {
        return audit.chain().records().state();
    }

    @GetMapping(path = "/api/v1/admin/audit/verify", produces = "application/json")
    Verification verify() {
        return audit.verifyLive();
    }

    /** Signs a checkpoint of everything chained now (e.g. before an inspection). */
    @PostMapping(path = "/api/v1/admin/audit/checkpoints", produces = "application/json")
    ResponseEntity<Map<String, Object>> checkpointNow() {
        return audit.sealNow().map(c -> ResponseEntity.ok(c.toMap())).orElseThrow(NotFound::new);
    }

    @GetMapping(path = "/api/v1/admin/audit/proofs/inclusion", produces = "application/json")
    AuditService.InclusionProof inclusion(@RequestParam long position, @RequestParam(required = false) Long checkpoint) {
        return audit.inclusion(position, checkpoint).orElseThrow(NotFound::new);
    }

    @GetMapping(path = "/api/v1/admin/audit/export", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> exportStore() {
        return zip("concordia-audit-store", out -> audit.export(null, out));
    }

    @GetMapping(path = "/api/v1/collaborations/{cid}/audit/proofs/inclusion", produces = "application/json")
    AuditService.InclusionProof collaborationInclusion(@PathVariable String cid, @RequestParam long position,
                                                       @RequestParam(required = false) Long checkpoint,
                                                       Authentication caller) {
        requireAuditorOrCoordinator(cid, caller);
        AuditService.InclusionProof proof = audit.inclusion(position, checkpoint).orElseThrow(NotFound::new);
        if (!cid.equals(AuditService.collaborationOf(org.concordia.audit.verifier.CanonicalEvent.fromMap(proof.event())))) {
            throw new NotFound(); // another collaboration's event: not disclosed
        }
        return proof;
    }

    @GetMapping(path = "/api/v1/collaborations/{cid}/audit/export", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> exportCollaboration(@PathVariable String cid, Authentication caller) {
        requireAuditorOrCoordinator(cid, caller);
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
