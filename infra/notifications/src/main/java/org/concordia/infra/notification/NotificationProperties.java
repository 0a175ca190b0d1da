package org.concordia.infra.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;

/**
 * Email notification settings ({@code concordia.mail.*}). Without a {@code host} nothing is sent: notices are still
 * derived for the people who asked for email (so the workspace can preview a digest), and the outbox is pruned.
 *
 * @param host           the SMTP server; empty: no mail is sent
 * @param port           its port
 * @param username       SMTP user (empty: no authentication)
 * @param password       SMTP password
 * @param starttls       require STARTTLS
 * @param from           the sender address
 * @param baseUrl        where the workspace is reached, for links in mail (e.g. {@code https://concordia.example.org})
 * @param digestAt       time of day (UTC) the daily digest is sent
 * @param digestEvery    the digest period (a day; shorter only for tests)
 * @param maxAge         events older than this when they are processed notify no one (a new node, a reset or a
 *                       restored backup never floods mailboxes with the past)
 * @param retention      how long outbox entries are kept, sent or not (never sent by then: given up)
 * @param slaWarning     how long before an SLA falls due its body is warned (at most half the SLA)
 * @param pollInterval   how often the sender looks for due mail
 * @param scanInterval   how often open issues are scanned for SLAs about to breach and overdue actions
 * @param leaseDuration  how long one node is the sender without renewing (fail-over time)
 * @param maxAttempts    attempts per mail before it is given up (the first one included)
 * @param initialBackoff wait after the first failed attempt (doubling with each further one)
 * @param maxBackoff     longest wait between two attempts
 * @param timeout        SMTP connect and read timeout
 */
@ConfigurationProperties("concordia.mail")
public record NotificationProperties(String host,
                                     @DefaultValue("25") int port,
                                     String username,
                                     String password,
                                     @DefaultValue("false") boolean starttls,
                                     @DefaultValue("concordia@localhost") String from,
                                     @DefaultValue("http://localhost:8080") String baseUrl,
                                     @DefaultValue("06:00") LocalTime digestAt,
                                     @DefaultValue("1d") Duration digestEvery,
                                     @DefaultValue("1d") Duration maxAge,
                                     @DefaultValue("7d") Duration retention,
                                     @DefaultValue("12h") Duration slaWarning,
                                     @DefaultValue("10s") Duration pollInterval,
                                     @DefaultValue("5m") Duration scanInterval,
                                     @DefaultValue("60s") Duration leaseDuration,
                                     @DefaultValue("8") int maxAttempts,
                                     @DefaultValue("30s") Duration initialBackoff,
                                     @DefaultValue("1h") Duration maxBackoff,
                                     @DefaultValue("10s") Duration timeout) {

    public NotificationProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("concordia.mail.max-attempts must be at least 1");
        }
        if (digestEvery.isNegative() || digestEvery.isZero()) {
            throw new IllegalArgumentException("concordia.mail.digest-every must be positive");
        }
        if (retention.compareTo(maxAge) <= 0) {
            throw new IllegalArgumentException("concordia.mail.retention must be longer than concordia.mail.max-age, "
                                               + "or a redelivered event could notify again");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Whether an SMTP server is configured. */
    public boolean sends() {
        return host != null && !host.isBlank();
    }

    /** Defaults, for tests that build the module by hand. */
    public static NotificationProperties defaults() {
        return new NotificationProperties(null, 25, null, null, false, "concordia@localhost", "http://localhost:8080",
                                          LocalTime.of(6, 0), Duration.ofDays(1), Duration.ofDays(1),
                                          Duration.ofDays(7), Duration.ofHours(12), Duration.ofSeconds(10),
                                          Duration.ofMinutes(5), Duration.ofSeconds(60), 8, Duration.ofSeconds(30),
                                          Duration.ofHours(1), Duration.ofSeconds(10));
    }
}
