package org.concordia.kernel.collaboration.query;

import java.time.Instant;

/**
 * One collaboration with its parties, members and governance ladder; empty when unknown.
 *
 * @param asOf null for now; otherwise the collaboration as it stood at that instant, rebuilt from its events
 */
public record FindCollaboration(String collaborationId, Instant asOf) {

    public static FindCollaboration now(String collaborationId) {
        return new FindCollaboration(collaborationId, null);
    }
}
