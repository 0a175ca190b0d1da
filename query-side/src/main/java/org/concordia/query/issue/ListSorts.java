package org.concordia.query.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssueSummary;

/**
 * The issue list's orders: the walk of the matching issues to a page, and for the orders by SLA due and last activity
 * their day buckets ({@code due}, {@code act}), hour buckets and the directories of the days in use, all bitsets in
 * {@code issue_list_bits}. The layout and what a page costs: docs/query-side-performance.md, "The issue list".
 */
final class ListSorts {

    /** The bucketed sort fields: the day of the SLA due time, the day of the last event. */
    static final String DUE = "due";
    static final String ACTIVITY = "act";
    /** The bucket of the issues without a time (no running SLA clock): walked last, newest first. */
    static final String NO_TIME = "none";
    /** The suffix of a sort field's hour buckets: read for a day on the page with more than {@value #HOURS_OVER}. */
    static final String HOURS = "Hours";
    static final int HOURS_OVER = 64;
    /** Days per document of a sort field's directory of days in use. */
    static final int DAYS_PER_BLOCK = 512;
    /** Days later than this (year 4840) share its bucket; the order within a bucket is exact anyway. */
    static final long MAX_DAY = 1 << 20;
    /** Buckets read per round trip of an ordered walk: the first round, doubling up to the last. */
    static final int FIRST_BUCKETS = 8;
    static final int MAX_BUCKETS = 128;

    private final ListBits bits;
    private final ListRows rows;
    /** For writes: the list's highest issue number so far (0 for none), as the batch has it. */
    private final ToLongFunction<String> maxNumber;

    ListSorts(ListBits bits, ListRows rows, ToLongFunction<String> maxNumber) {
        this.bits = bits;
        this.rows = rows;
        this.maxNumber = maxNumber;
    }

    /** The bucket of a sort time: its UTC day since the epoch (clamped to 0..{@value #MAX_DAY}), or none. */
    static String bucket(Instant at) {
        return at == null ? NO_TIME : String.valueOf(Math.min(MAX_DAY, Math.max(0, Math.floorDiv(at.getEpochSecond(),
                86_400L))));
    }

    /** The hour bucket of a sort time (within its day's bucket, clamped alike), or null without a time. */
    static String hour(Instant at) {
        return at == null ? null : String.valueOf(Math.min((MAX_DAY + 1) * 24 - 1, Math.max(0, Math.floorDiv(
                at.getEpochSecond(), 3_600L))));
    }

    /** The directory document of a sort field's days in use in one block of {@value #DAYS_PER_BLOCK} days. */
    static String daysId(String collaborationId, String field, long block) {
        return ListBits.bitsId(collaborationId, field + "Days", String.valueOf(block), 0);
    }

    /** The directory document of a sort field's blocks in use. */
    static String blocksId(String collaborationId, String field) {
        return ListBits.bitsId(collaborationId, field + "Blocks", "", 0);
    }

    /** After the issue's bit moved into or out of a field's value: keeps the directory of a sort field's days. */
    void moved(String cid, long number, String field, String value, boolean entered) {
        if ((field.equals(DUE) || field.equals(ACTIVITY)) && !value.equals(NO_TIME)) {
            if (entered) {
                enterDirectory(cid, field, Long.parseLong(value));
            } else {
                leaveDirectory(cid, number, field, Long.parseLong(value));
            }
        }
    }

    /** Lists the day (a bucket now holding an issue) in the sort field's directory; idempotent. */
    private void enterDirectory(String cid, String field, long day) {
        bits.change(daysId(cid, field, day / DAYS_PER_BLOCK), (int) (day % DAYS_PER_BLOCK), true);
        bits.change(blocksId(cid, field), (int) (day / DAYS_PER_BLOCK), true);
    }

    /**
     * Unlists the day when its bucket holds no issue any more (its documents for every chunk, a few), so that a
     * walk does not read the buckets the issues have moved out of; idempotent.
     */
    private void leaveDirectory(String cid, long number, String field, long day) {
        List<String> ids = new ArrayList<>();
        dayChunkIds(ids, cid, field, String.valueOf(day), chunks(cid, number));
        if (bits.inBatch(ids).values().stream().allMatch(b -> b.bits().isEmpty())) {
            String daysId = daysId(cid, field, day / DAYS_PER_BLOCK);
            bits.change(daysId, (int) (day % DAYS_PER_BLOCK), false);
            ListBits.Bits inBlock = bits.inBatch(daysId);
            if (inBlock == null || inBlock.bits().isEmpty()) {
                bits.change(blocksId(cid, field), (int) (day / DAYS_PER_BLOCK), false);
            }
        }
    }

