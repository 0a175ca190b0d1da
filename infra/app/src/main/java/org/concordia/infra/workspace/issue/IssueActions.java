package org.concordia.infra.workspace.issue;

import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.query.IssueView;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which actions the issue page offers this user now: the issue aggregate's rules read forwards (status, the
 * current tier's body, roles, raiser, owner, recusal), so that a page shows only what would be accepted. The
 * aggregate stays the authority: anything it still refuses (a race, a rule changed since) is shown as a sentence.
 *
 * @param recusedParty when the user sits on the tier's body but is recused from voting: their party, else null
 * @param recordCapa   record (or, with a reason, replace) the root cause and the impact assessment
 * @param declareConflict declare one's own conflict of interest (once per issue, while it is open)
 * @param closeBallot  the open ballot's chair (not recused) closes it before everyone voted, signed
 * @param dismiss      the current tier's chair (not recused) closes the unresolved issue without a vote, signed; not
 *                     while a ballot is open or an action is open
 * @param correct      correct title, description, category or involved parties, with a reason (the raiser, the
 *                     tier's body or a coordinator, until the issue is closed or withdrawn)
 * @param recordCheck  record the planned effectiveness check, signed (RESOLVED, every action done, not recused)
 * @param checkByOthers the check could be recorded now, but not by this user: they own an action or proposed the
 *                     adopted resolution (segregation of duties), so the page says so instead of offering the form
 * @param chair        this user chairs the issue's tier now and is not recused (decides extension requests)
 * @param user         who the page is for
 */
public record IssueActions(boolean acknowledge, boolean assign, boolean comment, boolean attachEvidence,
                           boolean changeSeverity, boolean link, boolean escalate, boolean propose, boolean vote,
                           boolean addAction, boolean completeOwnActions, boolean close, boolean reopen,
                           boolean withdraw, String recusedParty, boolean readOnly, boolean waitingForActions,
                           boolean recordCapa, boolean declareConflict, boolean closeBallot, boolean dismiss,
                           boolean correct, boolean recordCheck, boolean checkByOthers, boolean chair, String user) {

    private static final Set<IssueStatus> UNRESOLVED =
            EnumSet.of(IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED, IssueStatus.RESOLUTION_PROPOSED);
    private static final Set<IssueStatus> FINISHED = EnumSet.of(IssueStatus.CLOSED, IssueStatus.WITHDRAWN);

    public static boolean canWrite(CollaborationView collaboration, String username) {
        return collaboration.activeMember(username).map(m -> MemberRole.canWrite(m.roles())).orElse(false);
    }

    public static IssueActions of(IssueView issue, CollaborationView collaboration, String username) {
        Optional<CollaborationView.Member> member = collaboration.activeMember(username);
        boolean writer = member.map(m -> MemberRole.canWrite(m.roles())).orElse(false);
        if (!writer) {
            return new IssueActions(false, false, false, false, false, false, false, false, false, false, false,
                                    false, false, false, null, true, false, false, false, false, false, false, false,
                                    false, false, username);
        }
        boolean coordinator = member.get().roles().contains(MemberRole.COORDINATOR);
        boolean onTier = tierMembers(issue, collaboration).contains(username);
        boolean tierOrCoordinator = onTier || coordinator;
        IssueStatus status = issue.status();
        boolean open = !FINISHED.contains(status);
        boolean unresolved = UNRESOLVED.contains(status);
        boolean hasHigherTier = collaboration.governance() != null
                                && issue.tier() < collaboration.governance().tiers().size();
        String party = member.get().partyId();
        boolean partyInvolved = partyInvolved(issue, party);
        boolean recused = partyInvolved || declaredConflict(issue, username);
        Optional<IssueView.ProposalView> ballot = openBallot(issue);
        boolean voted = ballot.stream().flatMap(p -> p.votes().stream()).anyMatch(v -> v.username().equals(username));
        // the body frozen when the ballot opened votes on it (proposals made before that: the tier's body now)
        boolean onBallot = ballot.map(p -> voters(p, issue, collaboration).contains(username)).orElse(false);
        boolean proposalOpen = status == IssueStatus.RESOLUTION_PROPOSED && ballot.isPresent();
        boolean ownsOpenAction = issue.actions().stream()
                                      .anyMatch(a -> username.equals(a.owner()) && "OPEN".equals(a.status()));
        boolean actionsOpen = issue.actions().stream().anyMatch(a -> "OPEN".equals(a.status()));
        boolean chair = open && !recused && username.equals(tierChair(issue, collaboration));
        boolean checkable = status == IssueStatus.RESOLVED && !recused && issue.effectivenessCheck() != null
                            && !actionsOpen && issue.actions().stream().anyMatch(a -> !"CANCELLED".equals(a.status()));
        boolean checker = !ownsCountedAction(issue, username) && !username.equals(adoptedProposer(issue));
        return new IssueActions(
                status == IssueStatus.OPEN && onTier,
                open,
                open,
                open,
                open,
                open,
                unresolved && hasHigherTier && (tierOrCoordinator || username.equals(issue.raisedBy())),
                status == IssueStatus.ACKNOWLEDGED && tierOrCoordinator && !recused,
                proposalOpen && onBallot && !recused && !voted,
                open && tierOrCoordinator,
                open && ownsOpenAction,
                status == IssueStatus.RESOLVED && tierOrCoordinator && !actionsOpen && !recused,
                (status == IssueStatus.RESOLVED || status == IssueStatus.CLOSED) && tierOrCoordinator,
                unresolved && username.equals(issue.raisedBy()),
                proposalOpen && onBallot && partyInvolved ? party : null,
                false,
                status == IssueStatus.RESOLVED && tierOrCoordinator && actionsOpen,
                open && tierOrCoordinator,
                open && !declaredConflict(issue, username),
                proposalOpen && !recused && ballot.map(p -> username.equals(p.chair())).orElse(false),
                unresolved && chair && ballot.isEmpty() && !actionsOpen,
                open && (onTier || coordinator || username.equals(issue.raisedBy())),
                checkable && checker,
                checkable && !checker,
                chair,
                username);
    }

    /** Reassign, re-date or cancel this CAPA action (with a reason): as recording the CAPA, on an open action. */
    public boolean mayManage(IssueView.ActionView action) {
        return recordCapa && "OPEN".equals(action.status());
    }

    /** Flag the issue as a serious breach (with a reason): as recording the CAPA, once. */
    public boolean mayFlagBreach(IssueView issue) {
        return recordCapa && issue.seriousBreach() == null;
    }

    /** Ask to extend this action's due date: its owner, while it is open and no request awaits the chair. */
    public boolean mayRequestExtension(IssueView.ActionView action) {
        return comment && user.equals(action.owner()) && "OPEN".equals(action.status())
               && action.requestedDueOn() == null;
    }

    /** Approve or refuse the extension requested for this action: the tier's chair. */
    public boolean mayDecideExtension(IssueView.ActionView action) {
        return chair && "OPEN".equals(action.status()) && action.requestedDueOn() != null;
    }

    /** The chair of the issue's current tier, as the ladder in force names it (null when it has none). */
    static String tierChair(IssueView issue, CollaborationView collaboration) {
        if (collaboration.governance() == null) {
            return null;
        }
        List<GovernanceTier> tiers = collaboration.governance().tiers();
        return issue.tier() >= 1 && issue.tier() <= tiers.size() ? tiers.get(issue.tier() - 1).chair() : null;
    }

    /** Owners of the actions that count (not cancelled) may not check their effectiveness. */
    static boolean ownsCountedAction(IssueView issue, String username) {
        return issue.actions().stream().anyMatch(a -> username.equals(a.owner()) && !"CANCELLED".equals(a.status()));
    }

    /** Who proposed the adopted resolution (null when none was adopted). */
    static String adoptedProposer(IssueView issue) {
        if (issue.decision() == null) {
            return null;
        }
        return issue.proposals().stream().filter(p -> p.id().equals(issue.decision().proposalId()))
                    .map(IssueView.ProposalView::proposedBy).findFirst().orElse(null);
    }

    /** The ballot open on the issue, if any. */
    static Optional<IssueView.ProposalView> openBallot(IssueView issue) {
        return issue.proposals().stream().filter(p -> "OPEN".equals(p.status())).findFirst();
    }

    /** Who may vote on {@code proposal}: its frozen body, or for proposals made before ballots froze it, the tier's. */
    static List<String> voters(IssueView.ProposalView proposal, IssueView issue, CollaborationView collaboration) {
        return proposal.voters() != null ? proposal.voters() : tierMembers(issue, collaboration);
    }

    /** On a conflict, members of an involved party are recused (as the aggregate rules). */
    static boolean partyInvolved(IssueView issue, String partyId) {
        return issue.type() == IssueType.CONFLICT && partyId != null && issue.involvedParties().contains(partyId);
    }

    /** A member who declared a conflict of interest on the issue is recused from proposing, voting and closing. */
    static boolean declaredConflict(IssueView issue, String username) {
        return issue.conflictsOfInterest() != null
               && issue.conflictsOfInterest().stream().anyMatch(c -> c.username().equals(username));
    }

    /** The body at the issue's tier, as the ladder in force names it. */
    static List<String> tierMembers(IssueView issue, CollaborationView collaboration) {
        if (collaboration.governance() == null) {
            return List.of();
        }
        List<GovernanceTier> tiers = collaboration.governance().tiers();
        return issue.tier() >= 1 && issue.tier() <= tiers.size() ? tiers.get(issue.tier() - 1).members() : List.of();
    }

    /** Whether the page shows the form of this action (as the issue page names them: "comment", "vote-APPROVE", ...). */
    public boolean offers(String action) {
        String kind = action.contains("-") ? action.substring(0, action.indexOf('-')) : action;
        return switch (kind) {
            case "acknowledge" -> acknowledge;
            case "assign" -> assign;
            case "comment" -> comment;
            case "evidence" -> attachEvidence;
            case "severity" -> changeSeverity;
            case "link" -> link;
            case "escalate" -> escalate;
            case "propose" -> propose;
            case "vote" -> vote;
            case "action" -> addAction;
            case "complete" -> completeOwnActions;
            case "close" -> close;
            case "reopen" -> reopen;
            case "withdraw" -> withdraw;
            case "rootcause", "impact", "breach" -> recordCapa;
            case "conflict" -> declareConflict;
            case "closeballot" -> closeBallot;
            case "dismiss" -> dismiss;
            case "correct" -> correct;
            case "checkplan", "reassign", "redate", "cancel" -> recordCapa;
            case "check" -> recordCheck;
            case "extend" -> comment; // the form shows for the open action's owner
            case "extdecide" -> chair;
            default -> false;
        };
    }

    /**
     * Whether the page shows the form {@code action} came from, for forms of one CAPA action too
     * ({@code "extend-<actionId>"}, ...): those show only while that action allows them.
     */
    public boolean offers(String action, IssueView issue) {
        int dash = action.indexOf('-');
        String kind = dash < 0 ? action : action.substring(0, dash);
        if (dash < 0 || !List.of("reassign", "redate", "cancel", "extend", "extdecide", "complete").contains(kind)) {
            return offers(action);
        }
        String actionId = action.substring(dash + 1);
        return issue.actions().stream().filter(a -> a.id().equals(actionId)).findFirst().map(a -> switch (kind) {
            case "extend" -> mayRequestExtension(a);
            case "extdecide" -> mayDecideExtension(a);
            case "complete" -> completeOwnActions && user.equals(a.owner()) && "OPEN".equals(a.status());
            default -> mayManage(a);
        }).orElse(false);
    }

    public boolean any() {
        return acknowledge || assign || comment || attachEvidence || changeSeverity || link || escalate || propose
               || vote || addAction || completeOwnActions || close || reopen || withdraw || recordCapa
               || declareConflict || closeBallot || dismiss || correct || recordCheck || chair;
    }
}
