package org.concordia.infra.integration.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Webhook delivery settings ({@code concordia.webhooks.*}).
 *
 * @param enabled               whether this node delivers (the API works either way)
 * @param allowPrivateNetworks  allow loopback, private, link-local… targets (off: SSRF protection)
 * @param secretKey             base64 of a 32-byte AES key encrypting subscription secrets at rest; empty = a key
 *                              generated once into the data directory (set it explicitly when several nodes share
 *                              one MongoDB)
 * @param maxAttempts           attempts per delivery before it is dead-lettered (the first one included)
 * @param initialBackoff        wait after the first failed attempt
 * @param backoffMultiplier     growth of the wait per further failure
 * @param backoffJitter         randomisation factor of each wait (0.25 = ±25 %)
 * @param maxBackoff            longest wait between two attempts
 * @param maxRetryAfter         longest {@code Retry-After} honoured (a longer one is cut to this)
 * @param connectTimeout        TCP/TLS connect timeout
 * @param requestTimeout        time allowed for the response headers after sending
 * @param pollInterval          how often a node looks for due work (new feed entries, due retries)
 * @param leaseDuration         how long a node owns a subscription without renewing (fail-over time)
 * @param feedBatch             feed entries read per step when looking for matching events
 * @param workers               threads running delivery steps (HTTP itself is asynchronous)
 */
@ConfigurationProperties("concordia.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled,
                                @DefaultValue("false") boolean allowPrivateNetworks,
                                String secretKey,
                                @DefaultValue("8") int maxAttempts,
                                @DefaultValue("10s") Duration initialBackoff,
                                @DefaultValue("3.0") double backoffMultiplier,
                                @DefaultValue("0.25") double backoffJitter,
                                @DefaultValue("6h") Duration maxBackoff,
                                @DefaultValue("6h") Duration maxRetryAfter,
                                @DefaultValue("5s") Duration connectTimeout,
                                @DefaultValue("15s") Duration requestTimeout,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("60s") Duration leaseDuration,
                                @DefaultValue("100") int feedBatch,
                                @DefaultValue("4") int workers) {

    public WebhookProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("concordia.webhooks.max-attempts must be at least 1");
        }
        if (leaseDuration.compareTo(connectTimeout.plus(requestTimeout).multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "concordia.webhooks.lease-duration must be at least twice connect-timeout + request-timeout");
        }
    }

    /** Defaults, for tests and tools that build the engine by hand. */
    public static WebhookProperties defaults() {
        return new WebhookProperties(true, false, null, 8, Duration.ofSeconds(10), 3.0, 0.25, Duration.ofHours(6),
                                     Duration.ofHours(6), Duration.ofSeconds(5), Duration.ofSeconds(15),
                                     Duration.ofSeconds(1), Duration.ofSeconds(60), 100, 4);
    }
}