    /** How many chunks of {@value ListBits#CHUNK} numbers the list has, as the batch has it, counting {@code number}. */
    private long chunks(String cid, long number) {
        return Math.max(maxNumber.applyAsLong(cid), number) / ListBits.CHUNK + 1;
    }

    private static void dayChunkIds(List<String> ids, String cid, String field, String day, long chunks) {
        for (long c = 0; c < chunks; c++) {
            ids.add(ListBits.bitsId(cid, field, day, c));
        }
    }

    /**
     * The bitsets an event of an issue ({@code before}: its keys before the event, null if it is new) will most
     * likely change in these orders: the day and hour buckets it leaves and the activity buckets of the event's time,
     * with each day's other chunks (which {@link #leaveDirectory} reads) and its directory of days. They are spread
     * over the whole history, so reading them one event at a time cost a round trip per event during a replay; named
     * for {@code WriteBatch.prefetchAll}, they are read once per batch.
     */
    List<String> bucketIds(String cid, long number, IssueListPages.Keys before, Instant at) {
        long chunk = number / ListBits.CHUNK;
        long chunks = chunks(cid, number);
        List<String> ids = new ArrayList<>();
        if (before != null) {
            dayAndHourIds(ids, cid, ACTIVITY, before.activity(), before.activityHour(), chunk, chunks);
            dayAndHourIds(ids, cid, DUE, before.due(), before.dueHour(), chunk, chunks);
        }
        dayAndHourIds(ids, cid, ACTIVITY, bucket(at), hour(at), chunk, chunks);
        return ids;
    }

    private static void dayAndHourIds(List<String> ids, String cid, String field, String day, String hour, long chunk,
                                      long chunks) {
        if (!day.equals(NO_TIME)) {
            dayChunkIds(ids, cid, field, day, chunks);
            ids.add(daysId(cid, field, Long.parseLong(day) / DAYS_PER_BLOCK));
        }
        if (hour != null) {
            ids.add(ListBits.bitsId(cid, field + HOURS, hour, chunk));
        }
    }

    /** The page of {@code matching} in {@code order}: {@code size} issues after skipping {@code skip}. */
    List<IssueSummary> page(String cid, IssueOrder order, List<BitSet> matching, long skip, int size) {
        if (order == IssueOrder.DUE || order == IssueOrder.ACTIVITY) {
            return walkBuckets(cid, order, matching, skip, size);
        }
        List<Long> numbers = new ArrayList<>(size);
        switch (order) {
            case OLDEST -> ListBits.walk(matching, false, skip, size, numbers);
            case SEVERITY -> {
                // most severe first: the matching numbers of each severity in turn (its bitsets: a few _ids more)
                Severity[] severities = Severity.values();
                List<String> severityIds = new ArrayList<>();
                for (Severity severity : severities) {
                    for (long c = 0; c < matching.size(); c++) {
                        severityIds.add(ListBits.bitsId(cid, "severity", severity.name(), c));
                    }
                }
                Map<String, BitSet> bySeverity = bits.read(severityIds);
                for (int i = severities.length - 1; i >= 0 && numbers.size() < size; i--) {
                    List<BitSet> ofSeverity = ListBits.and(matching, bySeverity, cid, "severity", severities[i].name());
                    skip = ListBits.walk(ofSeverity, true, skip, size, numbers);
                }
            }
            default -> ListBits.walk(matching, true, skip, size, numbers);
        }
        return rows.summaries(cid, numbers);
    }

