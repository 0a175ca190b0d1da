package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The actor declared a conflict of interest on the issue, for {@code reason}: from now on they may not propose, vote or close on it. {@code flaggedVoteOn}: the open proposal whose ballot they had already voted on (that vote is kept and flagged, not counted), else null. */
@Revision("1")
public record ConflictOfInterestDeclared(String collaborationId, String issueId, String reason, String flaggedVoteOn, ActorContext actor) implements IssueEvent {
}
