package org.concordia.infra.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;

/**
 * API tokens: secrets of 256 random bits ({@code SecureRandom}) prefixed {@code cct_}, shown once and stored only as
 * their SHA-256 — the {@code _id} of collection {@code api_tokens}, so that authenticating a request is one key
 * lookup. (A plain hash suffices: a 256-bit secret cannot be guessed from it, unlike a password.) Each user's tokens
 * are also listed in one document of {@code api_token_owners} ({@code _id} = username), which serves listing and
 * revoking without a secondary index. Revoking deletes the token's document: the next request with it fails.
 */
@Component
public class ApiTokens {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.tokens");

    /** What a token may do: READ only safe methods (GET, HEAD), READ_WRITE everything its owner may. */
    public enum Scope { READ, READ_WRITE }

    public static final String PREFIX = "cct_";
    private static final int SECRET_BYTES = 32;
    /** {@code cct_} + 43 characters of unpadded base64url. */
    private static final int TOKEN_LENGTH = PREFIX.length() + 43;

    /** A token as its owner sees it in the list: never the secret. */
    public record TokenInfo(String id, String name, Scope scope, Instant createdAt, Instant expiresAt,
                            Integer requestsPerMinute) {
    }

    /** A token just created: its secret, shown this once. */
    public record IssuedToken(TokenInfo info, String secret) {
    }

    /** A presented token that is valid now. */
    public record ValidToken(String id, String owner, Scope scope, Integer requestsPerMinute) {
    }

    /** The owner already holds the most unexpired tokens allowed. */
    public static final class TooManyTokens extends RuntimeException {
        TooManyTokens(int limit) {
            super("at most " + limit + " unexpired tokens per user; revoke one first");
        }
    }

    private final MongoCollection<Document> tokens;
    private final MongoCollection<Document> owners;
    private final ApiTokenProperties properties;
    private final Clock clock;
    private final List<ApiTokenListener> listeners;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    ApiTokens(MongoDatabase database, ApiTokenProperties properties, ObjectProvider<ApiTokenListener> listeners) {
        this(database, properties, listeners.orderedStream().toList(), Clock.systemUTC());
    }

    ApiTokens(MongoDatabase database, ApiTokenProperties properties, List<ApiTokenListener> listeners, Clock clock) {
        this.tokens = database.getCollection("api_tokens");
        this.owners = database.getCollection("api_token_owners");
        this.properties = properties;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        // A real MongoDB removes expired tokens by itself; the embedded server ignores the index (expiry is checked
        // on every use anyway).
        tokens.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Whether a bearer credential is one of ours (else it may be an OIDC JWT). */
    public static boolean isApiToken(String bearer) {
        return bearer != null && bearer.startsWith(PREFIX);
    }

    /** @throws TooManyTokens when the owner already holds {@code concordia.security.tokens.max-per-user} */
    public IssuedToken create(String owner, String name, Scope scope, Instant expiresAt, Integer requestsPerMinute) {
        Instant now = clock.instant();
        List<Document> held = listed(owner);
        List<Document> unexpired = held.stream().filter(t -> t.getDate("expiresAt").toInstant().isAfter(now)).toList();
        if (unexpired.size() >= properties.maxPerUser()) {
            throw new TooManyTokens(properties.maxPerUser());
        }
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String hash = hash(secret);
        TokenInfo info = new TokenInfo(UUID.randomUUID().toString(), name, scope, now, expiresAt, requestsPerMinute);
        if (unexpired.size() < held.size()) {
            owners.updateOne(eq("_id", owner), Updates.pull("tokens", new Document("expiresAt",
                                                                                   new Document("$lte", Date.from(now)))));
        }
        // The list first: a token that exists is always listed, so its owner can always revoke it.
        owners.updateOne(eq("_id", owner), Updates.push("tokens", entry(info).append("hash", hash)),
                         new UpdateOptions().upsert(true));
        tokens.insertOne(entry(info).append("_id", hash).append("owner", owner));
        securityLog.info("API token {} '{}' ({}, expires {}) created by user '{}'", info.id(), name, scope, expiresAt,
                         owner);
        tell(listener -> listener.created(owner, info));
        return new IssuedToken(info, secret);
    }

    /** The owner's tokens, expired ones included (until the owner next creates one), newest first. */
    public List<TokenInfo> list(String owner) {
        return listed(owner).stream().map(ApiTokens::info)
                            .sorted(Comparator.comparing(TokenInfo::createdAt).reversed()).toList();
    }

    /** @return false when the owner has no token with that id */
    public boolean revoke(String owner, String tokenId) {
        Optional<Document> entry = listed(owner).stream().filter(t -> tokenId.equals(t.getString("id"))).findFirst();
        if (entry.isEmpty()) {
            return false;
        }
        // The token first: it stops working before it leaves the list.
        tokens.deleteOne(eq("_id", entry.get().getString("hash")));
        owners.updateOne(eq("_id", owner), Updates.pull("tokens", new Document("id", tokenId)));
        securityLog.info("API token {} revoked by user '{}'", tokenId, owner);
        tell(listener -> listener.revoked(owner, info(entry.get())));
        return true;
    }

    /** The token behind a presented secret, if it exists and has not expired: one {@code _id} lookup. */
    public Optional<ValidToken> resolve(String secret) {
        if (!isApiToken(secret) || secret.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        Document stored = tokens.find(eq("_id", hash(secret))).first();
        if (stored == null || !stored.getDate("expiresAt").toInstant().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new ValidToken(stored.getString("id"), stored.getString("owner"),
                                          Scope.valueOf(stored.getString("scope")),
                                          stored.getInteger("requestsPerMinute")));
    }

    private void tell(java.util.function.Consumer<ApiTokenListener> event) {
        for (ApiTokenListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                securityLog.error("An API token listener failed", e);
            }
        }
    }

    private List<Document> listed(String owner) {
        Document document = owners.find(eq("_id", owner)).first();
        return document == null ? List.of() : document.getList("tokens", Document.class);
    }

    private static Document entry(TokenInfo info) {
        return new Document("id", info.id()).append("name", info.name()).append("scope", info.scope().name())
                                            .append("createdAt", Date.from(info.createdAt()))
                                            .append("expiresAt", Date.from(info.expiresAt()))
                                            .append("requestsPerMinute", info.requestsPerMinute());
    }

    private static TokenInfo info(Document entry) {
        return new TokenInfo(entry.getString("id"), entry.getString("name"), Scope.valueOf(entry.getString("scope")),
                             entry.getDate("createdAt").toInstant(), entry.getDate("expiresAt").toInstant(),
                             entry.getInteger("requestsPerMinute"));
    }

    /** Hex SHA-256 of the whole token. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
