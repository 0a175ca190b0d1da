package org.concordia.infra.security;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.UuidRepresentation;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.nio.file.Path;

/** The embedded MongoDB-wire server in a directory and the application's database on it, through the driver. */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedMongoServer server;
    private final MongoClient client;
    final MongoDatabase database;

    EmbeddedDatabase(Path dataDir) {
        server = EmbeddedMongoServer.start(dataDir, 16);
        client = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString())).build());
        database = client.getDatabase("concordia");
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
