package org.concordia.kernel.collaboration;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.concordia.kernel.shared.Check;

/**
 * One rung of the governance ladder: a body (usernames sitting on it), its SLAs and its quorum of
 * APPROVE votes. Quorum cannot exceed the body's size, or no proposal could ever be adopted.
 * <p>
 * A new ladder's SLAs are at most {@link #LONGEST_SLA} ({@link DefineGovernanceLadder} checks it, not this record,
 * which also reads back ladders recorded before the bound existed); people set them from
 * {@link #SHORTEST_SLA_MINUTES} minute up (checked at the HTTP edge: shorter is a typo, but tests and tools may
 * use seconds).
 */
public record GovernanceTier(String name, List<String> members, Duration acknowledgeWithin,
                             Duration resolveWithin, int quorum) {

    public static final long SHORTEST_SLA_MINUTES = 1;
    public static final long LONGEST_SLA_DAYS = 3650;
    /** Ten years: longer is no SLA, and far longer overflows the timers (a raise then fails). */
    public static final Duration LONGEST_SLA = Duration.ofDays(LONGEST_SLA_DAYS);

    public GovernanceTier {
        Check.text("name", name, Check.NAME_MAX);
        Check.noNulls("members", Check.notEmpty("members", members));
        members.forEach(m -> Check.id("members", m));
        if (new LinkedHashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("members: must not contain duplicates");
        }
        members = List.copyOf(members);
        positive("acknowledgeWithin", acknowledgeWithin);
        positive("resolveWithin", resolveWithin);
        Check.atLeast("quorum", quorum, 1);
        if (quorum > members.size()) {
            throw new IllegalArgumentException("quorum: must not exceed the number of members (" + members.size() + ")");
        }
    }

    /** @throws IllegalArgumentException naming {@code field} when an SLA is longer than {@link #LONGEST_SLA} */
    public void requireSlasAtMost(String field, Duration longest) {
        atMost(field + ".acknowledgeWithin", acknowledgeWithin, longest);
        atMost(field + ".resolveWithin", resolveWithin, longest);
    }

    private static void atMost(String field, Duration duration, Duration longest) {
        if (duration.compareTo(longest) > 0) {
            throw new IllegalArgumentException(field + ": must be at most " + longest);
        }
    }

    private static void positive(String field, Duration duration) {
        Check.notNull(field, duration);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
    }
}
