package org.concordia.infra.integration.webhook;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.concordia.infra.integration.webhook.WebhookStore.Delivery;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The HTTP side of webhook delivery: signs one delivery (Standard Webhooks headers), posts it without holding a
 * thread, and says in a line what went wrong when it failed. The scheduling is {@link WebhookDeliveryEngine}'s.
 */
final class WebhookSender {

    // the engine's logger: operators tune webhook logging by one name
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryEngine.class);

    private final SecretCipher cipher;
    private final WebhookProperties properties;
    private final Clock clock;
    private final JsonFormat json = new JsonFormat();
    private final HttpClient http;

    WebhookSender(SecretCipher cipher, WebhookProperties properties, Clock clock) {
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                              .connectTimeout(properties.connectTimeout())
                              .followRedirects(HttpClient.Redirect.NEVER) // a redirect could point inside
                              .version(HttpClient.Version.HTTP_1_1)
                              .build();
    }

    /**
     * Signs {@code event} as delivery {@code d} of {@code s} and posts it to the subscription's URL. {@code done}
     * runs on {@code executor} with the response, or with no response and a one-line description of the failure
     * (a delivery that cannot be signed, e.g. because the secret key changed, is a failed attempt, not a stuck line).
     */
    void send(Subscription s, Delivery d, CloudEvent event, Executor executor,
              BiConsumer<HttpResponse<?>, String> done) {
        byte[] body;
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            body = json.serialize(event);
            signature = WebhookSignature.sign(cipher.decrypt(s.sealedSecret(), s.id()), d.id(), timestamp, body);
        } catch (RuntimeException e) {
            log.warn("webhook subscription {}: cannot prepare delivery {}", s.id(), d.id(), e);
            executor.execute(() -> done.accept(null, "cannot sign: " + e.getMessage()));
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.url()))
                                         .timeout(properties.requestTimeout())
                                         .header("Content-Type", JsonFormat.CONTENT_TYPE + "; charset=utf-8")
                                         .header("User-Agent", "Concordia-Webhooks/1")
                                         .header("webhook-id", d.id())
                                         .header("webhook-timestamp", Long.toString(timestamp))
                                         .header("webhook-signature", signature)
                                         .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                         .build();
        // The request timeout covers the headers; this bounds the whole exchange, body included.
        Duration hardLimit = properties.connectTimeout().plus(properties.requestTimeout()).plusSeconds(1);
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .orTimeout(hardLimit.toMillis(), TimeUnit.MILLISECONDS)
            .whenCompleteAsync((response, failure) -> done.accept(response, failure == null ? null : describe(failure)),
                               executor);
    }

    /** How long the endpoint asked to be left alone ({@code Retry-After}), capped; empty if it did not say. */
    Optional<Duration> retryAfter(HttpResponse<?> response, Instant now) {
        return RetryAfter.of(response, now, properties.maxRetryAfter());
    }

    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "timed out";
        }
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
