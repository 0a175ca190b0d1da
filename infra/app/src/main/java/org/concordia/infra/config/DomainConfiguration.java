package org.concordia.infra.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.concordia.command.account.UserAccount;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.command.collaboration.RepositoryCollaborationDirectory;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.issue.Issue;
import org.springframework.context.annotation.Bean;

/**
 * The domain modules know nothing of Spring: this is where their aggregates, ports, projections and query handlers
 * are handed to Axon.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class DomainConfiguration {

    /**
     * Aggregates with snapshots (long histories load fast) and, on a single node, a cache (repeated commands skip the
     * store). A cached aggregate does not see events another node appended since, so a command on it conflicts
     * (409) though nobody raced it: with a shared MongoDB ({@code concordia.mongodb.uri}) the cache is off unless
     * {@code concordia.event-store.aggregate-cache=true} says this node is the only one.
     */
    @Bean
    ConfigurerModule aggregates(ConcordiaProperties properties, DeadlineManager deadlineManager) {
        int snapshotEvery = properties.eventStore().snapshotEvery();
        Boolean cacheSetting = properties.eventStore().aggregateCache();
        boolean cached = cacheSetting != null ? cacheSetting : !properties.mongodb().isExternal();
        AggregateConfigurer<Collaboration> collaborations = AggregateConfigurer.defaultConfiguration(Collaboration.class)
                .configureSnapshotTrigger(c -> snapshotTrigger(c, snapshotEvery));
        AggregateConfigurer<Issue> issues = AggregateConfigurer.defaultConfiguration(Issue.class)
                .configureSnapshotTrigger(c -> snapshotTrigger(c, snapshotEvery));
        // accounts: short histories, no snapshots; the credential store is what authentication reads
        AggregateConfigurer<UserAccount> accounts = AggregateConfigurer.defaultConfiguration(UserAccount.class);
        if (cached) {
            collaborations.configureCache(c -> aggregateCache());
            issues.configureCache(c -> aggregateCache());
            accounts.configureCache(c -> aggregateCache());
        }
        return configurer -> configurer
                .configureDeadlineManager(c -> deadlineManager)
                .configureAggregate(collaborations)
                .configureAggregate(issues)
                .configureAggregate(accounts)
                .eventProcessing(processing -> processing
                        // A projection that fails on an event stops its segment visibly and retries; never skips.
                        .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /**
     * Held strongly, the least recently used dropped beyond this many per aggregate type: a weakly held cache lost its
     * aggregates at every garbage collection, and the next command on each replayed it from its snapshot and events.
     * An issue keeps the ids of its comments and evidence (about 100 bytes each), so a thousand very long issues stay
     * around 100 MB; the usual working set is far smaller.
     */
    static final int CACHED_AGGREGATES = 1_024;

    private static Cache aggregateCache() {
        return new BoundedAggregateCache(CACHED_AGGREGATES);
    }

    private static SnapshotTriggerDefinition snapshotTrigger(Configuration configuration, int threshold) {
        return new GrowingSnapshotTriggerDefinition(configuration.getComponent(Snapshotter.class), threshold);
    }

    /** Axon's Spring snapshotter finds aggregate factories among the beans; ours are not Spring beans themselves. */
    @Bean
    AggregateFactory<Collaboration> collaborationFactory() {
        return new NoArgAggregateFactory<>(Collaboration.class);
    }

    @Bean
    AggregateFactory<Issue> issueFactory() {
        return new NoArgAggregateFactory<>(Issue.class);
    }

    @Bean
    AggregateFactory<UserAccount> userAccountFactory() {
        return new NoArgAggregateFactory<>(UserAccount.class);
    }

    /** Issues read their collaboration's current facts through its repository, inside the same unit of work. */
    @Bean
    CollaborationDirectory collaborationDirectory(Configuration axonConfiguration) {
        return new CollaborationDirectory() {
            private volatile CollaborationDirectory delegate;

            @Override
            public org.concordia.command.directory.CollaborationFacts factsOf(String collaborationId) {
                if (delegate == null) {
                    delegate = new RepositoryCollaborationDirectory(axonConfiguration.repository(Collaboration.class));
                }
                return delegate.factsOf(collaborationId);
            }
        };
    }
}
