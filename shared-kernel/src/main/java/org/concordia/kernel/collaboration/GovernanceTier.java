package org.concordia.kernel.collaboration;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.concordia.kernel.shared.Check;

/**
 * One rung of the governance ladder: a body (usernames sitting on it), its chair (one of them; null only on tiers
 * defined before chairs existed), its SLAs and its {@link DecisionRule}. The participation quorum cannot exceed the
 * body's size, or no ballot could ever decide.
 * <p>
 * A new ladder's SLAs are at most {@link #LONGEST_SLA} ({@link DefineGovernanceLadder} checks it, not this record,
 * which also reads back ladders recorded before the bound existed); people set them from
 * {@link #SHORTEST_SLA_MINUTES} minute up (checked at the HTTP edge: shorter is a typo, but tests and tools may
 * use seconds).
 */
public record GovernanceTier(String name, List<String> members, String chair, Duration acknowledgeWithin,
                             Duration resolveWithin, DecisionRule decisionRule) {

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
        if (chair != null && !members.contains(chair)) {
            throw new IllegalArgumentException("chair: must be one of the tier's members");
        }
        positive("acknowledgeWithin", acknowledgeWithin);
        positive("resolveWithin", resolveWithin);
        Check.notNull("decisionRule", decisionRule);
        if (decisionRule.participationQuorum() > members.size()) {
            throw new IllegalArgumentException("decisionRule.participationQuorum: must not exceed the number of "
                                               + "members (" + members.size() + ")");
        }
        if (decisionRule.chairHasCastingVote() && chair == null) {
            throw new IllegalArgumentException("chair: a casting vote needs a chair");
        }
    }

    /** A tier as defined before decision rules: {@code quorum} APPROVE votes, read as {@link DecisionRule#fromApprovalQuorum}. */
    public GovernanceTier(String name, List<String> members, Duration acknowledgeWithin, Duration resolveWithin,
                          int quorum) {
        this(name, members, null, acknowledgeWithin, resolveWithin, legacyRule(quorum));
    }

    private static DecisionRule legacyRule(int quorum) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum: must be at least 1");
        }
        return DecisionRule.fromApprovalQuorum(quorum);
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
