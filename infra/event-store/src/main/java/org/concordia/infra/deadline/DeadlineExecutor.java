package org.concordia.infra.deadline;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ExecutionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static java.lang.String.format;

/**
 * Runs a claimed deadline like Axon's {@code SimpleDeadlineManager} (unit of work, transaction manager, handler
 * interceptors, scope-aware provider), then removes it; a failing one is retried with exponential backoff and, after
 * {@code maxAttempts}, kept with status FAILED (and logged).
 */
final class DeadlineExecutor {

    private static final Logger logger = LoggerFactory.getLogger(DeadlineExecutor.class);

    private final DeadlineStore store;
    private final ScopeAwareProvider scopeAwareProvider;
    private final TransactionManager transactionManager;
    private final DeadlineManagerSpanFactory spanFactory;
    private final Supplier<List<MessageHandlerInterceptor<? super DeadlineMessage<?>>>> handlerInterceptors;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialRetryDelay;
    private final Duration maxRetryDelay;

    DeadlineExecutor(DeadlineStore store, ScopeAwareProvider scopeAwareProvider, TransactionManager transactionManager,
                     DeadlineManagerSpanFactory spanFactory,
                     Supplier<List<MessageHandlerInterceptor<? super DeadlineMessage<?>>>> handlerInterceptors,
                     Clock clock, int maxAttempts, Duration initialRetryDelay, Duration maxRetryDelay) {
        this.store = store;
        this.scopeAwareProvider = scopeAwareProvider;
        this.transactionManager = transactionManager;
        this.spanFactory = spanFactory;
        this.handlerInterceptors = handlerInterceptors;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.initialRetryDelay = initialRetryDelay;
        this.maxRetryDelay = maxRetryDelay;
    }

    void execute(long bucket, Document item, Document entry) {
        String id = entry.getString("_id");
        String name = entry.getString("name");
        long version = entry.get("version", Number.class).longValue();
        Throwable failure;
        try {
            failure = invokeHandlers(id, name, entry);
        } catch (Throwable e) {
            failure = e;
        }
        if (failure == null) {
            store.remove(id, version, entry.getString("scopeKey"), bucket, item);
        } else {
            handleFailure(bucket, item, entry, version, failure);
        }
    }

    /** Runs the deadline like {@code SimpleDeadlineManager.DeadlineTask}; returns the failure, or null on success. */
    private Throwable invokeHandlers(String id, String name, Document entry) {
        DeadlineMessage<?> message = store.message(entry);
        ScopeDescriptor scope = store.scope(entry);
        Span span = spanFactory.createExecuteSpan(name, id, message).start();
        try (SpanScope unused = span.makeCurrent()) {
            UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
            unitOfWork.attachTransaction(transactionManager);
            unitOfWork.onRollback(uow -> span.recordException(uow.getExecutionResult().getExceptionResult()));
            InterceptorChain chain = new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors.get(), m -> {
                executeScheduledDeadline(m, scope);
                return null;
            });
            ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
            return result.isExceptional() ? result.exceptionResult() : null;
        } catch (Exception e) {
            span.recordException(e);
            return e;
        } finally {
            span.end();
        }
    }

    private void executeScheduledDeadline(DeadlineMessage<?> deadlineMessage, ScopeDescriptor deadlineScope) {
        scopeAwareProvider.provideScopeAwareStream(deadlineScope)
                          .filter(component -> component.canResolve(deadlineScope))
                          .forEach(component -> {
                              try {
                                  component.send(deadlineMessage, deadlineScope);
                              } catch (Exception e) {
                                  throw new ExecutionException(format(
                                          "Failed to send a DeadlineMessage for scope [%s]",
                                          deadlineScope.scopeDescription()), e);
                              }
                          });
    }

    private void handleFailure(long bucket, Document item, Document entry, long version, Throwable failure) {
        String id = entry.getString("_id");
        String name = entry.getString("name");
        int attempts = entry.getInteger("attempts", 0) + 1;
        Instant now = clock.instant();
        String error = describe(failure);
        if (attempts >= maxAttempts) {
            store.markFailed(entry, version, attempts, error, now, bucket, item);
            logger.error("Deadline [{}] with id [{}] failed {} times; marked FAILED and kept in the database",
                         name, id, attempts, failure);
            return;
        }
        long delay = initialRetryDelay.toMillis();
        for (int i = 1; i < attempts && delay < maxRetryDelay.toMillis(); i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxRetryDelay.toMillis());
        long nextDue = now.toEpochMilli() + delay;
        store.reschedule(entry, version, attempts, error, nextDue, bucket, item);
        logger.warn("Deadline [{}] with id [{}] failed (attempt {} of {}); retrying at [{}]",
                    name, id, attempts, maxAttempts, Instant.ofEpochMilli(nextDue), failure);
    }

    /** The failure and its causes, one line, at most 2000 characters: what {@code lastError} records. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- caused by: ");
            }
            text.append(t);
        }
        return text.length() > 2000 ? text.substring(0, 2000) : text.toString();
    }
}
