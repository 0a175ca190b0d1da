package org.concordia.kernel.issue.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is reading, as far as restricted issues care: an auditor ({@code seesEverything}) sees every issue; anyone else
 * sees the unrestricted ones and a restricted one only if they raised it, or sit on its current tier or on a tier it
 * is restricted to ({@code tiers}: the names of the tiers of the ladder in force they sit on). Queries carry a viewer;
 * null means everything (internal callers).
 */
public record Viewer(String username, boolean seesEverything, Set<String> tiers) {

    public static final String PUBLIC = "public";

    public Viewer {
        tiers = tiers == null ? Set.of() : Set.copyOf(tiers);
    }

    /** Whether this viewer may see an issue with these facts ({@code restrictedToTiers} empty: not restricted). */
    public boolean sees(Set<String> restrictedToTiers, String raisedBy, String currentTierName) {
        return seesEverything || restrictedToTiers == null || restrictedToTiers.isEmpty()
               || username.equals(raisedBy) || tiers.contains(currentTierName)
               || restrictedToTiers.stream().anyMatch(tiers::contains);
    }

    /** The visibility keys this viewer holds (see {@link #keysOf}); null for a viewer who sees everything. */
    public Set<String> keys() {
        if (seesEverything) {
            return null;
        }
        Set<String> keys = new TreeSet<>();
        keys.add(PUBLIC);
        keys.add("by:" + username);
        tiers.forEach(t -> keys.add("tier:" + t));
        return keys;
    }

    /**
     * The keys that open an issue: {@code public} for an unrestricted one; else its raiser, its current tier and the
     * tiers it is restricted to. A viewer sees the issue when the two sets of keys meet.
     */
    public static List<String> keysOf(Set<String> restrictedToTiers, String raisedBy, String currentTierName) {
        if (restrictedToTiers == null || restrictedToTiers.isEmpty()) {
            return List.of(PUBLIC);
        }
        Set<String> keys = new TreeSet<>();
        keys.add("by:" + raisedBy);
        keys.add("tier:" + currentTierName);
        restrictedToTiers.forEach(t -> keys.add("tier:" + t));
        return new ArrayList<>(keys);
    }

    /** Whether keys of a viewer ({@code null}: sees everything) open an issue with {@code issueKeys}. */
    public static boolean opens(Set<String> viewerKeys, List<String> issueKeys) {
        return viewerKeys == null || issueKeys == null || issueKeys.stream().anyMatch(viewerKeys::contains);
    }
}
