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

    /** The facts of an issue that inboxes depend on. */
    public record Facts(String collaborationId, String issueId, long number, String key, String title,
                        IssueStatus status,
                        int tier, List<String> tierMembers, String severity, IssueType type,
                        List<String> involvedParties, Instant enteredTierAt, ProposalView openProposal,
                        List<ActionView> openActions) {
        static Facts of(IssueState s) {
            if (s == null) {
                return null;
            }
            return new Facts(s.collaborationId, s.id, s.number, s.key, s.title, s.status, s.tier.level(),
                    s.tier.tier().members(), s.severity.name(), s.type, List.copyOf(s.involvedParties),
                    s.enteredTierAt, s.status == IssueStatus.RESOLUTION_PROPOSED ? s.openProposal() : null,
                    s.actions.stream().filter(a -> a.status().equals("OPEN")).toList());
        }

        Set<String> people() {
            Set<String> people = new LinkedHashSet<>(tierMembers);
            openActions.forEach(a -> people.add(a.owner()));
            return people;
        }
    }

    /** One inbox item of a user: exactly one of the three is set. */
    public record Item(Inbox.ToAcknowledge toAcknowledge, Inbox.ToVote toVote, Inbox.OwnedAction action) {
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
                    f.severity(), f.enteredTierAt()), null, null));
        }
        ProposalView p = f.openProposal();
        if (onBody && p != null && !recused(username, f, members)
                && p.votes().stream().noneMatch(v -> v.username().equals(username))) {
            items.add(new Item(null, new Inbox.ToVote(f.collaborationId(), f.issueId(), f.key(), p.id(), p.summary(),
                    p.proposedAt()), null));
        }
        if (f.status() != IssueStatus.WITHDRAWN) {
            for (ActionView a : f.openActions()) {
                if (a.owner().equals(username)) {
                    items.add(new Item(null, null, new Inbox.OwnedAction(f.collaborationId(), f.issueId(), f.key(),
                            a.id(), a.kind(), a.description(), LocalDate.parse(a.dueOn()))));
                }
            }
        }
        return items;
    }

    private static boolean recused(String username, Facts f, Members members) {
        String party = members.party(username);
        return f.type() == IssueType.CONFLICT && party != null && f.involvedParties().contains(party);
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
        List<Inbox.ToAcknowledge> ack = new ArrayList<>();
        List<Inbox.ToVote> vote = new ArrayList<>();
        List<Inbox.OwnedAction> actions = new ArrayList<>();
        for (UserInbox inbox : inboxes) {
            inbox.byIssue.values().forEach(items -> items.forEach(i -> {
                if (i.toAcknowledge() != null) {
                    ack.add(i.toAcknowledge());
                }
                if (i.toVote() != null) {
                    vote.add(i.toVote());
                }
                if (i.action() != null) {
                    actions.add(i.action());
                }
            }));
        }
        return new Inbox(username, List.copyOf(ack), List.copyOf(vote), List.copyOf(actions));
    }
}
