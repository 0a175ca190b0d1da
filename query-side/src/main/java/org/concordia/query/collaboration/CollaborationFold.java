package org.concordia.query.collaboration;

import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.CollaborationRegistered;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.collaboration.IssueNumberAllocated;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberChanged;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.collaboration.PartyRegistered;
import org.concordia.kernel.collaboration.query.CollaborationView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a collaboration's events become its view: used by the live projection (which stores the result)
 * and by the as-of rebuild (which folds the events up to an instant in memory).
 */
public final class CollaborationFold {

    private CollaborationFold() {
    }

    /** The view after {@code event} (aggregate sequence {@code sequence}, recorded at {@code at}). */
    public static CollaborationView next(CollaborationView view, CollaborationEvent event, long sequence, Instant at) {
        if (event instanceof CollaborationRegistered registered) {
            return new CollaborationView(registered.collaborationId(), registered.key(), registered.name(),
                                         registered.kind(), registered.description(), at,
                                         registered.actor().username(), List.of(), List.of(),
                                         new CollaborationView.Ladder(0, List.of(), null), 0, sequence);
        }
        if (view == null) {
            throw new IllegalStateException("collaboration " + event.collaborationId() + " has "
                                            + event.getClass().getSimpleName() + " before it was registered");
        }
        if (event instanceof PartyRegistered party) {
            List<CollaborationView.Party> parties = new ArrayList<>(view.parties());
            parties.add(new CollaborationView.Party(party.partyId(), party.name(), party.role(), at));
            return with(view, parties, view.members(), view.governance(), view.issueCount(), sequence);
        }
        if (event instanceof MemberAdded added) {
            List<CollaborationView.Member> members = new ArrayList<>(view.members());
            members.removeIf(m -> m.username().equals(added.username()) && m.active());
            members.add(new CollaborationView.Member(added.username(), added.partyId(), added.roles(), at, null));
            return with(view, view.parties(), members, view.governance(), view.issueCount(), sequence);
        }
        if (event instanceof MemberRemoved removed) {
            List<CollaborationView.Member> members = new ArrayList<>();
            for (CollaborationView.Member member : view.members()) {
                members.add(member.username().equals(removed.username()) && member.active()
                                    ? new CollaborationView.Member(member.username(), member.partyId(),
                                                                   member.roles(), member.addedAt(), at)
                                    : member);
            }
            return with(view, view.parties(), members, view.governance(), view.issueCount(), sequence);
        }
        if (event instanceof MemberChanged changed) {
            List<CollaborationView.Member> members = new ArrayList<>();
            for (CollaborationView.Member member : view.members()) {
                members.add(member.username().equals(changed.username()) && member.active()
                                    ? new CollaborationView.Member(member.username(), changed.partyId(),
                                                                   changed.roles(), member.addedAt(), null)
                                    : member);
            }
            return with(view, view.parties(), members, view.governance(), view.issueCount(), sequence);
        }
        if (event instanceof GovernanceLadderDefined ladder) {
            return with(view, view.parties(), view.members(),
                        new CollaborationView.Ladder(ladder.ladderVersion(), ladder.tiers(), at,
                                                     ladder.entryRoutes(), ladder.reason()),
                        view.issueCount(), sequence);
        }
        if (event instanceof IssueNumberAllocated allocated) {
            return with(view, view.parties(), view.members(), view.governance(), allocated.number(), sequence);
        }
        throw new IllegalArgumentException("unknown collaboration event " + event.getClass().getName());
    }

    private static CollaborationView with(CollaborationView view, List<CollaborationView.Party> parties,
                                          List<CollaborationView.Member> members, CollaborationView.Ladder ladder,
                                          long issueCount, long version) {
        return new CollaborationView(view.id(), view.key(), view.name(), view.kind(), view.description(),
                                     view.registeredAt(), view.registeredBy(), List.copyOf(parties),
                                     List.copyOf(members), ladder, issueCount, version);
    }
}
