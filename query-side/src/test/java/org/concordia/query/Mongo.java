package org.concordia.query;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.h2.mvstore.MVStore;

/** The embedded server the app runs by default, in memory. */
final class Mongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)));
    private final MongoClient client;

    Mongo() {
        String uri = "mongodb://" + server.bindAndGetConnectionString().replace("mongodb://", "");
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .uuidRepresentation(UuidRepresentation.STANDARD).build());
    }

    MongoDatabase db(String name) {
        return client.getDatabase(name);
    }

    /** Every document of every collection, sorted by _id: for before/after comparisons. */
    static Map<String, List<String>> dump(MongoDatabase db) {
        return dump(db, Set.of());
    }

    /** The same without the named top-level fields. */
    static Map<String, List<String>> dump(MongoDatabase db, Set<String> leftOut) {
        Map<String, List<String>> all = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            List<String> docs = new ArrayList<>();
            for (Document d : db.getCollection(name).find()) {
                leftOut.forEach(d::remove);
                docs.add(d.toJson());
            }
            docs.sort(null);
            all.put(name, docs);
        }
        return all;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
