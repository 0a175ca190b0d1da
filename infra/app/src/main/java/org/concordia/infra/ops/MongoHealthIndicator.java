package org.concordia.infra.ops;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.concordia.infra.config.ConcordiaProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Pings the MongoDB that holds everything, and says which one it is (embedded or external). */
@Component("mongo")
class MongoHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;
    private final ConcordiaProperties properties;

    MongoHealthIndicator(MongoDatabase database, ConcordiaProperties properties) {
        super("MongoDB health check failed");
        this.database = database;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = database.runCommand(new Document("ping", 1));
        builder.up()
               .withDetail("database", database.getName())
               .withDetail("mode", properties.mongodb().isExternal() ? "external" : "embedded")
               .withDetail("ok", reply.get("ok"));
        if (!properties.mongodb().isExternal()) {
            builder.withDetail("dataDir", properties.dataDir().toAbsolutePath().normalize().toString());
        }
    }
}
