package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** How and by when the effectiveness of the CAPA will be checked; {@code reason} says why an earlier plan was replaced (null the first time). */
@Revision("1")
public record EffectivenessCheckPlanned(String collaborationId, String issueId, String criteria, LocalDate dueOn, String reason, ActorContext actor) implements IssueEvent {
}
