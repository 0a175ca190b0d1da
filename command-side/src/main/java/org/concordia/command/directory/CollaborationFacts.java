package org.concordia.command.directory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.TierSnapshot;

/** An immutable view of a collaboration at one moment. {@code members} holds active members only. */
public record CollaborationFacts(String collaborationId, String key, Map<String, MemberFacts> members,
                                 Map<String, PartyFacts> parties, int ladderVersion,
                                 List<GovernanceTier> ladder) {

    public CollaborationFacts {
        members = Map.copyOf(members);
        parties = Map.copyOf(parties);
        ladder = List.copyOf(ladder);
    }

    public Optional<MemberFacts> member(String username) {
        return Optional.ofNullable(members.get(username));
    }

    /** The tier at 1-based {@code level} of the current ladder, if the ladder has that many tiers. */
    public Optional<TierSnapshot> tier(int level) {
        if (level < 1 || level > ladder.size()) {
            return Optional.empty();
        }
        return Optional.of(new TierSnapshot(level, ladderVersion, ladder.get(level - 1)));
    }
}
