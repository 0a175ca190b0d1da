package org.concordia.query.issue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.IssueView.ActionView;
import org.concordia.kernel.issue.query.IssueView.CheckResultView;
import org.concordia.kernel.issue.query.IssueView.ClosingView;
import org.concordia.kernel.issue.query.IssueView.CommentView;
import org.concordia.kernel.issue.query.IssueView.ConflictOfInterestView;
import org.concordia.kernel.issue.query.IssueView.DecisionView;
import org.concordia.kernel.issue.query.IssueView.EffectivenessCheckView;
import org.concordia.kernel.issue.query.IssueView.EvidenceView;
import org.concordia.kernel.issue.query.IssueView.ImpactView;
import org.concordia.kernel.issue.query.IssueView.LinkView;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.kernel.issue.query.IssueView.RootCauseView;
import org.concordia.kernel.issue.query.IssueView.SeriousBreachView;
import org.concordia.kernel.issue.query.Viewer;

/**
 * The one place where issue events become read-model state. A plain in-memory fold: {@link #apply} takes an
 * event, its timestamp and the aggregate sequence number, touches nothing but this object. The live projections
 * persist it (as JSON); the as-of rebuild folds a collaboration's events up to an instant through the same code.
 * Every read model of an issue (view, list row, report contribution, decisions, inbox) is derived from it.
 * Public fields so that Jackson maps it without ceremony. Proposals and ballots fold in {@link ProposalFold}.
 */
public final class IssueState {

    /** EU CTR Art. 52: a serious breach is notified within 7 days. */
    public static final Duration SERIOUS_BREACH_NOTICE = Duration.ofDays(7);

    public String id;
    public String collaborationId;
    public String key;
    public long number;
    public IssueType type;
    public String title;
    public String description;
    public IssueCategory category;
    public Severity severity;
    public IssueStatus status;
    public TierSnapshot tier;
    public Instant enteredTierAt;
    public String owner;
    public String raisedBy;
    public String raisedByParty;
    public Instant raisedAt;
    public String routing;
    public SortedSet<String> restrictedToTiers = new TreeSet<>();
    public String recurrenceOf;
    // sorted, also when read back from JSON (a plain Set comes back as a HashSet): replays must write identical bytes
    public SortedSet<String> involvedParties = new TreeSet<>();
    public List<CommentView> comments = new ArrayList<>();
    public List<EvidenceView> evidence = new ArrayList<>();
    public List<LinkView> links = new ArrayList<>();
    public List<ProposalView> proposals = new ArrayList<>();
    public DecisionView decision;
    public List<ActionView> actions = new ArrayList<>();
    /** How it was closed (with the closer's signature), while CLOSED. */
    public ClosingView closing;
    /** SLA phases breached at the current tier (top tier only: below it a breach escalates). */
    public SortedSet<SlaPhase> breachedPhases = new TreeSet<>(); // sorted for the same reason
    public Instant lastBreachAt;
    public Instant firstAcknowledgedAt;
    public Instant firstResolvedAt;
    /** Why each rejected proposal was rejected. */
    public java.util.Map<String, String> rejectionReasons = new java.util.TreeMap<>();
    public List<ConflictOfInterestView> conflictsOfInterest = new ArrayList<>();
    public RootCauseView rootCause;
    public ImpactView impact;
    public EffectivenessCheckView effectivenessCheck;
    public SeriousBreachView seriousBreach;
    public Instant updatedAt;
    public String updatedBy;
    public long version = -1;

    /** Applies {@code event} (sequence number {@code seq}, recorded at {@code at}); returns the (same) state. */
    public static IssueState apply(IssueState state, IssueEvent event, Instant at, long seq) {
        IssueState s = state == null ? new IssueState() : state;
        if (state == null && !(event instanceof IssueRaised)) {
            throw new IllegalStateException("issue " + event.issueId() + ": first event must be IssueRaised, got "
                    + event.getClass().getSimpleName());
        }
        s.on(event, at);
        s.version = seq;
        s.updatedAt = at;
        s.updatedBy = event.actor().username();
        return s;
    }

