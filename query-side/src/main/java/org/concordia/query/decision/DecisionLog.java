package org.concordia.query.decision;

import java.util.List;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.query.DecisionRegister.Entry;
import org.concordia.kernel.issue.query.DecisionRegister.Recusal;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.query.issue.IssueState;
import org.concordia.query.support.Members;

/**
 * The decision register's logic: which event decides a proposal ({@link #effectOf}) and how it is recorded with
 * the recusals as the collaboration's membership stood then ({@link #record}). Pure; used live and as of.
 */
public final class DecisionLog {

    /** Collaboration-level state: members (for recusals) and how many entries the register has. */
    public Members members = new Members();
    public long count;

    /** A decided proposal, before recusals are known. Null fields when the event decided nothing. */
    public record Effect(Entry entry, List<String> tierMembers, List<String> involvedParties, boolean conflict) {
        static final Effect NONE = new Effect(null, List.of(), List.of(), false);
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
            boolean wasOpen = openBefore.contains(p.id());
            if (!wasOpen || !(p.status().equals("ADOPTED") || p.status().equals("REJECTED"))) {
                continue;
            }
            boolean adopted = p.status().equals("ADOPTED");
            int quorum = adopted ? after.decision.quorum() : after.tier.tier().decisionRule().participationQuorum();
            String tierName = adopted ? after.decision.tierName() : after.tier.tier().name();
            Entry entry = new Entry(after.id, after.key, p.id(), p.status(), p.summary(), p.text(), p.tier(), tierName,
                    quorum, p.votes(), List.of(), adopted ? null : after.rejectionReasons.get(p.id()), after.updatedBy,
                    after.updatedAt);
            return new Effect(entry, after.tier.tier().members(), List.copyOf(after.involvedParties),
                    after.type == IssueType.CONFLICT);
        }
        return Effect.NONE;
    }

    /** The entry as registered: with the body members recused because their party is involved in the conflict. */
    public Entry record(Effect effect) {
        Entry e = effect.entry();
        List<Recusal> recusals = !effect.conflict() ? List.of() : effect.tierMembers().stream()
                .filter(m -> members.party(m) != null && effect.involvedParties().contains(members.party(m)))
                .map(m -> new Recusal(m, members.party(m))).toList();
        count++;
        return new Entry(e.issueId(), e.issueKey(), e.proposalId(), e.outcome(), e.summary(), e.rationale(), e.tier(),
                e.tierName(), e.quorum(), e.votes(), recusals, e.reason(), e.decidedBy(), e.decidedAt());
    }
}
