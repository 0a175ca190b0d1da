package org.concordia.infra.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.regex.Pattern;

import static com.mongodb.client.model.Filters.eq;

/**
 * Each user's choice of email (collection {@code notification_preferences}, {@code {_id: username, email,
 * delivery}}): an address and how mail is delivered. Nobody gets mail who has not asked for it: without a stored
 * choice, delivery is {@link Delivery#OFF}.
 */
public final class NotificationPreferences {

    /** How a user is told: each notice in its own mail, once a day in one digest, or not at all. */
    public enum Delivery {
        IMMEDIATE, DAILY_DIGEST, OFF
    }

    /** A user's choice; {@code email} may be null only with {@link Delivery#OFF}. */
    public record Preference(String username, String email, Delivery delivery) {

        /** Deliberately plain: one {@code @}, no spaces or angle brackets, a dot in the domain. */
        private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+");

        public Preference {
            if (delivery == null) {
                throw new IllegalArgumentException("delivery: must be one of IMMEDIATE, DAILY_DIGEST, OFF");
            }
            email = email == null || email.isBlank() ? null : email.strip();
            if (email == null && delivery != Delivery.OFF) {
                throw new IllegalArgumentException("email: required unless delivery is OFF");
            }
            if (email != null && (email.length() > 254 || !ADDRESS.matcher(email).matches())) {
                throw new IllegalArgumentException("email: must be an email address");
            }
        }

        public static Preference off(String username) {
            return new Preference(username, null, Delivery.OFF);
        }

        /** Whether mail goes to this user at all. */
        public boolean wantsMail() {
            return delivery != Delivery.OFF && email != null;
        }

        public Preference withDelivery(Delivery newDelivery) {
            return new Preference(username, email, newDelivery);
        }
    }

    static final String COLLECTION = "notification_preferences";

    private final MongoCollection<Document> documents;

    public NotificationPreferences(MongoDatabase db) {
        this.documents = db.getCollection(COLLECTION);
    }

    /** The user's choice ({@link Delivery#OFF} without an address when they made none). */
    public Preference find(String username) {
        Document doc = documents.find(eq("_id", username)).first();
        if (doc == null) {
            return Preference.off(username);
        }
        Delivery delivery;
        try {
            delivery = Delivery.valueOf(doc.getString("delivery"));
        } catch (RuntimeException unknown) {
            delivery = Delivery.OFF;
        }
        String email = doc.getString("email");
        return email == null && delivery != Delivery.OFF ? Preference.off(username)
                                                         : new Preference(username, email, delivery);
    }

    public void save(Preference preference) {
        documents.replaceOne(eq("_id", preference.username()),
                             new Document("_id", preference.username()).append("email", preference.email())
                                                                       .append("delivery", preference.delivery().name()),
                             new ReplaceOptions().upsert(true));
    }

    /** Unsubscribes: delivery OFF, the address kept (so turning mail on again is one choice). */
    public void turnOff(String username) {
        save(find(username).withDelivery(Delivery.OFF));
    }
}