    private void on(IssueEvent event, Instant at) {
        String by = event.actor().username();
        if (event instanceof IssueRaised e) {
            raised(e, at);
        } else if (event instanceof IssueAcknowledged) {
            status = IssueStatus.ACKNOWLEDGED;
            if (firstAcknowledgedAt == null) {
                firstAcknowledgedAt = at;
            }
        } else if (event instanceof IssueAssigned e) {
            owner = e.owner();
        } else if (event instanceof CommentAdded e) {
            comments.add(new CommentView(e.commentId(), e.text(), by, e.actor().partyId(), at));
        } else if (event instanceof EvidenceAttached e) {
            evidence.add(new EvidenceView(e.evidenceId(), e.title(), e.uri(), e.sha256(), by, at));
        } else if (event instanceof SeverityChanged e) {
            severity = e.severity();
        } else if (event instanceof IssueLinked e) {
            links.add(new LinkView(e.relatedIssueId(), e.relation().name(), by, at));
        } else if (event instanceof IssueDetailsCorrected e) {
            title = e.corrected().title();
            description = e.corrected().description();
            category = e.corrected().category();
            involvedParties = new TreeSet<>(e.corrected().involvedParties());
            ProposalFold.flagVotes(this, e.flaggedVotes(), "recused after voting: the involved parties were corrected");
        } else if (event instanceof ConflictOfInterestDeclared e) {
            conflictsOfInterest.add(new ConflictOfInterestView(by, e.actor().partyId(), e.reason(), at));
            if (e.flaggedVoteOn() != null) {
                ProposalFold.flagVotes(this, List.of(by), "recused after voting: declared a conflict of interest ("
                        + e.reason() + ")");
            }
        } else if (event instanceof IssueEscalated e) {
            if (e.supersededProposalId() != null && "OPEN".equals(proposal(e.supersededProposalId()).status())) {
                ProposalFold.setStatus(this, e.supersededProposalId(), "SUPERSEDED");
            }
            tier = e.to();
            enteredTierAt = at;
            status = IssueStatus.OPEN;
            breachedPhases = new TreeSet<>();
            lastBreachAt = null;
        } else if (event instanceof SlaBreached e) {
            breachedPhases.add(e.phase());
            lastBreachAt = at;
        } else if (ProposalFold.handles(event)) {
            ProposalFold.on(this, event, at);
        } else if (event instanceof IssueClosed e) {
            status = IssueStatus.CLOSED;
            closing = new ClosingView(e.note(), by, at, e.signature(), null, null);
        } else if (event instanceof IssueDismissed e) {
            status = IssueStatus.CLOSED;
            closing = new ClosingView(e.reason(), by, at, e.signature(), e.dismissal().name(), e.duplicateOf());
            if (e.duplicateOf() != null) {
                links.add(new LinkView(e.duplicateOf(), LinkRelation.DUPLICATES.name(), by, at));
            }
        } else if (event instanceof IssueReopened) {
            status = IssueStatus.OPEN;
            enteredTierAt = at; // both SLA clocks restart on reopening
            breachedPhases = new TreeSet<>();
            lastBreachAt = null;
            decision = null;
            closing = null;
        } else if (event instanceof IssueWithdrawn) {
            status = IssueStatus.WITHDRAWN;
        } else {
            CapaFold.on(this, event, at);
        }
    }

    private void raised(IssueRaised e, Instant at) {
        id = e.issueId();
        collaborationId = e.collaborationId();
        key = e.issueKey();
        number = e.number();
        type = e.type();
        title = e.title();
        description = e.description();
        category = e.category();
        severity = e.severity();
        status = IssueStatus.OPEN;
        tier = e.tier();
        enteredTierAt = at;
        raisedBy = e.actor().username();
        raisedByParty = e.actor().partyId();
        raisedAt = at;
        involvedParties = new TreeSet<>(e.involvedParties());
        routing = e.routing();
        restrictedToTiers = new TreeSet<>(e.restrictedToTiers());
        recurrenceOf = e.recurrenceOf();
        if (recurrenceOf != null) {
            links.add(new LinkView(recurrenceOf, "RECURRENCE_OF", raisedBy, at));
        }
    }

