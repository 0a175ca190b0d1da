package org.concordia.kernel.collaboration;

import org.concordia.kernel.shared.ActorContext;

/** Every event of the Collaboration aggregate. All carry the collaboration id and the actor. */
public sealed interface CollaborationEvent
        permits CollaborationRegistered, PartyRegistered, MemberAdded, MemberRemoved,
        GovernanceLadderDefined, IssueNumberAllocated, MemberChanged {

    String collaborationId();

    ActorContext actor();
}
