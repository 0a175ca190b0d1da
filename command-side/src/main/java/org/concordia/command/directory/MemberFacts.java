package org.concordia.command.directory;

import java.util.Set;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.shared.ActorContext;

/** An active member: one party (null only for a founding coordinator not yet affiliated) and roles. */
public record MemberFacts(String username, String partyId, Set<MemberRole> roles) {

    public MemberFacts {
        roles = Set.copyOf(roles);
    }

    public boolean canWrite() {
        return MemberRole.canWrite(roles);
    }

    public boolean isCoordinator() {
        return roles.contains(MemberRole.COORDINATOR);
    }

    public ActorContext toActor() {
        return new ActorContext(username, partyId, roles);
    }
}
