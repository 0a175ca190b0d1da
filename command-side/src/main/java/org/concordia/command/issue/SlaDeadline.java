package org.concordia.command.issue;

import org.concordia.kernel.issue.SlaPhase;

/**
 * Payload of an SLA deadline. It names the tier level, the phase and the issue's tier-entry counter
 * ({@code epoch}: 0 when raised, +1 on every escalation or reopening) it was scheduled for, so that a
 * deadline which outlived its situation (missed cancellation, redelivery) is recognised as stale and ignored.
 */
public record SlaDeadline(String issueId, int tier, SlaPhase phase, int epoch) {
}
