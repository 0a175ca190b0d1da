package org.concordia.infra.deadline;

import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Test fixtures: a fake "Issue" aggregate scope that records deliveries.
 */
final class DeadlineTestSupport {

    static final String AGGREGATE_TYPE = "Issue";

    private DeadlineTestSupport() {
    }

    /** The deadline payload used by the tests. */
    record SlaBreached(String issueId, String tier) {
    }

    static AggregateScopeDescriptor issueScope(String issueId) {
        return new AggregateScopeDescriptor(AGGREGATE_TYPE, issueId);
    }

    /** One delivered deadline. */
    record Delivery(String deadlineName, String messageId, Object payload, Map<String, Object> metaData, String issueId,
                    String thread) {
    }

    /**
     * Resolves every {@link AggregateScopeDescriptor} of type Issue and records what is sent to it; can be told to
     * fail for some payloads.
     */
    static final class RecordingIssueScopes implements ScopeAwareProvider, ScopeAware {

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        volatile Predicate<Object> failWhen = payload -> false;
        volatile java.util.function.Consumer<DeadlineMessage<?>> onDelivery = message -> {
        };

        @Override
        public Stream<ScopeAware> provideScopeAwareStream(ScopeDescriptor scopeDescriptor) {
            return Stream.of(this);
        }

        @Override
        public boolean canResolve(ScopeDescriptor scopeDescription) {
            return scopeDescription instanceof AggregateScopeDescriptor d && AGGREGATE_TYPE.equals(d.getType());
        }

        @Override
        public void send(Message<?> message, ScopeDescriptor scopeDescription) throws Exception {
            DeadlineMessage<?> deadline = (DeadlineMessage<?>) message;
            attempts.computeIfAbsent(deadline.getIdentifier(), k -> new AtomicInteger()).incrementAndGet();
            if (failWhen.test(deadline.getPayload())) {
                throw new IllegalStateException("handler failed for " + deadline.getPayload());
            }
            onDelivery.accept(deadline);
            String issueId = String.valueOf(((AggregateScopeDescriptor) scopeDescription).getIdentifier());
            deliveries.add(new Delivery(deadline.getDeadlineName(), deadline.getIdentifier(), deadline.getPayload(),
                                        deadline.getMetaData(), issueId,
                                        Thread.currentThread().getName()));
        }

        List<Object> payloads() {
            return deliveries.stream().map(Delivery::payload).toList();
        }
    }

    /** Runs code "inside" an aggregate scope, as an aggregate's command handler would. */
    static final class TestScope extends Scope {

        private final ScopeDescriptor descriptor;

        TestScope(ScopeDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        void run(Runnable task) throws Exception {
            executeWithResult(() -> {
                task.run();
                return null;
            });
        }

        @Override
        public ScopeDescriptor describeScope() {
            return descriptor;
        }
    }
}
