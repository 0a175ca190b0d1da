package org.concordia.query.issue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;

/**
 * The issue list's text documents ({@code issue_list_text}), kept in memory on this node so that a free-text query
 * reads only what changed since. Keys carry the physical collection's name (a replay writes a new generation) and
 * the document's {@code _id}; a cached document is used only while its {@link Version} equals the one the list's
 * meta document gives it now (the text at a number follows from the events, so a replay into the same collection
 * writes the same texts). The meta document is written after the text it describes, so a query that read the meta
 * document first never takes an older text for a newer version. Bounded by the characters held.
 */
final class SearchTextCache {

    /**
     * What a text document holds, as the meta document says: the highest issue number it may hold so far, and how
     * often a text below the list's highest number was written into it (corrected, or raised out of order).
     */
    record Version(long upTo, long rewrites) {
    }

    /** The texts of one document: issue number → lower-case title and description. */
    record Texts(Version version, Map<Long, String> byNumber, int weight) {
    }

    private final Cache<String, Texts> cache;

    SearchTextCache(long maxChars) {
        this.cache = Caffeine.newBuilder().maximumWeight(maxChars).weigher((String id, Texts t) -> t.weight()).build();
    }

    /** The cached texts of the document {@code key}, if they are of {@code version}. */
    Map<Long, String> get(String key, Version version) {
        Texts t = cache.getIfPresent(key);
        return t != null && t.version().equals(version) ? t.byNumber() : null;
    }

    void put(String key, Version version, Map<Long, String> byNumber) {
        int weight = byNumber.values().stream().mapToInt(String::length).sum() + 16 * byNumber.size();
        cache.put(key, new Texts(version, Map.copyOf(byNumber), weight));
    }
}
