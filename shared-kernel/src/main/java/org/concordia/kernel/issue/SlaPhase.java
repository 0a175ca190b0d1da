package org.concordia.kernel.issue;

/** Which SLA of a tier: acknowledgeWithin or resolveWithin (both measured from entering the tier). */
public enum SlaPhase {
    ACKNOWLEDGE, RESOLVE
}
