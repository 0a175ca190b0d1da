package org.concordia.kernel.collaboration.query;

import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A collaboration as the read side knows it. {@code members} keeps removed members (with {@code removedAt}),
 * because history refers to them; {@code version} is the aggregate's sequence number last applied.
 */
public record CollaborationView(String id, String key, String name, CollaborationKind kind, String description,
                                Instant registeredAt, String registeredBy, List<Party> parties,
                                List<Member> members, Ladder governance, long issueCount, long version) {

    public record Party(String partyId, String name, PartyRole role, Instant registeredAt) {
    }

    public record Member(String username, String partyId, Set<MemberRole> roles, Instant addedAt,
                         Instant removedAt) {
        public boolean active() {
            return removedAt == null;
        }
    }

    /**
     * The ladder in force; {@code version} 0 means none defined yet. {@code entryRoutes}: where issues enter by
     * category and severity; {@code reason}: why it was last changed.
     */
    public record Ladder(int version, List<GovernanceTier> tiers, Instant definedAt, List<EntryRoute> entryRoutes,
                         String reason) {

        public Ladder(int version, List<GovernanceTier> tiers, Instant definedAt) {
            this(version, tiers, definedAt, List.of(), null);
        }

        /** The names of the tiers {@code username} sits on. */
        public java.util.Set<String> tiersOf(String username) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            tiers.stream().filter(t -> t.members().contains(username)).forEach(t -> names.add(t.name()));
            return names;
        }
    }

    public Optional<Member> activeMember(String username) {
        return members.stream().filter(m -> m.username().equals(username) && m.active()).findFirst();
    }
}
