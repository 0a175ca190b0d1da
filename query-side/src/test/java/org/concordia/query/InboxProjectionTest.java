package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.query.PlausibleHistory.Recorded;
import org.concordia.query.asof.CollaborationModel;
import org.concordia.query.inbox.InboxProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stored inboxes (item documents + bitsets) answer what the in-memory fold answers, also when the issue
 * numbers of a collaboration span several bitset chunks.
 */
class InboxProjectionTest {

    private final Mongo mongo = new Mongo();

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void storedInboxesEqualTheFoldAcrossBitsetChunks() {
        // numbers 65,521 … 65,560: the issues straddle chunk 0 and chunk 1
        List<Recorded> history = renumber(PlausibleHistory.generate(23, 40, 1500), InboxProjection.CHUNK - 16);
        MongoDatabase db = mongo.db("chunks");
        InboxProjection inboxes = new InboxProjection(db);
        replayComparingWithTheFold(history, inboxes, 250, (user, position) ->
                assertThat(inboxes.count(user, List.of(PlausibleHistory.CID)))
                        .as("the badge of %s at %d: the issues of the inbox", user, position)
                        .isEqualTo(issuesIn(inboxes.find(user, List.of(PlausibleHistory.CID)))));
        long items = db.getCollection(InboxProjection.ITEMS).countDocuments();
        long bits = 0;
        List<Long> chunks = new ArrayList<>();
        for (Document doc : db.getCollection(InboxProjection.BITS).find()) {
            bits += BitSet.valueOf(doc.get("bits", Binary.class).getData()).cardinality();
            String id = doc.getString("_id");
            chunks.add(Long.parseLong(id.substring(id.lastIndexOf('|') + 1)));
        }
        assertThat(bits).as("one bit per stored item, no item without its bit").isEqualTo(items).isPositive();
        assertThat(chunks).contains(0L, 1L);
    }

    private static long issuesIn(org.concordia.kernel.issue.query.Inbox inbox) {
        java.util.Set<String> issues = new java.util.HashSet<>();
        inbox.toAcknowledge().forEach(i -> issues.add(i.issueId()));
        inbox.toVote().forEach(i -> issues.add(i.issueId()));
        inbox.actions().forEach(i -> issues.add(i.issueId()));
        inbox.overdueActions().forEach(i -> issues.add(i.issueId()));
        inbox.extensionsToDecide().forEach(i -> issues.add(i.issueId()));
        return issues.size();
    }

    /**
     * Members changing party now and then (recusal depends on it): an issue event that changes none of the issue's
     * inbox facts (a comment) still refreshes its items when the members changed since its previous event, as the
     * fold does; when they did not, the stored items are those the fold has.
     */
    @Test
    void itemsFollowTheFoldWhenMembersChangePartyBetweenAnIssuesEvents() {
        List<Recorded> history = withPartyChanges(PlausibleHistory.generate(29, 30, 1500), 37);
        InboxProjection inboxes = new InboxProjection(mongo.db("parties"));
        replayComparingWithTheFold(history, inboxes, 25, (user, position) -> { });
    }

    /**
     * Feeds the history to the projection and to the fold; every {@code every} events (and after the last) each
     * member's stored inbox must be the fold's, then {@code alsoCheck} runs for that member.
     */
    private static void replayComparingWithTheFold(List<Recorded> history, InboxProjection inboxes, int every,
                                                   java.util.function.ObjIntConsumer<String> alsoCheck) {
        CollaborationModel fold = new CollaborationModel(PlausibleHistory.CID);
        for (int position = 0; position < history.size(); position++) {
            Recorded e = history.get(position);
            if (e.payload() instanceof IssueEvent issueEvent) {
                inboxes.handle(issueEvent, e.seq(), position, e.at());
            } else if (e.payload() instanceof CollaborationEvent collaborationEvent) {
                inboxes.handle(collaborationEvent, e.seq(), position);
            }
            fold.apply(e.payload(), e.seq(), e.at());
            if (position % every == 0 || position == history.size() - 1) {
                for (String user : PlausibleHistory.PARTY_OF.keySet()) {
                    assertThat(inboxes.find(user, List.of(PlausibleHistory.CID)))
                            .as("%s at %d", user, position)
                            .isEqualTo(CollaborationModel.inbox(user, List.of(fold.inbox(user))));
                    alsoCheck.accept(user, position);
                }
            }
        }
    }

