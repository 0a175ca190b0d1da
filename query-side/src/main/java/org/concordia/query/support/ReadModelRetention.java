package org.concordia.query.support;

import java.time.Duration;

/**
 * Retention and legal hold for read-model data, which can always be rebuilt from the events; the events themselves
 * are never subject to it (they are the record, kept whole). The one read-model data the application deletes on its
 * own is the generation of a projection's collections that a rebuild replaced ({@link Generations}): this decides how
 * long it is kept, and a legal hold keeps it (and refuses a new rebuild, which would have to replace it) until the
 * hold is lifted, so that what users were shown before a rebuild can be produced.
 */
public interface ReadModelRetention {

    /** How long the collections a rebuild of {@code group} replaced are kept after the switch. */
    Duration keepReplaced(String group);

    /** While true, nothing of {@code group}'s read-model collections is dropped, and it is not rebuilt. */
    boolean onLegalHold(String group);

    /** Replaced collections kept {@link Generations#DROP_DELAY} (for queries still running on them), no hold. */
    ReadModelRetention STANDARD = new ReadModelRetention() {
        @Override
        public Duration keepReplaced(String group) {
            return Generations.DROP_DELAY;
        }

        @Override
        public boolean onLegalHold(String group) {
            return false;
        }
    };

    /** Refused: a rebuild of a projection under legal hold. */
    final class HeldException extends IllegalStateException {
        public HeldException(String group) {
            super("projection " + group + " is under legal hold: its read model is kept as it is and not rebuilt");
        }
    }
}
