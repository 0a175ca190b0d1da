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
        CollaborationModel fold = new CollaborationModel(PlausibleHistory.CID);
        for (int position = 0; position < history.size(); position++) {
            Recorded e = history.get(position);
            if (e.payload() instanceof IssueEvent issueEvent) {
                inboxes.handle(issueEvent, e.seq(), position, e.at());
            } else if (e.payload() instanceof CollaborationEvent collaborationEvent) {
                inboxes.handle(collaborationEvent, e.seq(), position);
            }
            fold.apply(e.payload(), e.seq(), e.at());
            if (position % 250 == 0 || position == history.size() - 1) {
                for (String user : PlausibleHistory.PARTY_OF.keySet()) {
                    assertThat(inboxes.find(user, List.of(PlausibleHistory.CID)))
                            .as("%s at %d", user, position)
                            .isEqualTo(CollaborationModel.inbox(user, List.of(fold.inbox(user))));
                    assertThat(inboxes.count(user, List.of(PlausibleHistory.CID)))
                            .as("the badge of %s at %d: the issues of the inbox", user, position)
                            .isEqualTo(issuesIn(inboxes.find(user, List.of(PlausibleHistory.CID))));
                }
            }
        }
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

    private static List<Recorded> renumber(List<Recorded> history, long offset) {
        return history.stream().map(e -> e.payload() instanceof IssueRaised r
                ? new Recorded(e.aggregateType(), e.aggregateId(), e.seq(), new IssueRaised(r.collaborationId(),
                        r.issueId(), r.issueKey(), r.number() + offset, r.type(), r.title(), r.description(),
                        r.category(), r.severity(), r.involvedParties(), r.tier(), r.actor()), e.at())
                : e).toList();
    }
}
