package org.concordia.infra.account;

import org.concordia.infra.security.BearerTokenAccounts;
import org.concordia.infra.security.UserAccounts;
import org.concordia.kernel.shared.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * OpenID Connect users are accounts too. Their username is derived from what identifies them for good — the token's
 * issuer and subject (OIDC Core §5.7), never a claim such as {@code preferred_username} that the identity provider
 * lets users change or reuse — as {@code <sub>@<issuer host>}, with {@code ~} and 8 hex digits of the SHA-256 of the
 * whole issuer when its URL has a path (Keycloak realms, Azure tenants): e.g. {@code 248289761001@accounts.google.com}
 * or {@code f3a9…@login.example.org~1a2b3c4d}. The display name comes from {@code concordia.oidc.display-name-claim}
 * ({@code preferred_username}, else {@code name}) at the first sign-in, which creates the account (recorded by
 * {@code system}); from then on a disabled account's tokens are refused (401) at once, and the account's roles apply.
 */
@Component
class OidcAccounts implements BearerTokenAccounts {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.accounts");
    /** Path-safe (a username appears in URLs), printable, and what real providers use. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._~|:+=@-]{1,64}");

    private final AccountService accounts;
    private final UserAccounts users;
    private final String displayNameClaim;

    OidcAccounts(AccountService accounts, UserAccounts users,
                 @Value("${concordia.oidc.display-name-claim:${concordia.oidc.username-claim:preferred_username}}")
                 String displayNameClaim) {
        this.accounts = accounts;
        this.users = users;
        this.displayNameClaim = displayNameClaim;
    }

    @Override
    public AbstractAuthenticationToken authenticate(Jwt token) {
        String issuer = token.getClaimAsString("iss");
        String username = usernameOf(issuer, token.getSubject());
        UserAccounts.Account account = users.find(username).orElseGet(() -> accounts.provisionOidcAccount(
                username, displayName(token, username), issuer, token.getSubject()));
        if (!account.enabled()) {
            securityLog.warn("Bearer token of disabled account '{}' refused", username);
            throw new DisabledException("the account is disabled");
        }
        return new JwtAuthenticationToken(token, UserAccounts.authoritiesOf(account), username);
    }

    /** The stable username of the subject {@code subject} of the issuer {@code issuer}. */
    public static String usernameOf(String issuer, String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new InvalidBearerTokenException("the token's subject cannot name an account here");
        }
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidBearerTokenException("the token's issuer is not a URL");
        }
        if (uri.getHost() == null) {
            throw new InvalidBearerTokenException("the token's issuer is not a URL");
        }
        String tag = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            String whole = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            tag += "~" + sha256(whole).substring(0, 8);
        }
        String username = subject + "@" + tag;
        if (username.length() > Check.ID_MAX) {
            throw new InvalidBearerTokenException("the token's subject and issuer are too long to name an account");
        }
        return username;
    }

    private String displayName(Jwt token, String username) {
        for (String claim : new String[]{displayNameClaim, "name"}) {
            String value = token.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value.length() > Check.NAME_MAX ? value.substring(0, Check.NAME_MAX) : value;
            }
        }
        return username;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