    /**
     * Forgets what only the issue view shows: comments, evidence, links and the description. The report, decision
     * and inbox views keep this per issue and rewrite it on every event; without these it stays the size of the
     * issue's governance (proposals, votes, actions), not of its discussion.
     */
    public IssueState withoutNarrative() {
        comments = new ArrayList<>();
        evidence = new ArrayList<>();
        links = new ArrayList<>();
        description = null;
        return this;
    }

    public ProposalView proposal(String proposalId) {
        return proposals.stream().filter(p -> p.id().equals(proposalId)).findFirst().orElseThrow(
                () -> new IllegalStateException("issue " + id + ": unknown proposal " + proposalId));
    }

    public ProposalView openProposal() {
        return proposals.stream().filter(p -> p.status().equals("OPEN")).findFirst().orElse(null);
    }

    public boolean isOpen() {
        return status != IssueStatus.RESOLVED && status != IssueStatus.CLOSED && status != IssueStatus.WITHDRAWN;
    }

    public GovernanceTier tierBody() {
        return tier.tier();
    }

    /** The keys that open this issue to a viewer ({@link Viewer#keysOf}). */
    public List<String> visibility() {
        return Viewer.keysOf(restrictedToTiers, raisedBy, tier.tier().name());
    }

    /** Open CAPA actions (neither completed nor cancelled). */
    public List<ActionView> openActions() {
        return actions.stream().filter(a -> a.status().equals("OPEN")).toList();
    }

    /** Next SLA due time: acknowledge-by while OPEN, resolve-by until resolved; phases breached at the top tier no longer count. */
    public Instant slaDueAt() {
        if (!isOpen()) {
            return null;
        }
        Instant ack = enteredTierAt.plus(tier.tier().acknowledgeWithin());
        Instant resolve = enteredTierAt.plus(tier.tier().resolveWithin());
        boolean ackPending = status == IssueStatus.OPEN && !breachedPhases.contains(SlaPhase.ACKNOWLEDGE);
        boolean resolvePending = !breachedPhases.contains(SlaPhase.RESOLVE);
        if (ackPending && resolvePending) {
            return ack.isBefore(resolve) ? ack : resolve;
        }
        return ackPending ? ack : resolvePending ? resolve : null;
    }

    /** The view as of {@code now} (null: overdue flags are not judged). */
    public IssueView toView(Instant now) {
        LocalDate today = now == null ? null : LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<ActionView> judged = actions.stream().map(a -> today == null || !a.status().equals("OPEN") ? a
                : new ActionView(a.id(), a.kind(), a.description(), a.owner(), a.dueOn(), a.status(), a.addedBy(),
                        a.addedAt(), a.completionNote(), a.completedAt(), a.requestedDueOn(), a.cancelReason(),
                        LocalDate.parse(a.dueOn()).isBefore(today))).toList();
        SeriousBreachView breach = seriousBreach == null || now == null ? seriousBreach
                : new SeriousBreachView(seriousBreach.reason(), seriousBreach.flaggedBy(), seriousBreach.flaggedAt(),
                        seriousBreach.notifyBy(), seriousBreach.reference(), seriousBreach.reportedAt(),
                        seriousBreach.reportedAt() == null && now.isAfter(seriousBreach.notifyBy()));
        return new IssueView(id, collaborationId, key, type, title, description, category, severity, status,
                tier.level(), tier.tier().name(), owner, raisedBy, raisedAt, Set.copyOf(involvedParties),
                List.copyOf(comments), List.copyOf(evidence), List.copyOf(links), List.copyOf(proposals), decision,
                judged, closing, slaDueAt(), version, routing, Set.copyOf(restrictedToTiers), recurrenceOf,
                List.copyOf(conflictsOfInterest), rootCause, impact, effectivenessCheck, breach);
    }

    public IssueView toView() {
        return toView(null);
    }

    public IssueSummary toSummary() {
        return new IssueSummary(id, key, number, type, title, category, severity, status, tier.level(), owner,
                Set.copyOf(involvedParties), raisedAt, slaDueAt(), version, !restrictedToTiers.isEmpty(),
                seriousBreach != null, updatedAt);
    }
}
