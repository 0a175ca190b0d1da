package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * A vote on the open proposal. Revision 2 added the voter's {@code signature} (21 CFR 11.50); it is null only on
 * votes recorded before electronic signatures (revision 1, upcast).
 * Revision 3: same shape; the signature's meaning may take the values added with decision rules and CAPA
 * (revision-2 events read unchanged).
 */
@Revision("3")
public record VoteCast(String collaborationId, String issueId, String proposalId, VoteChoice vote, String comment,
        ActorContext actor, ElectronicSignature signature) implements IssueEvent {
}
