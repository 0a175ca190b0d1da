package org.concordia.query.decision;

import java.util.List;
import java.util.Set;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.query.DecisionRegister.Entry;
import org.concordia.kernel.issue.query.DecisionRegister.Recusal;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.query.issue.IssueState;
import org.concordia.query.support.Members;

/**
 * The decision register's logic: which event decides a proposal ({@link #effectOf}) and how it is recorded
 * ({@link #record}): with the recusals frozen when its ballot opened, or — for ballots opened before decision rules —
 * judged with the collaboration's membership as it stood then. Pure; used live and as of.
 */
public final class DecisionLog {

    private static final Set<String> DECIDED = Set.of("ADOPTED", "REJECTED", "NO_QUORUM", "SUPERSEDED");

    /** Collaboration-level state: members (for recusals) and how many entries the register has. */
    public Members members = new Members();
    public long count;

    /** A decided proposal, before recusals are known. Null fields when the event decided nothing. */
    public record Effect(Entry entry, List<String> tierMembers, List<String> involvedParties, boolean conflict,
                         List<org.concordia.kernel.issue.Recusal> frozenRecusals) {
        static final Effect NONE = new Effect(null, List.of(), List.of(), false, null);
    }

    public static Effect effectOf(IssueState before, IssueState after) {
        return effectOf(openProposals(before), after);
    }

    /** Ids of the issue's open proposals: all {@link #effectOf} needs of the issue before an event. */
    public static List<String> openProposals(IssueState before) {
        return before == null ? List.of() : before.proposals.stream().filter(p -> p.status().equals("OPEN"))
                .map(ProposalView::id).toList();
    }

    public static Effect effectOf(List<String> openBefore, IssueState after) {
        for (ProposalView p : after.proposals) {
            if (!openBefore.contains(p.id()) || !DECIDED.contains(p.status())) {
                continue;
            }
            boolean adopted = p.status().equals("ADOPTED");
            String tierName = adopted ? after.decision.tierName() : after.tier.level() == p.tier()
                    ? after.tier.tier().name() : null;
            int quorum = p.rule() != null ? p.rule().participationQuorum()
                    : after.tier.tier().decisionRule().participationQuorum();
            Entry entry = new Entry(after.id, after.key, p.id(), p.status(), p.summary(), p.text(), p.tier(),
                    tierName, quorum, p.votes(), List.of(), adopted ? null : after.rejectionReasons.get(p.id()),
                    after.updatedBy, after.updatedAt, p.rule(), p.tally(), p.closure(),
                    adopted ? after.decision.closingSignature() : null,
                    after.restrictedToTiers.isEmpty() ? null : after.visibility());
            // recusals are frozen with the ballot; null on a ballot opened before decision rules
            return new Effect(entry, p.voters() != null ? p.voters() : after.tier.tier().members(),
                    List.copyOf(after.involvedParties), after.type == IssueType.CONFLICT, p.recusals());
        }
        return Effect.NONE;
    }

    /** The entry as registered, with the members of the ballot's body who could not vote. */
    public Entry record(Effect effect) {
        Entry e = effect.entry();
        List<Recusal> recusals = effect.frozenRecusals() != null
                ? effect.frozenRecusals().stream().map(r -> new Recusal(r.username(), r.partyId(), r.ground().name(),
                        r.reason())).toList()
                : !effect.conflict() ? List.of() : effect.tierMembers().stream()
                        .filter(m -> members.party(m) != null && effect.involvedParties().contains(members.party(m)))
                        .map(m -> new Recusal(m, members.party(m))).toList();
        count++;
        return new Entry(e.issueId(), e.issueKey(), e.proposalId(), e.outcome(), e.summary(), e.rationale(), e.tier(),
                e.tierName(), e.quorum(), e.votes(), recusals, e.reason(), e.decidedBy(), e.decidedAt(), e.rule(),
                e.tally(), e.closure(), e.closingSignature(), e.visibleTo());
    }

    /** Whether a viewer holding {@code viewerKeys} (null: everything) may see the entry. */
    public static boolean visible(Entry entry, Set<String> viewerKeys) {
        return Viewer.opens(viewerKeys, entry.visibleTo());
    }
}
