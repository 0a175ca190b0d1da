package org.concordia.query.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssueView.ActionView;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.query.issue.IssueState;
import org.concordia.query.support.Members;

/**
 * Inbox logic, pure: what an issue puts in whose inbox. An issue event yields an {@link Effect} (the issue facts
 * before and after); {@link #itemsFor} turns the facts into per-user items, judging recusal with the membership
 * as it stands when the event is applied. Items are replaced per issue, so applying twice changes nothing.
 */
public final class InboxBook {

    /**
     * The facts of an issue that inboxes depend on: the body it sits at and that body's {@code chair}, the open
     * ballot (its frozen voters), who declared a conflict of interest, the open actions.
     */
    public record Facts(String collaborationId, String issueId, long number, String key, String title,
                        IssueStatus status,
                        int tier, List<String> tierMembers, String severity, IssueType type,
                        List<String> involvedParties, Instant enteredTierAt, ProposalView openProposal,
                        List<ActionView> openActions, String chair, List<String> declaredConflicts) {
        public static Facts of(IssueState s) {
            if (s == null) {
                return null;
            }
            return new Facts(s.collaborationId, s.id, s.number, s.key, s.title, s.status, s.tier.level(),
                    s.tier.tier().members(), s.severity.name(), s.type, List.copyOf(s.involvedParties),
                    s.enteredTierAt, s.status == IssueStatus.RESOLUTION_PROPOSED ? s.openProposal() : null,
                    s.openActions(), s.tier.tier().chair(),
                    s.conflictsOfInterest.stream().map(c -> c.username()).toList());
        }

        Set<String> people() {
            Set<String> people = new LinkedHashSet<>(tierMembers);
            openActions.forEach(a -> people.add(a.owner()));
            if (openProposal != null && openProposal.voters() != null) {
                people.addAll(openProposal.voters());
            }
            if (chair != null) {
                people.add(chair);
            }
            return people;
        }

        public Facts {
            declaredConflicts = declaredConflicts == null ? List.of() : declaredConflicts; // stored before they existed
        }
    }

    /**
     * One inbox item of a user: exactly one is set. {@code watch}: an open action of an issue whose tier the user
     * chairs (shown when overdue or when an extension awaits the chair).
     */
    public record Item(Inbox.ToAcknowledge toAcknowledge, Inbox.ToVote toVote, Inbox.OwnedAction action,
                       Inbox.OwnedAction watch) {
    }

    public record Effect(String issueId, Facts before, Facts after) {
        public static Effect of(IssueState before, IssueState after) {
            return new Effect(after.id, Facts.of(before), Facts.of(after));
        }

        /** Everybody whose items for this issue may change. */
        public Set<String> people() {
            Set<String> people = new LinkedHashSet<>();
            if (before != null) {
                people.addAll(before.people());
            }
            people.addAll(after.people());
            return people;
        }
    }

    /** Items of {@code username} caused by the issue described by {@code f}. */
    public static List<Item> itemsFor(String username, Facts f, Members members) {
        List<Item> items = new ArrayList<>();
        boolean onBody = f.tierMembers().contains(username);
        if (onBody && f.status() == IssueStatus.OPEN) {
            items.add(new Item(new Inbox.ToAcknowledge(f.collaborationId(), f.issueId(), f.key(), f.title(), f.tier(),
                    f.severity(), f.enteredTierAt()), null, null, null));
        }
        ProposalView p = f.openProposal();
        // a ballot is voted on by the body frozen when it opened (the current tier's, for older ballots)
        boolean votes = p != null && (p.voters() != null ? p.voters().contains(username) : onBody);
        if (votes && !recused(username, f, members)
                && p.votes().stream().noneMatch(v -> v.username().equals(username))) {
            items.add(new Item(null, new Inbox.ToVote(f.collaborationId(), f.issueId(), f.key(), p.id(), p.summary(),
                    p.proposedAt()), null, null));
        }
        if (f.status() != IssueStatus.WITHDRAWN && f.status() != IssueStatus.CLOSED) {
            for (ActionView a : f.openActions()) {
                Inbox.OwnedAction action = new Inbox.OwnedAction(f.collaborationId(), f.issueId(), f.key(), a.id(),
                        a.kind(), a.description(), LocalDate.parse(a.dueOn()), a.owner(), false,
                        a.requestedDueOn() == null ? null : LocalDate.parse(a.requestedDueOn()));
                if (a.owner().equals(username)) {
                    items.add(new Item(null, null, action, null));
                }
                if (username.equals(f.chair())) {
                    items.add(new Item(null, null, null, action));
                }
            }
        }
        return items;
    }

    private static boolean recused(String username, Facts f, Members members) {
        String party = members.party(username);
        return f.declaredConflicts().contains(username)
               || f.type() == IssueType.CONFLICT && party != null && f.involvedParties().contains(party);
    }

    /** A user's inbox in one collaboration: items per issue id. */
    public static final class UserInbox {
        public TreeMap<String, List<Item>> byIssue = new TreeMap<>();

        public void replace(String issueId, List<Item> items) {
            if (items.isEmpty()) {
                byIssue.remove(issueId);
            } else {
                byIssue.put(issueId, List.copyOf(items));
            }
        }
    }

    /** Merges per-collaboration user inboxes into the answer (ordered by collaboration, then issue). */
    public static Inbox toInbox(String username, List<UserInbox> inboxes) {
        return toInbox(username, inboxes, null);
    }

    /** As {@link #toInbox(String, List)}, with actions judged overdue as of {@code today} (null: not judged). */
    public static Inbox toInbox(String username, List<UserInbox> inboxes, LocalDate today) {
        List<Inbox.ToAcknowledge> ack = new ArrayList<>();
        List<Inbox.ToVote> vote = new ArrayList<>();
        List<Inbox.OwnedAction> actions = new ArrayList<>();
        List<Inbox.OwnedAction> overdue = new ArrayList<>();
        List<Inbox.OwnedAction> extensions = new ArrayList<>();
        for (UserInbox inbox : inboxes) {
            inbox.byIssue.values().forEach(items -> items.forEach(i -> {
                if (i.toAcknowledge() != null) {
                    ack.add(i.toAcknowledge());
                }
                if (i.toVote() != null) {
                    vote.add(i.toVote());
                }
                if (i.action() != null) {
                    actions.add(today == null ? i.action() : i.action().asOf(today));
                }
                if (i.watch() != null) {
                    Inbox.OwnedAction watched = today == null ? i.watch() : i.watch().asOf(today);
                    if (watched.overdue()) {
                        overdue.add(watched);
                    }
                    if (watched.requestedDueOn() != null) {
                        extensions.add(watched);
                    }
                }
            }));
        }
        return new Inbox(username, List.copyOf(ack), List.copyOf(vote), List.copyOf(actions), List.copyOf(overdue),
                List.copyOf(extensions));
    }
}
