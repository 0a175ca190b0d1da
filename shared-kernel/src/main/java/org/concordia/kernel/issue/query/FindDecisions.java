package org.concordia.kernel.issue.query;

import java.time.Instant;

/** The decision register of a collaboration (adopted and rejected proposals, oldest first). Result: {@link DecisionRegister}. */
public record FindDecisions(String collaborationId, Instant asOf) {
}
