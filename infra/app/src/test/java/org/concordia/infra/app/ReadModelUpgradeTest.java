package org.concordia.infra.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.concordia.query.ReadModelLayouts;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueViewProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory whose read models are in an older layout is rebuilt at start, with nothing to do by hand. */
class ReadModelUpgradeTest {

    @TempDir
    Path dataDir;

    @Test
    void aProjectionStoredInAnOlderLayoutIsRebuiltAtStart() {
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call carl = app.as("carl", "onco-demo-pass");
            await().atMost(60, TimeUnit.SECONDS).until(() -> caughtUp(app));
            MongoDatabase db = app.bean(MongoDatabase.class);
            assertThat(db.getCollection(ReadModelLayouts.COLLECTION).find(Filters.eq("_id", InboxProjection.GROUP))
                    .first().getInteger("version")).as("a fresh directory is recorded as current")
                    .isEqualTo(ReadModelLayouts.current(InboxProjection.GROUP));
            JsonNode before = inbox(carl);
            assertThat(items(before)).as("the demo leaves carl something to do").isPositive();

            // what a directory of an older inbox layout looks like to this release: version 1, no items
            db.getCollection(ReadModelLayouts.COLLECTION).updateOne(Filters.eq("_id", InboxProjection.GROUP),
                    Updates.set("version", 1));
            for (String collection : List.of(InboxProjection.ITEMS, InboxProjection.BITS)) {
                db.getCollection(collection).deleteMany(new Document());
            }
            assertThat(items(inbox(carl))).isZero();

            app.restart();

            // generous: on a loaded CI machine the rebuild once took over a minute (passes in seconds when idle)
            await().atMost(150, TimeUnit.SECONDS).until(() -> inbox(carl).equals(before));
            assertThat(app.bean(MongoDatabase.class).getCollection(ReadModelLayouts.COLLECTION)
                    .find(Filters.eq("_id", InboxProjection.GROUP)).first().getInteger("version"))
                    .isEqualTo(ReadModelLayouts.current(InboxProjection.GROUP));
        }
    }

    @Test
    void aFreshDirectoryRebuildsNothingAtFirstStart() {
        // the administrator created at first start writes account events; they must not make the directory look
        // like one of the layouts before versioning (a store holding events, no layout recorded)
        try (RunningApp app = new RunningApp(dataDir)) {
            for (String group : List.of(IssueViewProjection.GROUP, InboxProjection.GROUP)) {
                JsonNode status = app.asAdmin().get("/api/v1/admin/projections/" + group).json();
                assertThat(status.path("servingGeneration").asLong()).as(group + ": " + status).isZero();
                assertThat(status.path("buildingGeneration").isNull()).as(group + ": " + status).isTrue();
            }
        }
    }

    private static boolean caughtUp(RunningApp app) {
        JsonNode status = app.asAdmin().get("/api/v1/admin/projections/" + InboxProjection.GROUP).json();
        return status.at("/segments/0/caughtUp").asBoolean() && status.at("/segments/0/lag").asLong() == 0;
    }

    private static int items(JsonNode inbox) {
        return inbox.path("toAcknowledge").size() + inbox.path("toVote").size() + inbox.path("actions").size();
    }

    private static JsonNode inbox(RunningApp.Call user) {
        return user.get("/api/v1/me/inbox").json();
    }
}