    /**
     * The page of {@code matching} in a bucketed order (soonest due first, or latest activity first): the buckets
     * (days) in use, from the sort field's directory, in that order and then the bucket without a time, several buckets
     * per round trip (their bitsets, then the rows on the page: two commands a round). A bucket whose matching issues
     * are all skipped is only counted; of the others the matching rows are read and sorted exactly
     * ({@link IssueFilter#order}); in the bucket without a time the order is newest first, which the bits give: only
     * the page's rows of it are read.
     */
    private List<IssueSummary> walkBuckets(String cid, IssueOrder order, List<BitSet> matching, long skip, int size) {
        String field = order == IssueOrder.DUE ? DUE : ACTIVITY;
        List<String> buckets = new ArrayList<>();
        directory(cid, field, order == IssueOrder.DUE).forEach(day -> buckets.add(String.valueOf(day)));
        buckets.add(NO_TIME);
        Comparator<IssueSummary> exact = IssueFilter.order(order);
        List<IssueSummary> items = new ArrayList<>(size);
        long wanted = size;
        int round = FIRST_BUCKETS;
        for (int from = 0; from < buckets.size() && wanted > 0; from += round, round = Math.min(
                MAX_BUCKETS, round * 2)) {
            List<String> these = buckets.subList(from, Math.min(from + round, buckets.size()));
            List<String> ids = new ArrayList<>();
            for (String bucket : these) {
                for (int c = 0; c < matching.size(); c++) {
                    ids.add(ListBits.bitsId(cid, field, bucket, c));
                }
            }
            Map<String, BitSet> found = bits.read(ids);
            List<Slice> onPage = new ArrayList<>(); // the buckets (or hours) of this round on the page
            for (String bucket : these) {
                if (wanted <= 0) {
                    break;
                }
                List<BitSet> inBucket = ListBits.and(matching, found, cid, field, bucket);
                long count = ListBits.count(inBucket);
                if (skip >= count) {
                    skip -= count;
                    continue;
                }
                long take = Math.min(count - skip, wanted);
                if (bucket.equals(NO_TIME)) {
                    List<Long> numbers = new ArrayList<>();
                    ListBits.walk(inBucket, true, skip, (int) take, numbers); // newest first: the bits' own order
                    onPage.add(new Slice(numbers, 0, take, false));
                } else {
                    List<List<BitSet>> parts = count > HOURS_OVER ? hours(cid, field, Long.parseLong(bucket),
                            order == IssueOrder.DUE, inBucket, count) : List.of(inBucket);
                    long partSkip = skip;
                    long partWanted = take;
                    for (List<BitSet> part : parts) {
                        long inPart = ListBits.count(part);
                        if (partWanted <= 0) {
                            break;
                        }
                        if (partSkip >= inPart) {
                            partSkip -= inPart;
                            continue;
                        }
                        List<Long> numbers = new ArrayList<>();
                        ListBits.walk(part, true, 0, Integer.MAX_VALUE, numbers); // all of them, to order them exactly
                        long partTake = Math.min(inPart - partSkip, partWanted);
                        onPage.add(new Slice(numbers, partSkip, partTake, true));
                        partWanted -= partTake;
                        partSkip = 0;
                    }
                }
                wanted -= take;
                skip = 0;
            }
            Map<Long, IssueSummary> byNumber = new HashMap<>();
            rows.summaries(cid, onPage.stream().flatMap(slice -> slice.numbers().stream()).toList())
                    .forEach(s -> byNumber.put(s.number(), s));
            for (Slice slice : onPage) {
                List<IssueSummary> sliceRows = slice.numbers().stream().map(byNumber::get).filter(Objects::nonNull)
                        .sorted(slice.exact() ? exact : IssueFilter.order(IssueOrder.NEWEST)).toList();
                int first = (int) Math.min(slice.skip(), sliceRows.size());
                items.addAll(sliceRows.subList(first, (int) Math.min(sliceRows.size(), first + slice.take())));
            }
        }
        return items;
    }

    /**
     * Issues of one bucket (or hour) on the page: after ordering them ({@code exact}: by their rows; else newest
     * first), skip {@code skip} and take {@code take}.
     */
    private record Slice(List<Long> numbers, long skip, long take, boolean exact) {
    }

    /**
     * A dense day's matching issues split by hour, in the order of the walk (one round trip: the day's 24 hour
     * bitsets of each chunk); the day whole if its hours do not hold them all (a crash between the writes).
     */
    private List<List<BitSet>> hours(String cid, String field, long day, boolean ascending, List<BitSet> inDay,
                                     long count) {
        List<String> ids = new ArrayList<>();
        for (long h = day * 24; h < day * 24 + 24; h++) {
            for (int c = 0; c < inDay.size(); c++) {
                ids.add(ListBits.bitsId(cid, field + HOURS, String.valueOf(h), c));
            }
        }
        Map<String, BitSet> found = bits.read(ids);
        List<List<BitSet>> parts = new ArrayList<>();
        long inHours = 0;
        for (int k = 0; k < 24; k++) {
            long h = day * 24 + (ascending ? k : 23 - k);
            List<BitSet> part = ListBits.and(inDay, found, cid, field + HOURS, String.valueOf(h));
            inHours += ListBits.count(part);
            parts.add(part);
        }
        return inHours == count ? parts : List.of(inDay);
    }

    /** The days a sort field has issues in, per its directory (two round trips): ascending, or descending. */
    private List<Long> directory(String cid, String field, boolean ascending) {
        BitSet blocks = bits.readOne(blocksId(cid, field));
        if (blocks == null) {
            return List.of();
        }
        Map<String, Long> blockOf = new HashMap<>();
        for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
            blockOf.put(daysId(cid, field, b), (long) b);
        }
        TreeSet<Long> days = new TreeSet<>();
        bits.read(List.copyOf(blockOf.keySet())).forEach((id, inBlock) -> {
            long block = blockOf.get(id);
            for (int d = inBlock.nextSetBit(0); d >= 0; d = inBlock.nextSetBit(d + 1)) {
                days.add(block * DAYS_PER_BLOCK + d);
            }
        });
        return new ArrayList<>(ascending ? days : days.descendingSet());
    }
}
