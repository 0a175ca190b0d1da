package org.concordia.infra.account;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An OIDC user's username comes from issuer + subject, in a stable, path-safe, bounded form. */
class OidcUsernameTest {

    @Test
    void anIssuerWithoutAPathNamesItsHost() {
        assertThat(OidcAccounts.usernameOf("https://accounts.google.com", "248289761001"))
                .isEqualTo("248289761001@accounts.google.com");
        assertThat(OidcAccounts.usernameOf("https://Accounts.Google.com/", "248289761001"))
                .isEqualTo("248289761001@accounts.google.com");
        assertThat(OidcAccounts.usernameOf("https://idp.example.org:8443", "u-1")).isEqualTo("u-1@idp.example.org:8443");
    }

    @Test
    void issuersOnOneHostWithDifferentPathsNeverShareAUsername() {
        String realmA = OidcAccounts.usernameOf("https://login.example.org/realms/a", "42");
        String realmB = OidcAccounts.usernameOf("https://login.example.org/realms/b", "42");
        assertThat(realmA).startsWith("42@login.example.org~").hasSize("42@login.example.org~".length() + 8)
                          .isNotEqualTo(realmB);
        assertThat(OidcAccounts.usernameOf("https://login.example.org/realms/concordia", "sub-ines"))
                .isEqualTo("sub-ines@login.example.org~d5281cce")
                .isEqualTo(OidcAccounts.usernameOf("https://login.example.org/realms/concordia/", "sub-ines"));
    }

    @Test
    void subjectsThatCannotNameAnAccountAreRefused() {
        assertThat(OidcAccounts.usernameOf("https://tenant.eu.auth0.com/", "google-oauth2|1099"))
                .isEqualTo("google-oauth2|1099@tenant.eu.auth0.com");
        for (String subject : new String[]{null, "", "a/b", "a b", "x".repeat(65), "tab\there"}) {
            assertThatThrownBy(() -> OidcAccounts.usernameOf("https://idp.example.org", subject))
                    .isInstanceOf(InvalidBearerTokenException.class);
        }
        assertThatThrownBy(() -> OidcAccounts.usernameOf("https://" + "h".repeat(60) + ".example.org", "x".repeat(40)))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> OidcAccounts.usernameOf("not a url", "x")).isInstanceOf(InvalidBearerTokenException.class);
    }
}
