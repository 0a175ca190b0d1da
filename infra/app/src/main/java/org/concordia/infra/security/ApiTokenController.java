package org.concordia.infra.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.concordia.infra.web.Idempotency;
import org.concordia.infra.web.NotFound;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A user's own API tokens: create (the secret is shown once), list, revoke. */
@RestController
@RequestMapping(path = "/api/v1/me/tokens", produces = "application/json")
@Tag(name = "API tokens", description = "Bearer tokens for integrations and scripts, created by a user for themself. "
                                        + "Send one as `Authorization: Bearer cct_…`.")
class ApiTokenController {

    @Schema(description = "A new API token. Give exactly one of `expiresAt` and `expiresIn`.")
    record CreateTokenRequest(
            @NotBlank @Size(max = 100) @Schema(description = "what the token is for, e.g. the integration's name")
            String name,
            @Schema(description = "when it stops working (an instant in the future)") Instant expiresAt,
            @Schema(description = "how long it works from now (ISO-8601 duration, e.g. P90D)", type = "string",
                    example = "P90D") Duration expiresIn,
            @NotNull @Schema(description = "READ: only GET and HEAD; READ_WRITE: everything its owner may do")
            ApiTokens.Scope scope,
            @Min(1) @Schema(description = "its own rate limit per node (default: concordia.rate-limit.token-requests-"
                                          + "per-minute)") Integer requestsPerMinute) {
    }

    @Schema(description = "A token as listed: never the secret")
    record TokenSummary(String id, String name, ApiTokens.Scope scope, Instant createdAt, Instant expiresAt,
                        boolean expired, Integer requestsPerMinute) {
    }

    record TokenList(List<TokenSummary> items) {
    }

    @Schema(description = "A token just created. `token` is the secret: shown only in this response, never again.")
    record TokenCreated(String id, String name, ApiTokens.Scope scope, Instant createdAt, Instant expiresAt,
                        Integer requestsPerMinute, String token) {
    }

    private final ApiTokens tokens;
    private final ApiTokenProperties properties;
    private final CredentialLimits limits;
    private final UserAccounts users;
    private final Clock clock = Clock.systemUTC();

    ApiTokenController(ApiTokens tokens, ApiTokenProperties properties, CredentialLimits limits, UserAccounts users) {
        this.tokens = tokens;
        this.properties = properties;
        this.limits = limits;
        this.users = users;
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "Create an API token for yourself",
               description = "Needs a password (HTTP Basic) or OIDC sign-in: a token cannot create tokens. For accounts "
                             + "of the built-in user store. The secret is in the response only; it is stored as a "
                             + "SHA-256 hash.",
               security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "bearer")})
    @ApiResponse(responseCode = "201", description = "Created; `token` is the secret, shown once")
    ResponseEntity<?> create(@Valid @RequestBody CreateTokenRequest body, Authentication caller,
                             HttpServletRequest request) {
        refuseTokens(caller, "create");
        if (users.find(caller.getName()).filter(UserAccounts.Account::passwordAccount).isEmpty()) {
            // Tokens act as an account of the built-in store (checked on every use); an OIDC user gets machine
            // credentials from the identity provider instead.
            throw new AccessDeniedException("API tokens are for accounts of the built-in user store");
        }
        Instant now = clock.instant();
        Instant expiresAt = expiry(body, now);
        if (body.requestsPerMinute() != null && body.requestsPerMinute() > limits.tokenMaxRequestsPerMinute()) {
            throw new IllegalArgumentException("requestsPerMinute: must be at most " + limits.tokenMaxRequestsPerMinute());
        }
        ApiTokens.IssuedToken issued;
        try {
            issued = tokens.create(caller.getName(), body.name(), body.scope(), expiresAt, body.requestsPerMinute());
        } catch (ApiTokens.TooManyTokens e) {
            ProblemDetail tooMany = ProblemResponses.problem(HttpStatus.CONFLICT, "TOKEN_LIMIT", "TOKEN_LIMIT",
                                                             e.getMessage());
            tooMany.setProperty("rule", "TOKEN_LIMIT");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(tooMany);
        }
        Idempotency.doNotKeepResponse(request); // the secret must not be stored for a replay
        ApiTokens.TokenInfo info = issued.info();
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + info.id()))
                             .cacheControl(CacheControl.noStore())
                             .body(new TokenCreated(info.id(), info.name(), info.scope(), info.createdAt(),
                                                    info.expiresAt(), info.requestsPerMinute(), issued.secret()));
    }

    @GetMapping
    @Operation(summary = "Your API tokens, newest first (never their secrets)")
    TokenList list(Authentication caller) {
        Instant now = clock.instant();
        return new TokenList(tokens.list(caller.getName()).stream()
                                   .map(t -> new TokenSummary(t.id(), t.name(), t.scope(), t.createdAt(),
                                                              t.expiresAt(), !t.expiresAt().isAfter(now),
                                                              t.requestsPerMinute()))
                                   .toList());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke one of your API tokens; it stops working at once",
               description = "Needs a password (HTTP Basic) or OIDC sign-in.",
               security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "bearer")})
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revoke(@PathVariable String id, Authentication caller) {
        refuseTokens(caller, "revoke");
        if (!tokens.revoke(caller.getName(), id)) {
            throw new NotFound();
        }
        return ResponseEntity.noContent().build();
    }

    /** A leaked token must not mint successors that outlive it, nor lock its owner out of their other tokens. */
    private static void refuseTokens(Authentication caller, String act) {
        if (caller instanceof ApiTokenAuthentication) {
            throw new AccessDeniedException("an API token cannot " + act + " API tokens; sign in with your password "
                                            + "or identity provider");
        }
    }

    private Instant expiry(CreateTokenRequest body, Instant now) {
        if ((body.expiresAt() == null) == (body.expiresIn() == null)) {
            throw new IllegalArgumentException("expiresAt: give exactly one of expiresAt and expiresIn");
        }
        Duration lifetime = body.expiresIn() != null ? body.expiresIn() : Duration.between(now, body.expiresAt());
        String field = body.expiresIn() != null ? "expiresIn" : "expiresAt";
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException(field + ": must lie in the future");
        }
        if (lifetime.compareTo(properties.maxLifetime()) > 0) {
            throw new IllegalArgumentException(field + ": a token may live at most " + properties.maxLifetime());
        }
        return body.expiresAt() != null ? body.expiresAt() : now.plus(lifetime);
    }
}
