package org.concordia.infra.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.SlaPhase;
import org.concordia.kernel.issue.query.IssueView.ActionView;
import org.concordia.query.issue.IssueState;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;

/**
 * What time alone can make worth telling, per issue ({@code notification_watches}): the next SLA due and the open
 * actions with their due dates; kept by the projection from the events (a document only while there is something to
 * watch), scanned by the sender for SLAs about to breach and actions overdue. The notices of a scan have ids made of
 * the fact (issue, tier entry, phase; action and due date) and the recipient, so a fact is told once however often
 * it is scanned; a re-dated action or a new tier is a new fact.
 */
final class Watches {

    static final String COLLECTION = "notification_watches";

    private final MongoCollection<Document> watches;

    Watches(MongoDatabase db) {
        this.watches = db.getCollection(COLLECTION);
    }

    void update(IssueState s) {
        Instant slaDue = s.slaDueAt();
        boolean actionsCount = s.status != IssueStatus.WITHDRAWN && s.status != IssueStatus.CLOSED;
        List<ActionView> actions = actionsCount ? s.openActions() : List.of();
        if (slaDue == null && actions.isEmpty()) {
            watches.deleteOne(eq("_id", s.id));
            return;
        }
        boolean acknowledge = s.status == IssueStatus.OPEN && !s.breachedPhases.contains(SlaPhase.ACKNOWLEDGE)
                              && slaDue != null && slaDue.equals(s.enteredTierAt.plus(s.tier.tier().acknowledgeWithin()));
        List<Document> due = new ArrayList<>();
        actions.forEach(a -> due.add(new Document("id", a.id()).append("owner", a.owner()).append("dueOn", a.dueOn())
                                                               .append("description", a.description())));
        watches.replaceOne(eq("_id", s.id), new Document("_id", s.id)
                .append("collaborationId", s.collaborationId).append("issueKey", s.key).append("title", s.title)
                .append("tier", s.tier.level()).append("tierName", s.tier.tier().name())
                .append("members", s.tier.tier().members()).append("chair", s.tier.tier().chair())
                .append("enteredTierAt", Date.from(s.enteredTierAt))
                .append("slaDueAt", slaDue == null ? null : Date.from(slaDue))
                .append("slaPhase", acknowledge ? "acknowledge" : "resolve")
                .append("actions", due), new ReplaceOptions().upsert(true));
    }

    /**
     * The notices due at {@code now}: SLAs due within {@code warning} (at most half their span), and actions overdue
     * for at most {@code overdueFor} (told once in that time; past it, a pruned notice is not told again).
     */
    List<Notice> due(Instant now, Duration warning, Duration overdueFor) {
        List<Notice> notices = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate oldestOverdue = LocalDate.ofInstant(now.minus(overdueFor), ZoneOffset.UTC);
        for (Document w : watches.find()) {
            String issueId = w.getString("_id");
            String cid = w.getString("collaborationId");
            Set<String> body = new LinkedHashSet<>(w.getList("members", String.class));
            String chair = w.getString("chair");
            if (chair != null) {
                body.add(chair);
            }
            Date slaDue = w.getDate("slaDueAt");
            Instant entered = w.getDate("enteredTierAt").toInstant();
            if (slaDue != null) {
                Instant dueAt = slaDue.toInstant();
                Duration span = Duration.between(entered, dueAt);
                Duration window = span.dividedBy(2).compareTo(warning) < 0 ? span.dividedBy(2) : warning;
                if (!now.isBefore(dueAt.minus(window)) && now.isBefore(dueAt)) {
                    String phase = w.getString("slaPhase");
                    String detail = "The " + phase + " SLA of tier " + w.getInteger("tier") + " ("
                                    + w.getString("tierName") + ") falls due at " + dueAt + ".";
                    for (String person : body) {
                        notices.add(new Notice("sla|" + issueId + "|" + w.getInteger("tier") + "|"
                                               + entered.toEpochMilli() + "|" + phase + "|" + person, person,
                                               NoticeKind.SLA_WARNING, cid, issueId, w.getString("issueKey"),
                                               w.getString("title"), detail, now));
                    }
                }
            }
            for (Document a : w.getList("actions", Document.class)) {
                LocalDate dueOn = LocalDate.parse(a.getString("dueOn"));
                if (dueOn.isBefore(today) && !dueOn.isBefore(oldestOverdue)) {
                    Set<String> told = new LinkedHashSet<>(List.of(a.getString("owner")));
                    if (chair != null) {
                        told.add(chair);
                    }
                    String detail = "Action “" + a.getString("description") + "” (owner " + a.getString("owner")
                                    + ") was due " + dueOn + ".";
                    for (String person : told) {
                        notices.add(new Notice("overdue|" + issueId + "|" + a.getString("id") + "|" + dueOn + "|"
                                               + person, person, NoticeKind.ACTION_OVERDUE, cid, issueId,
                                               w.getString("issueKey"), w.getString("title"), detail, now));
                    }
                }
            }
        }
        return notices;
    }
}
