package org.concordia.query.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.issue.query.IssueView.DecisionView;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.kernel.issue.query.IssueView.VoteView;

/** How proposals and their ballots fold into an {@link IssueState}. */
final class ProposalFold {

    private ProposalFold() {
    }

    static boolean handles(IssueEvent event) {
        return event instanceof ResolutionProposed || event instanceof VoteCast || event instanceof ProposalAdopted
               || event instanceof ProposalRejected || event instanceof ProposalSuperseded;
    }

    static void on(IssueState s, IssueEvent event, Instant at) {
        String by = event.actor().username();
        if (event instanceof ResolutionProposed e) {
            // a proposal made before decision rules is decided by the tier the issue sat at
            GovernanceTier body = e.body() == null ? s.tier.tier() : e.body().tier();
            DecisionRule rule = body.decisionRule();
            s.proposals.add(new ProposalView(e.proposalId(), e.summary(), e.text(), "OPEN", e.tier(), by, at,
                    List.of(), body.members(), body.chair(), rule, e.body() == null ? null : e.recusals(),
                    rule.votingPeriod() == null ? null : at.plus(rule.votingPeriod()), null, null, null));
            s.status = IssueStatus.RESOLUTION_PROPOSED;
        } else if (event instanceof VoteCast e) {
            ProposalView p = s.proposal(e.proposalId());
            List<VoteView> votes = new ArrayList<>(p.votes());
            votes.add(new VoteView(by, e.actor().partyId(), e.vote().name(), e.comment(), at, e.signature(), null));
            replace(s, with(p, p.status(), List.copyOf(votes), p.tally(), p.closure(), p.outcomeReason()));
        } else if (event instanceof ProposalAdopted e) {
            Decision d = e.decision();
            ProposalView p = closed(s, e.proposalId(), "ADOPTED", d.votes(), d.tally(), d.closure(), null);
            s.decision = new DecisionView(d.proposalId(), d.summary(), d.rationale(), d.tier(), d.tierName(),
                    d.rule().participationQuorum(), p.votes(), by, at, d.rule(), d.tally(), d.closure().name(),
                    e.closingSignature());
            s.status = IssueStatus.RESOLVED;
            if (s.firstResolvedAt == null) {
                s.firstResolvedAt = at;
            }
        } else if (event instanceof ProposalRejected e) {
            String status = e.outcome() == BallotOutcome.NO_QUORUM ? "NO_QUORUM" : "REJECTED";
            closed(s, e.proposalId(), status, e.votes(), e.tally(), e.closure(), e.reason());
            s.rejectionReasons.put(e.proposalId(), e.reason());
            s.status = IssueStatus.ACKNOWLEDGED;
        } else if (event instanceof ProposalSuperseded e) {
            closed(s, e.proposalId(), "SUPERSEDED", e.votes(), e.tally(), null, e.reason());
            s.rejectionReasons.put(e.proposalId(), e.reason());
        }
    }

    /** The proposal closed: its votes take the flags the closing event recorded. */
    private static ProposalView closed(IssueState s, String proposalId, String status, List<Ballot> ballots,
                                       Tally tally, BallotClosure closure, String reason) {
        ProposalView p = s.proposal(proposalId);
        List<VoteView> votes = new ArrayList<>();
        for (VoteView v : p.votes()) {
            String flag = ballots.stream().filter(b -> b.username().equals(v.username())).map(Ballot::flag)
                                 .filter(f -> f != null).findFirst().orElse(v.flag());
            votes.add(new VoteView(v.username(), v.partyId(), v.vote(), v.comment(), v.at(), v.signature(), flag));
        }
        ProposalView updated = with(p, status, List.copyOf(votes), tally, closure == null ? null : closure.name(),
                reason);
        replace(s, updated);
        return updated;
    }

    /** Flags the votes of {@code usernames} on the open proposal, if they voted on it. */
    static void flagVotes(IssueState s, List<String> usernames, String why) {
        ProposalView p = s.openProposal();
        if (p == null || usernames.isEmpty()) {
            return;
        }
        List<VoteView> votes = p.votes().stream().map(v -> usernames.contains(v.username()) && v.flag() == null
                ? new VoteView(v.username(), v.partyId(), v.vote(), v.comment(), v.at(), v.signature(), why) : v)
                .toList();
        replace(s, with(p, p.status(), votes, p.tally(), p.closure(), p.outcomeReason()));
    }

    static void setStatus(IssueState s, String proposalId, String status) {
        ProposalView p = s.proposal(proposalId);
        replace(s, with(p, status, p.votes(), p.tally(), p.closure(), p.outcomeReason()));
    }

    private static ProposalView with(ProposalView p, String status, List<VoteView> votes, Tally tally,
                                     String closure, String reason) {
        return new ProposalView(p.id(), p.summary(), p.text(), status, p.tier(), p.proposedBy(), p.proposedAt(), votes,
                p.voters(), p.chair(), p.rule(), p.recusals(), p.closesAt(), tally, closure, reason);
    }

    private static void replace(IssueState s, ProposalView updated) {
        s.proposals.replaceAll(p -> p.id().equals(updated.id()) ? updated : p);
    }
}
