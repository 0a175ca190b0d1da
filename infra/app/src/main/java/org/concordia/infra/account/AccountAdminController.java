package org.concordia.infra.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.concordia.infra.api.AuditTrailDownload;
import org.concordia.infra.api.PageResponse;
import org.concordia.infra.web.Idempotency;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.query.audit.AuditEntries;
import org.concordia.query.audit.AuditTrail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.List;

/**
 * Administrators keep accounts under control (21 CFR 11.10(d), 11.300; Annex 11 §12): list them, reset a password
 * (the holder must change it at the next sign-in), disable and enable, grant and revoke the administrator role —
 * each with a reason, each an account event — and read the account events in order. Only administrators reach
 * {@code /api/v1/admin/**} (403 otherwise).
 */
@RestController
@Validated
@RequestMapping(path = "/api/v1/admin", produces = "application/json")
class AccountAdminController {

    record ReasonRequest(@NotNull String reason) {
    }

    record PasswordResetRequest(String temporaryPassword, @NotNull String reason) {
    }

    record AdministratorRequest(@NotNull Boolean grant, @NotNull String reason) {
    }

    /** {@code temporaryPassword}: only when it was generated, shown this once. */
    record PasswordResetDone(String username, boolean mustChangePassword, String temporaryPassword) {
    }

    private final AccountService accounts;
    private final AuditTrail auditTrail;
    private final ObjectMapper objectMapper;

    AccountAdminController(AccountService accounts, AuditTrail auditTrail, ObjectMapper objectMapper) {
        this.accounts = accounts;
        this.auditTrail = auditTrail;
        this.objectMapper = objectMapper;
    }

    @GetMapping("/users")
    PageResponse<AccountView> users(@RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        List<AccountView> all = accounts.list().stream().map(AccountView::of).toList();
        return PageResponse.of(all, page, size);
    }

    @GetMapping("/users/{username}")
    AccountView user(@PathVariable String username) {
        return AccountView.of(accounts.find(username));
    }

    @PostMapping(path = "/users/{username}/password-reset", consumes = "application/json")
    PasswordResetDone resetPassword(@PathVariable String username, @Valid @RequestBody PasswordResetRequest body,
                                    Authentication caller, HttpServletRequest request) {
        String generated = accounts.resetPassword(username, body.temporaryPassword(), body.reason(),
                                                  caller.getName());
        if (generated != null) {
            Idempotency.doNotKeepResponse(request); // a secret shown once is never kept for a replay
        }
        return new PasswordResetDone(username, true, generated);
    }

    @PostMapping(path = "/users/{username}/disable", consumes = "application/json")
    AccountView disable(@PathVariable String username, @Valid @RequestBody ReasonRequest body,
                        Authentication caller) {
        accounts.disable(username, body.reason(), caller.getName());
        return AccountView.of(accounts.find(username));
    }

    @PostMapping(path = "/users/{username}/enable", consumes = "application/json")
    AccountView enable(@PathVariable String username, @Valid @RequestBody ReasonRequest body,
                       Authentication caller) {
        accounts.enable(username, body.reason(), caller.getName());
        return AccountView.of(accounts.find(username));
    }

    @PostMapping(path = "/users/{username}/admin", consumes = "application/json")
    AccountView administrator(@PathVariable String username, @Valid @RequestBody AdministratorRequest body,
                              Authentication caller) {
        accounts.setAdministrator(username, body.grant(), body.reason(), caller.getName());
        return AccountView.of(accounts.find(username));
    }

    /**
     * The account events in the order recorded (global position): who did what to which account, when and why.
     * Filters as for a collaboration's audit trail ({@code from}, {@code to}, {@code actor}); {@code limit} pages
     * (continue with {@code after} = the last position), else the whole trail is streamed; {@code text/csv} too.
     */
    @GetMapping(path = "/audit-trail/accounts", produces = {"application/json", "text/csv"})
    ResponseEntity<StreamingResponseBody> accountEvents(@RequestParam(required = false) Instant from,
                                                        @RequestParam(required = false) Instant to,
                                                        @RequestParam(required = false) String actor,
                                                        @RequestParam(defaultValue = "-1") long after,
                                                        @RequestParam(required = false) @Min(1) @Max(1000)
                                                        Integer limit,
                                                        @RequestHeader(name = "Accept",
                                                                       defaultValue = "application/json")
                                                        String accept) {
        boolean csv = accept.contains("text/csv");
        if (limit != null && !csv) {
            var page = auditTrail.find(new FindAuditTrail(AuditEntries.ACCOUNTS_TRAIL, null, from, to, actor, after,
                                                          limit));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                                 .body(out -> objectMapper.writeValue(out, page));
        }
        FindAuditTrail query = new FindAuditTrail(AuditEntries.ACCOUNTS_TRAIL, null, from, to, actor, after,
                                                  FindAuditTrail.MAX_LIMIT);
        return AuditTrailDownload.of(() -> auditTrail.entries(query), csv, "account-events.csv");
    }
}