    /**
     * Every {@code every} events a member moves to another party, and before each comment on a conflict whose ballot
     * is open, one of its voters who has not voted moves into (or out of) an involved party, which recuses (or
     * un-recuses) them; collaboration events renumbered in order.
     */
    private static List<Recorded> withPartyChanges(List<Recorded> history, int every) {
        List<String> users = List.copyOf(PlausibleHistory.PARTY_OF.keySet());
        List<String> parties = List.of("SPON", "SITE", "CRO", "UNI");
        java.util.Map<String, String> partyOf = new java.util.HashMap<>(PlausibleHistory.PARTY_OF);
        CollaborationModel fold = new CollaborationModel(PlausibleHistory.CID);
        List<Recorded> out = new ArrayList<>();
        long collaborationSeq = 0;
        int changes = 0;
        int targeted = 0;
        for (int i = 0; i < history.size(); i++) {
            Recorded e = history.get(i);
            if (e.payload() instanceof CollaborationEvent) {
                out.add(new Recorded(e.aggregateType(), e.aggregateId(), collaborationSeq++, e.payload(), e.at()));
                fold.apply(e.payload(), e.seq(), e.at());
                continue;
            }
            IssueEvent issueEvent = (IssueEvent) e.payload();
            String user = null;
            String party = null;
            var issue = fold.issue(issueEvent.issueId());
            var ballot = issue == null ? null : issue.proposals().stream().filter(p -> p.status().equals("OPEN"))
                    .filter(p -> p.voters() != null).findFirst().orElse(null);
            if (issueEvent instanceof org.concordia.kernel.issue.CommentAdded
                    && issue.type() == org.concordia.kernel.issue.IssueType.CONFLICT && ballot != null) {
                user = ballot.voters().stream().filter(v -> ballot.votes().stream()
                        .noneMatch(vote -> vote.username().equals(v))).findFirst().orElse(null);
                if (user != null) {
                    String current = partyOf.get(user);
                    party = issue.involvedParties().contains(current)
                            ? parties.stream().filter(x -> !issue.involvedParties().contains(x)).findFirst()
                                     .orElse(current)
                            : issue.involvedParties().iterator().next();
                    targeted++;
                }
            }
            if (user == null && i % every == 0) {
                user = users.get(changes % users.size());
                party = parties.get((changes / users.size() + changes) % parties.size());
                changes++;
            }
            if (user != null) {
                var changed = new org.concordia.kernel.collaboration.MemberChanged(PlausibleHistory.CID, user,
                        partyOf.get(user), party, java.util.Set.of(), java.util.Set.of(), "moved", issueEvent.actor());
                out.add(new Recorded("Collaboration", PlausibleHistory.CID, collaborationSeq++, changed, e.at()));
                fold.apply(changed, collaborationSeq, e.at());
                partyOf.put(user, party);
            }
            out.add(e);
            fold.apply(e.payload(), e.seq(), e.at());
        }
        assertThat(targeted).as("comments on open conflict ballots after a voter moved").isGreaterThan(3);
        return out;
    }

    private static List<Recorded> renumber(List<Recorded> history, long offset) {
        return history.stream().map(e -> e.payload() instanceof IssueRaised r
                ? new Recorded(e.aggregateType(), e.aggregateId(), e.seq(), new IssueRaised(r.collaborationId(),
                        r.issueId(), r.issueKey(), r.number() + offset, r.type(), r.title(), r.description(),
                        r.category(), r.severity(), r.involvedParties(), r.tier(), r.actor()), e.at())
                : e).toList();
    }
}
