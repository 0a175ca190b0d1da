package org.concordia.kernel.issue;

import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.shared.Check;

/**
 * The tier an issue sits at, captured from the ladder when the issue entered it: {@code level} is 1-based,
 * {@code ladderVersion} names the ladder definition it was taken from. Open issues keep it even if the
 * ladder changes.
 */
public record TierSnapshot(int level, int ladderVersion, GovernanceTier tier) {

    public TierSnapshot {
        Check.atLeast("level", level, 1);
        Check.atLeast("ladderVersion", ladderVersion, 1);
        Check.notNull("tier", tier);
    }
}
