package org.concordia.infra.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * One MongoDB for everything: the embedded server by default, a real replica set when
 * {@code concordia.mongodb.uri} is set (then with majority, journaled writes and majority reads).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConcordiaProperties.class)
public class MongoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMongo embeddedMongo(ConcordiaProperties properties) {
        if (properties.mongodb().isExternal()) {
            return new EmbeddedMongo(null);
        }
        return new EmbeddedMongo(EmbeddedMongoServer.start(properties.dataDir(), properties.embedded().cacheSizeMb(),
                                                           MongoEventStorageEngine.REBUILDABLE_COLLECTIONS));
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(ConcordiaProperties properties, EmbeddedMongo embedded) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyToSocketSettings(s -> s.connectTimeout(10, TimeUnit.SECONDS));
        if (properties.mongodb().isExternal()) {
            settings.applyConnectionString(new ConnectionString(properties.mongodb().uri()))
                    .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                    .readConcern(ReadConcern.MAJORITY);
        } else {
            settings.applyConnectionString(new ConnectionString(embedded.server().connectionString()));
        }
        return MongoClients.create(settings.build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, ConcordiaProperties properties) {
        return client.getDatabase(properties.mongodb().database());
    }

    /** Holder so the embedded server's life follows the context's (closed after the client). */
    public record EmbeddedMongo(EmbeddedMongoServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
