package org.concordia.infra.notification;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Binary;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import static com.mongodb.client.model.Filters.eq;

/**
 * The signed unsubscribe link of every mail: {@code <base>/app/unsubscribe?u=<username>&t=<HMAC-SHA256(key,
 * "unsubscribe|" + username)>}, which turns the user's mail off without a sign-in. The key is 256 random bits kept in
 * MongoDB ({@code notification_keys}), created once by whichever node comes first, so every node signs and checks
 * alike. A link only ever turns mail off, for the one user it names.
 */
public final class UnsubscribeLinks {

    static final String COLLECTION = "notification_keys";
    private static final String KEY_ID = "unsubscribe";

    private final byte[] key;
    private final String baseUrl;

    public UnsubscribeLinks(MongoDatabase db, String baseUrl) {
        this.key = loadOrCreateKey(db.getCollection(COLLECTION));
        this.baseUrl = baseUrl;
    }

    private static byte[] loadOrCreateKey(MongoCollection<Document> keys) {
        Document stored = keys.find(eq("_id", KEY_ID)).first();
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                keys.insertOne(new Document("_id", KEY_ID).append("key", new Binary(fresh)));
                return fresh;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                stored = keys.find(eq("_id", KEY_ID)).first(); // another node created it first
            }
        }
        return stored.get("key", Binary.class).getData();
    }

    public String token(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(("unsubscribe|" + username).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether {@code token} was signed for {@code username} (in constant time). */
    public boolean verify(String username, String token) {
        if (username == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(token(username).getBytes(StandardCharsets.US_ASCII),
                                     token.getBytes(StandardCharsets.US_ASCII));
    }

    public String url(String username) {
        return baseUrl + "/app/unsubscribe?u=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&t="
               + token(username);
    }
}
