package org.concordia.infra.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes electronic signatures (21 CFR 11.50, 11.200): re-authenticates the signer at the moment of signing — the
 * password of the built-in store, re-entered with the request, or for OIDC bearer tokens a login at the identity
 * provider no older than {@code concordia.signatures.oidc-max-auth-age} — and only then records who signed, under
 * which printed name, with which meaning and when. Wrong passwords are security events: logged (never the
 * password), counted, and after {@code concordia.signatures.max-failures} within
 * {@code concordia.signatures.failure-window} signing is locked for that user (per node) until the allowance refills.
 */
@Component
public class ElectronicSignatures {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.signatures");

    private final UserAccounts users;
    private final Duration oidcMaxAuthAge;
    private final long maxFailures;
    private final Duration failureWindow;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();

    ElectronicSignatures(UserAccounts users, MeterRegistry meters,
                         @Value("${concordia.signatures.oidc-max-auth-age:PT5M}") Duration oidcMaxAuthAge,
                         @Value("${concordia.signatures.max-failures:5}") long maxFailures,
                         @Value("${concordia.signatures.failure-window:PT15M}") Duration failureWindow) {
        this.users = users;
        this.meters = meters;
        this.oidcMaxAuthAge = oidcMaxAuthAge;
        this.maxFailures = maxFailures;
        this.failureWindow = failureWindow;
    }

    /**
     * The caller's signature with {@code meaning}. {@code password}: what the caller re-entered (required for the
     * built-in store; not used with a bearer token, whose login time is checked instead).
     *
     * @throws SignatureRefused         (401, 403, 429) when the signer is not re-authenticated; nothing is recorded
     * @throws IllegalArgumentException ("signature.password: …", a 400) when a Basic user sent no password
     */
    public ElectronicSignature sign(Authentication caller, SignatureMeaning meaning, String password) {
        if (caller instanceof JwtAuthenticationToken bearer) {
            return signWithRecentLogin(bearer, meaning);
        }
        return signWithPassword(caller.getName(), password, meaning);
    }

    /** The built-in store's two components: the user id and the password, re-entered now. */
    public ElectronicSignature signWithPassword(String username, String password, SignatureMeaning meaning) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("signature.password: re-enter your password to sign");
        }
        Bucket allowance = failures.computeIfAbsent(username, user -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(maxFailures).refillGreedy(maxFailures, failureWindow).build())
                .build());
        if (allowance.getAvailableTokens() < 1) {
            Duration wait = Duration.ofNanos(allowance.estimateAbilityToConsume(1).getNanosToWaitForRefill());
            securityLog.warn("Signing locked for user '{}' after repeated wrong signature passwords", username);
            count("locked", SignatureMethod.PASSWORD);
            throw SignatureRefused.lockedOut(wait);
        }
        if (!users.passwordMatches(username, password)) {
            allowance.tryConsume(1);
            securityLog.warn("Signature refused for user '{}': wrong password ({} more attempt(s) before signing "
                             + "is locked)", username, allowance.getAvailableTokens());
            count("wrong_password", SignatureMethod.PASSWORD);
            throw SignatureRefused.wrongPassword();
        }
        String printedName = users.find(username).map(UserAccounts.Account::displayName).orElse(username);
        return signed(username, printedName, meaning, SignatureMethod.PASSWORD);
    }

    private ElectronicSignature signWithRecentLogin(JwtAuthenticationToken bearer, SignatureMeaning meaning) {
        Jwt token = bearer.getToken();
        Instant loggedInAt = token.hasClaim("auth_time") ? token.getClaimAsInstant("auth_time") : token.getIssuedAt();
        if (loggedInAt == null || loggedInAt.isBefore(clock.instant().minus(oidcMaxAuthAge))) {
            securityLog.warn("Signature refused for user '{}': login at the identity provider at {} is older than {}",
                             bearer.getName(), loggedInAt, oidcMaxAuthAge);
            count("login_too_old", SignatureMethod.OIDC_REAUTHENTICATION);
            throw SignatureRefused.loginTooOld(oidcMaxAuthAge);
        }
        String name = token.getClaimAsString("name");
        String printedName = name != null && !name.isBlank() ? name
                : users.find(bearer.getName()).map(UserAccounts.Account::displayName).orElse(bearer.getName());
        return signed(bearer.getName(), printedName, meaning, SignatureMethod.OIDC_REAUTHENTICATION);
    }

    private ElectronicSignature signed(String username, String printedName, SignatureMeaning meaning,
                                       SignatureMethod method) {
        count("verified", method);
        return new ElectronicSignature(username, printedName, meaning, clock.instant(), method);
    }

    private void count(String outcome, SignatureMethod method) {
        Counter.builder("concordia.signatures").description("electronic signatures, by outcome and method")
               .tags("outcome", outcome, "method", method.name()).register(meters).increment();
    }
}
