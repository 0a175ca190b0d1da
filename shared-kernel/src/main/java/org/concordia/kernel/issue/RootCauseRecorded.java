package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The root cause found by {@code method}; {@code reason} says why an earlier one was replaced (null the first time). */
@Revision("1")
public record RootCauseRecorded(String collaborationId, String issueId, RootCauseMethod method, String statement, String reason, ActorContext actor) implements IssueEvent {
}
