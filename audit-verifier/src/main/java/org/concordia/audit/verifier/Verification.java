package org.concordia.audit.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome: either intact up to {@code intactUpToPosition} (covered by checkpoint {@code checkpoint}), or the
 * first position (or checkpoint) that fails and why. {@code notes} carry what was not checked, e.g. events after
 * the last checkpoint.
 */
public record Verification(boolean intact, long eventsChecked, Long intactUpToPosition, Long checkpoint,
                           Long failedPosition, Long failedCheckpoint, String reason, List<String> notes) {

    static Verification intact(long events, long upToPosition, long checkpoint, List<String> notes) {
        return new Verification(true, events, upToPosition, checkpoint, null, null, null, List.copyOf(notes));
    }

    static Verification failed(long events, Long position, Long checkpoint, String reason) {
        return new Verification(false, events, null, null, position, checkpoint, reason, List.of());
    }

    /** One line for people: the form the issue asks for. */
    public String summary() {
        if (intact) {
            String line = checkpoint == 0
                    ? "INTACT: no checkpoint yet, nothing is covered by a signature"
                    : "INTACT up to position " + intactUpToPosition + ", checkpoint " + checkpoint;
            List<String> all = new ArrayList<>(List.of(line));
            all.addAll(notes);
            return String.join("\n", all);
        }
        return "FAILED" + (failedPosition != null ? " at position " + failedPosition : "")
               + (failedCheckpoint != null ? " (checkpoint " + failedCheckpoint + ")" : "") + ": " + reason;
    }
}
