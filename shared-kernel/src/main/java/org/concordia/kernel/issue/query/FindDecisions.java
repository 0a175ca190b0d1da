package org.concordia.kernel.issue.query;

import java.time.Instant;

/**
 * The decision register of a collaboration (adopted, rejected, no-quorum and superseded proposals, oldest first);
 * {@code viewer} (null: everything) leaves out the entries of restricted issues it may not see. Result:
 * {@link DecisionRegister}.
 */
public record FindDecisions(String collaborationId, Instant asOf, Viewer viewer) {

    public FindDecisions(String collaborationId, Instant asOf) {
        this(collaborationId, asOf, null);
    }
}
