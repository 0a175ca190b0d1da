package org.concordia.kernel.issue;

import org.concordia.kernel.shared.ElectronicSignature;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The tier's chair closed the issue without a vote ({@code dismissal}: DUPLICATE of {@code duplicateOf}, NOT_AN_ISSUE or NO_ACTION_NEEDED), for {@code reason}, signed (meaning CLOSED_WITHOUT_VOTE). The issue is CLOSED. */
@Revision("1")
public record IssueDismissed(String collaborationId, String issueId, Dismissal dismissal, String duplicateOf, String reason, ActorContext actor, ElectronicSignature signature) implements IssueEvent {
}
