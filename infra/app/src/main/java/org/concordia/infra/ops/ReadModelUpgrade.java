package org.concordia.infra.ops;

import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.query.ReadModelLayouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start, rebuilds once every projection whose read model a data directory stores in an older layout
 * ({@link ReadModelLayouts}), so that upgrading needs no manual replay.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before anything (demo data) writes events into a fresh directory
class ReadModelUpgrade implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReadModelUpgrade.class);

    private final ProjectionAdmin projections;
    private final ReadModelLayouts layouts;
    private final CommitLog commits;

    ReadModelUpgrade(ProjectionAdmin projections, MongoDatabase db, CommitLog commits) {
        this.projections = projections;
        this.layouts = new ReadModelLayouts(db);
        this.commits = commits;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> groups = projections.all().stream().map(ProjectionAdmin.ProjectionStatus::name).toList();
        boolean holdsEvents = commits.headPosition() > 0;
        for (String group : layouts.claimOutdated(groups, holdsEvents)) {
            log.info("Projection {} is stored in an older layout: rebuilding it (layout {})", group,
                    ReadModelLayouts.current(group));
            projections.replay(group);
        }
    }
}
