package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The serious breach was notified (e.g. through CTIS), under {@code reference}. */
@Revision("1")
public record SeriousBreachReported(String collaborationId, String issueId, String reference, String note, ActorContext actor) implements IssueEvent {
}
