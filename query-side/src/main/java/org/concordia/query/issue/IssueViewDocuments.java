package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.bson.Document;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.IssueView.CommentView;
import org.concordia.kernel.issue.query.IssueView.EvidenceView;
import org.concordia.kernel.issue.query.IssueView.LinkView;
import org.concordia.query.support.Json;
import org.concordia.query.support.WriteBatch;

/**
 * How an issue view is stored so that an event costs what the event adds, not what the issue holds:
 * <ul>
 *   <li>{@code issue_views} {@code {_id: issueId, collaborationId, number, status, seq, json, entries: {c, e, l}}}
 *       — the {@link IssueState} without its comments, evidence and links ({@code json}), and how many of each
 *       there are;</li>
 *   <li>{@code issue_view_entries} {@code {_id: "<issueId>|<c|e|l>|<index>", json}} — one comment, piece of
 *       evidence or link each, in the order they were added.</li>
 * </ul>
 * Reading an issue is its head and then the entries it counts, by {@code _id}. A head written before this layout
 * (no {@code entries}: every list inside {@code json}) is read as it is, and the first event after the upgrade
 * writes its lists out as entries.
 */
final class IssueViewDocuments {

    static final String ENTRIES = "issue_view_entries";
    private static final int READ_BATCH = 1_000;
    /** How many issues' heads are kept decoded across batches ({@link WriteBatch.Documents#retain}). */
    static final int RETAINED = 4_096;

    /** The lists stored as entries. */
    private enum Kind {
        COMMENTS("c", s -> s.comments, (s, l) -> s.comments = cast(l), CommentView.class),
        EVIDENCE("e", s -> s.evidence, (s, l) -> s.evidence = cast(l), EvidenceView.class),
        LINKS("l", s -> s.links, (s, l) -> s.links = cast(l), LinkView.class);

        final String code;
        final Function<IssueState, List<?>> list;
        final BiConsumer<IssueState, List<Object>> set;
        final Class<?> type;

        Kind(String code, Function<IssueState, List<?>> list, BiConsumer<IssueState, List<Object>> set,
             Class<?> type) {
            this.code = code;
            this.list = list;
            this.set = set;
            this.type = type;
        }

        @SuppressWarnings("unchecked")
        private static <T> List<T> cast(List<Object> list) {
            return (List<T>) (List<?>) list;
        }
    }

    private static final Kind[] KINDS = Kind.values();

    /**
     * An issue as a batch holds it. Its lists hold only the elements added since it was read (all of them for a head
     * of the earlier layout): {@code from[k]} is the index, among all of kind {@code k}, of the first element held,
     * and {@code put[k]} how many held elements have already been handed to the batch as entries.
     */
    static final class Held {
        private final IssueState state;
        private final int[] from = new int[KINDS.length];
        private final int[] put = new int[KINDS.length];

        private Held(IssueState state) {
            this.state = state;
        }

        static Held fresh(IssueState state) {
            return new Held(state);
        }

        IssueState state() {
            return state;
        }

        /** Once its head is written: holds what {@link #decodeHeld} reads back (no list elements, their counts). */
        private void written() {
            for (Kind kind : KINDS) {
                int k = kind.ordinal();
                from[k] += kind.list.apply(state).size();
                put[k] = 0;
                kind.set.accept(state, new ArrayList<>());
            }
        }
    }

    private final WriteBatch.Documents<Document> entries;
    private final WriteBatch.Documents<Held> heads;
    private final MongoCollection<Document> entryCollection;

    /** Declares the entries, then the heads, in {@code batch}: a head never counts an entry not yet written. */
    IssueViewDocuments(WriteBatch batch, MongoDatabase db, MongoCollection<Document> views) {
        this.entryCollection = db.getCollection(ENTRIES);
        this.entries = batch.collection(entryCollection, d -> d, d -> d);
        // a head is the fold of its issue's events up to seq; once written, the held lists' elements are entries
        this.heads = batch.collection(views, IssueViewDocuments::decodeHeld, IssueViewDocuments::encode)
                .retain(RETAINED, List.of("seq"), held -> List.of(held.state.version), Held::written);
        batch.prefetch(heads, payload -> payload instanceof IssueEvent e ? e.issueId() : null);
    }

