package org.concordia.infra.notification;

import org.concordia.kernel.issue.EscalationCause;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.SlaBreached;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.query.inbox.InboxBook;
import org.concordia.query.inbox.InboxBook.Facts;
import org.concordia.query.inbox.InboxBook.Item;
import org.concordia.query.support.Members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an issue event tells whom, pure. "New in my inbox" is exactly what the inbox says: the items
 * {@link InboxBook#itemsFor} gives a user after the event and did not before (to acknowledge, a ballot to vote on,
 * an action owned, an extension for the chair to decide). Besides: a ballot closed (its voters, the body and its
 * chair) and an SLA breached (the body it was breached at). The actor is not told about their own act.
 */
final class NoticeRules {

    private NoticeRules() {
    }

    /** An issue's inbox facts and the name of the tier it sits at. */
    record Snapshot(Facts facts, String tierName) {
    }

    static List<Notice> of(IssueEvent event, long seq, Instant at, Snapshot was, Snapshot now, Members members) {
        Facts before = was == null ? null : was.facts();
        Facts after = now.facts();
        String prefix = event.issueId() + "|" + seq + "|";
        String actor = event.actor().username();
        List<Notice> notices = new ArrayList<>();
        for (String person : new InboxBook.Effect(after.issueId(), before, after).people()) {
            if (person.equals(actor)) {
                continue;
            }
            Map<String, Item> had = keyed(before == null ? List.of() : InboxBook.itemsFor(person, before, members));
            keyed(InboxBook.itemsFor(person, after, members)).forEach((key, item) -> {
                if (!had.containsKey(key)) {
                    Notice n = inboxNotice(prefix, person, item, now, at);
                    if (n != null) {
                        notices.add(n);
                    }
                }
            });
        }
        if (before != null && (event instanceof ProposalAdopted || event instanceof ProposalRejected)) {
            ProposalView ballot = before.openProposal();
            Set<String> told = new LinkedHashSet<>(ballot != null && ballot.voters() != null ? ballot.voters()
                                                                                              : before.tierMembers());
            told.addAll(before.tierMembers());
            if (before.chair() != null) {
                told.add(before.chair());
            }
            String outcome = event instanceof ProposalAdopted ? "adopted"
                    : "not adopted (" + ((ProposalRejected) event).outcome().name().toLowerCase().replace('_', ' ') + ")";
            String detail = (ballot == null ? "The proposal" : "“" + ballot.summary() + "”") + " was " + outcome + ".";
            told.stream().filter(p -> !p.equals(actor)).forEach(p -> notices.add(
                    notice(prefix, p, NoticeKind.BALLOT_CLOSED, after, detail, at)));
        }
        if (before != null && event instanceof IssueEscalated e && e.cause() == EscalationCause.SLA_BREACH) {
            String detail = "The " + phase(e.slaPhase()) + " SLA of tier " + e.fromTier() + " (" + was.tierName()
                            + ") passed; the issue was escalated to tier " + e.to().level() + " ("
                            + e.to().tier().name() + ").";
            body(before).forEach(p -> notices.add(notice(prefix, p, NoticeKind.SLA_BREACHED, after, detail, at)));
        }
        if (event instanceof SlaBreached e) {
            String detail = "The " + phase(e.phase()) + " SLA of tier " + e.tier() + " (" + now.tierName()
                            + ") passed; there is no higher tier to escalate to.";
            body(after).forEach(p -> notices.add(notice(prefix, p, NoticeKind.SLA_BREACHED, after, detail, at)));
        }
        return notices;
    }

    /** The members of the tier and its chair. */
    static Set<String> body(Facts f) {
        Set<String> body = new LinkedHashSet<>(f.tierMembers());
        if (f.chair() != null) {
            body.add(f.chair());
        }
        return body;
    }

    static String phase(Object phase) {
        return phase == null ? "" : phase.toString().toLowerCase().equals("acknowledge") ? "acknowledge" : "resolve";
    }

    /** Identity of an item across two evaluations: what makes it "new". */
    private static Map<String, Item> keyed(List<Item> items) {
        Map<String, Item> keyed = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.toAcknowledge() != null) {
                keyed.put("ack|" + i.toAcknowledge().tier(), i);
            } else if (i.toVote() != null) {
                keyed.put("vote|" + i.toVote().proposalId(), i);
            } else if (i.action() != null) {
                keyed.put("action|" + i.action().actionId() + "|" + i.action().owner(), i);
            } else if (i.watch() != null && i.watch().requestedDueOn() != null) {
                keyed.put("extension|" + i.watch().actionId() + "|" + i.watch().requestedDueOn(), i);
            }
        }
        return keyed;
    }

    private static Notice inboxNotice(String prefix, String person, Item item, Snapshot s, Instant at) {
        Facts f = s.facts();
        if (item.toAcknowledge() != null) {
            return notice(prefix, person, NoticeKind.ISSUE_TO_ACKNOWLEDGE, f, "Severity " + f.severity()
                    + ", at tier " + f.tier() + " (" + s.tierName() + ").", at);
        }
        if (item.toVote() != null) {
            return notice(prefix, person, NoticeKind.BALLOT_OPENED, f, "Proposal: “" + item.toVote().summary()
                    + "”.", at);
        }
        if (item.action() != null) {
            return notice(prefix, person, NoticeKind.ACTION_ASSIGNED, f, item.action().kind() + " action “"
                    + item.action().description() + "”, due " + item.action().dueOn() + ".", at);
        }
        if (item.watch() != null) {
            LocalDate requested = item.watch().requestedDueOn();
            return notice(prefix, person, NoticeKind.EXTENSION_REQUESTED, f, "Action “" + item.watch().description()
                    + "”: due " + item.watch().dueOn() + ", asked to move to " + requested + ".", at);
        }
        return null;
    }

    private static Notice notice(String prefix, String person, NoticeKind kind, Facts f, String detail, Instant at) {
        return new Notice(prefix + kind.name() + "|" + person, person, kind, f.collaborationId(), f.issueId(), f.key(),
                          f.title(), detail, at);
    }
}
