package org.concordia.infra.security;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token store on the embedded MongoDB, with a clock that is moved rather than waited for. */
class ApiTokensTest {

    @TempDir
    Path dataDir;
    StoreHarness store;
    MongoDatabase database;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    final List<String> told = new ArrayList<>();
    ApiTokens tokens;

    @BeforeEach
    void start() {
        store = StoreHarness.database(dataDir);
        database = store.database;
        ApiTokenListener listener = new ApiTokenListener() {
            @Override
            public void created(String owner, ApiTokens.TokenInfo token) {
                told.add("created " + owner + " " + token.name());
            }

            @Override
            public void revoked(String owner, ApiTokens.TokenInfo token) {
                told.add("revoked " + owner + " " + token.name());
            }
        };
        tokens = new ApiTokens(database, new ApiTokenProperties(Duration.ofDays(366), 3), List.of(listener), clock);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void aUserHoldsAtMostTheAllowedUnexpiredTokensAndExpiredOnesMakeRoom() {
        ApiTokens.IssuedToken shortLived = create("short", Duration.ofHours(1));
        create("a", Duration.ofDays(30));
        create("b", Duration.ofDays(30));
        assertThatThrownBy(() -> create("one too many", Duration.ofDays(30)))
                .isInstanceOf(ApiTokens.TooManyTokens.class);

        clock.advance(Duration.ofHours(1));
        assertThat(tokens.resolve(shortLived.secret())).isEmpty();
        assertThat(tokens.list("ann")).extracting(ApiTokens.TokenInfo::name).contains("short");
        create("c", Duration.ofDays(30));
        assertThat(tokens.list("ann")).extracting(ApiTokens.TokenInfo::name).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aRevokedTokenNoLongerResolvesAndLeavesTheList() {
        ApiTokens.IssuedToken kept = create("kept", Duration.ofDays(1));
        ApiTokens.IssuedToken revoked = create("revoked", Duration.ofDays(1));
        assertThat(tokens.resolve(revoked.secret())).map(ApiTokens.ValidToken::owner).contains("ann");

        assertThat(tokens.revoke("bob", revoked.info().id())).isFalse();
        assertThat(tokens.revoke("ann", revoked.info().id())).isTrue();
        assertThat(tokens.revoke("ann", revoked.info().id())).isFalse();

        assertThat(tokens.resolve(revoked.secret())).isEmpty();
        assertThat(tokens.resolve(kept.secret())).isPresent();
        assertThat(tokens.list("ann")).extracting(ApiTokens.TokenInfo::name).containsExactly("kept");
        assertThat(database.getCollection("api_tokens").countDocuments(new Document())).isEqualTo(1);
        assertThat(told).containsExactly("created ann kept", "created ann revoked", "revoked ann revoked");
    }

    @Test
    void onlyWellFormedSecretsAreLookedUp() {
        ApiTokens.IssuedToken issued = create("t", Duration.ofDays(1));
        assertThat(tokens.resolve(issued.secret() + "x")).isEmpty();
        assertThat(tokens.resolve(issued.secret().substring(4))).isEmpty();
        assertThat(tokens.resolve(null)).isEmpty();
        assertThat(ApiTokens.isApiToken("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isFalse();
    }

    private ApiTokens.IssuedToken create(String name, Duration lifetime) {
        return tokens.create("ann", name, ApiTokens.Scope.READ, clock.instant().plus(lifetime), null);
    }
}
