package org.concordia.kernel.collaboration;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.concordia.kernel.shared.Check;

/**
 * One rung of the governance ladder: a body (usernames sitting on it), its SLAs and its quorum of
 * APPROVE votes. Quorum cannot exceed the body's size, or no proposal could ever be adopted.
 */
public record GovernanceTier(String name, List<String> members, Duration acknowledgeWithin,
                             Duration resolveWithin, int quorum) {

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

    private static void positive(String field, Duration duration) {
        Check.notNull(field, duration);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
    }
}
