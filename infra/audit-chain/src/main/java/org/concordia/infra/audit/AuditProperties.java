package org.concordia.infra.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Audit integrity settings ({@code concordia.audit.*}).
 *
 * @param checkpointEvery    sign a checkpoint once this many new events are chained (at the end of the commit
 *                           that reaches it) …
 * @param checkpointInterval … or after this long, whichever comes first (only when there are new events)
 * @param signingKey         a PEM file holding the Ed25519 {@code PRIVATE KEY} (PKCS#8) and its {@code PUBLIC KEY};
 *                           unset: {@code <data-dir>/audit-signing-key.pem}, generated at first start
 * @param pollInterval       how often the chain writer looks for new commits
 * @param gapSkipAfter       how long an allocated position that never became visible holds the chain back before it
 *                           is skipped (and recorded as skipped)
 * @param batchSize          commits read per lookup
 * @param leaseDuration      how long the node writing the chain holds its lease without renewing it: after a crash,
 *                           another node takes the chain over within this time (it renews at a third of it)
 */
@ConfigurationProperties("concordia.audit")
public record AuditProperties(@DefaultValue("1000") int checkpointEvery,
                              @DefaultValue("60s") Duration checkpointInterval,
                              Path signingKey,
                              @DefaultValue("500ms") Duration pollInterval,
                              @DefaultValue("60s") Duration gapSkipAfter,
                              @DefaultValue("256") int batchSize,
                              @DefaultValue("30s") Duration leaseDuration) {

    public AuditProperties {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("concordia.audit.checkpoint-every: must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("concordia.audit.batch-size: must be at least 1");
        }
        if (leaseDuration == null || leaseDuration.compareTo(pollInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("concordia.audit.lease-duration: must be at least three poll intervals");
        }
    }
}
