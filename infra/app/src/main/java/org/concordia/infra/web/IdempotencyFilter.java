package org.concordia.infra.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.Document;
import org.bson.types.Binary;
import org.concordia.infra.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;

/**
 * {@code Idempotency-Key} on a POST: the first response per user and key is stored in MongoDB (for 24 h) and
 * replayed to any repetition, which records nothing new. A repetition that arrives while the first is still running
 * waits for it. The same key with a different request is refused (422). A signature's password is left out of
 * the request's fingerprint, and a body that is not JSON is not remembered (see {@link #withoutSignaturePassword}).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class IdempotencyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER = "Idempotency-Key";
    private static final Duration KEPT_FOR = Duration.ofHours(24);
    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(10);

    private final MongoCollection<Document> keys;
    private final ProblemResponses problems;
    private final Clock clock = Clock.systemUTC();

    IdempotencyFilter(MongoDatabase database, ProblemResponses problems) {
        this.keys = database.getCollection("idempotency_keys");
        this.problems = problems;
        // A real MongoDB removes expired keys by itself; the embedded server ignores the index and expiry is
        // checked on read instead.
        keys.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
               || !RequestPaths.isApi(request); // however the path is spelled
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            problems.write(response, HttpStatus.BAD_REQUEST, "Invalid request",
                           "Idempotency-Key: must be 1 to 255 visible ASCII characters");
            return;
        }
        byte[] body = request instanceof CachedBodyRequest cached ? cached.body() : new byte[0];
        byte[] withoutSecrets = withoutSignaturePassword(body);
        if (withoutSecrets == null) {
            // Not JSON: refused as a 400 anyway, recording nothing, so there is nothing to replay; and whatever
            // secret it may hold must not be fingerprinted into MongoDB.
            chain.doFilter(request, response);
            return;
        }
        String fingerprint = request.getRequestURI() + "\n" + DigestUtils.md5DigestAsHex(withoutSecrets);
        String id = caller.getName() + "\n" + key;
        Instant now = clock.instant();
        Document claim = new Document("_id", id).append("state", "PENDING").append("fingerprint", fingerprint)
                                                .append("expiresAt", Date.from(now.plus(KEPT_FOR)));
        if (!tryInsert(claim)) {
            Document first = awaitFirst(id);
            if (first == null) {
                tryInsert(claim); // expired or abandoned: this request becomes the first
            } else if (!fingerprint.equals(first.getString("fingerprint"))) {
                problems.write(response, HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused",
                               "This Idempotency-Key was used for a different request.");
                return;
            } else if (first.getBoolean("withheld", false)) {
                // The first answer carried a secret shown once; it was not kept.
                if (first.getString("location") != null) {
                    response.setHeader("Location", first.getString("location"));
                }
                response.setHeader("Idempotent-Replayed", "true");
                problems.write(response, HttpStatus.CONFLICT, "Already done",
                               "This request was already carried out; its response held a secret that is shown "
                               + "only once and was not kept. The resource is at Location.");
                return;
            } else {
                replay(first, response);
                return;
            }
        }
        ContentCachingResponseWrapper recorder = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorder);
        } catch (ServletException | IOException | RuntimeException e) {
            keys.deleteOne(eq("_id", id));
            throw e;
        }
        if (recorder.getStatus() >= 500) {
            keys.deleteOne(eq("_id", id)); // nothing was recorded: a retry may run again
        } else {
            boolean withheld = Boolean.TRUE.equals(request.getAttribute(Idempotency.WITHHOLD_BODY));
            keys.replaceOne(eq("_id", id), new Document(claim).append("state", "DONE")
                    .append("withheld", withheld)
                    .append("status", recorder.getStatus())
                    .append("contentType", recorder.getContentType())
                    .append("location", recorder.getHeader("Location"))
                    .append("etag", recorder.getHeader("ETag"))
                    .append("body", new Binary(withheld ? new byte[0] : recorder.getContentAsByteArray())));
        }
        recorder.copyBodyToResponse();
    }

    /**
     * The body without {@code signature.password}, which must never reach MongoDB, not even inside a digest (an
     * unsalted hash of a known body is a password guess away). So a repetition that differs only in the password
     * counts as the same request: it replays the first answer and records nothing, which needs no signature.
     * Null when the body is not JSON.
     */
    static byte[] withoutSignaturePassword(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null) {
                return body;
            }
            boolean removed = false;
            if (json.path("signature") instanceof ObjectNode signature && signature.has("password")) {
                signature.remove("password");
                removed = true;
            }
            if (json instanceof ObjectNode fields) {
                // the account endpoints' passwords, likewise (POST /users, /me/password, a password reset)
                for (String secret : new String[]{"password", "currentPassword", "newPassword", "temporaryPassword"}) {
                    removed |= fields.remove(secret) != null;
                }
            }
            return removed ? JSON.writeValueAsBytes(json) : body;
        } catch (IOException notJson) {
            return null;
        }
    }

    private boolean tryInsert(Document claim) {
        try {
            keys.insertOne(claim);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The stored first response; null when it expired or its request died without an answer. */
    private Document awaitFirst(String id) {
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            Document first = keys.find(eq("_id", id)).first();
            if (first == null) {
                return null;
            }
            if (first.getDate("expiresAt").toInstant().isBefore(clock.instant())) {
                keys.deleteOne(eq("_id", id));
                return null;
            }
            if ("DONE".equals(first.getString("state"))) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Idempotent request {} still pending after {}; running the repetition", id, WAIT_FOR_FIRST);
                keys.deleteOne(eq("_id", id));
                return null;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static void replay(Document first, HttpServletResponse response) throws IOException {
        response.setStatus(first.getInteger("status"));
        if (first.getString("contentType") != null) {
            response.setContentType(first.getString("contentType"));
        }
        if (first.getString("location") != null) {
            response.setHeader("Location", first.getString("location"));
        }
        if (first.getString("etag") != null) {
            response.setHeader("ETag", first.getString("etag"));
        }
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(first.get("body", Binary.class).getData());
    }
}