    Held find(String issueId) {
        return heads.find(issueId);
    }

    /** Hands the held issue to the batch: its new entries, then its head. */
    void put(Held held) {
        String issueId = held.state.id;
        for (Kind kind : KINDS) {
            List<?> list = kind.list.apply(held.state);
            int k = kind.ordinal();
            for (int i = held.put[k]; i < list.size(); i++) {
                String id = entryId(issueId, kind, held.from[k] + i);
                entries.put(id, new Document("_id", id).append("json", Json.writeState(list.get(i))));
            }
            held.put[k] = list.size();
        }
        heads.put(issueId, held);
    }

    void clearEntries() {
        entryCollection.deleteMany(new Document());
    }

    /** The whole issue of a stored head: its entries read by {@code _id}. */
    IssueState read(Document head) {
        IssueState state = Json.read(head.getString("json"), IssueState.class);
        Document counts = head.get("entries", Document.class);
        if (counts == null) {
            return state; // the earlier layout: everything is in json
        }
        List<String> ids = new ArrayList<>();
        List<List<Object>> lists = new ArrayList<>();
        for (Kind kind : KINDS) {
            int n = counts.getInteger(kind.code, 0);
            List<Object> list = new ArrayList<>(java.util.Collections.nCopies(n, null));
            lists.add(list);
            for (int i = 0; i < n; i++) {
                ids.add(entryId(state.id, kind, i));
            }
        }
        for (int from = 0; from < ids.size(); from += READ_BATCH) {
            for (Document entry : entryCollection.find(Filters.in("_id",
                    ids.subList(from, Math.min(from + READ_BATCH, ids.size()))))) {
                String id = entry.getString("_id");
                int index = Integer.parseInt(id.substring(id.lastIndexOf('|') + 1));
                Kind kind = kindOf(id.charAt(id.lastIndexOf('|') - 1));
                lists.get(kind.ordinal()).set(index, Json.read(entry.getString("json"), kind.type));
            }
        }
        for (Kind kind : KINDS) {
            List<Object> list = lists.get(kind.ordinal());
            if (list.contains(null)) {
                throw new IllegalStateException("issue " + state.id + ": an entry of " + kind + " is missing");
            }
            kind.set.accept(state, list);
        }
        return state;
    }

    private static Kind kindOf(char code) {
        for (Kind kind : KINDS) {
            if (kind.code.charAt(0) == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no entry kind " + code);
    }

    static String entryId(String issueId, Kind kind, int index) {
        return issueId + "|" + kind.code + "|" + index;
    }

    private static Held decodeHeld(Document doc) {
        Held held = new Held(Json.read(doc.getString("json"), IssueState.class));
        Document counts = doc.get("entries", Document.class);
        if (counts != null) {
            for (Kind kind : KINDS) {
                held.from[kind.ordinal()] = counts.getInteger(kind.code, 0);
            }
        }
        return held;
    }

    /** The head: the state without its lists (restored afterwards), and the number of entries of each list. */
    private static Document encode(Held held) {
        IssueState state = held.state;
        Document counts = new Document();
        List<List<?>> lists = new ArrayList<>();
        for (Kind kind : KINDS) {
            List<?> list = kind.list.apply(state);
            lists.add(list);
            counts.append(kind.code, held.from[kind.ordinal()] + list.size());
            kind.set.accept(state, new ArrayList<>());
        }
        String json;
        try {
            json = Json.writeIssueState(state);
        } finally {
            for (Kind kind : KINDS) {
                kind.set.accept(state, new ArrayList<>(lists.get(kind.ordinal())));
            }
        }
        return new Document("_id", state.id)
                .append("collaborationId", state.collaborationId)
                .append("number", state.number)
                .append("status", state.status.name())
                .append("seq", state.version)
                .append("json", json)
                .append("entries", counts);
    }
}
