package org.concordia.kernel.issue;

import org.concordia.kernel.shared.ElectronicSignature;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The effectiveness check, done after every action was completed by someone other than the action owners and the proposer, signed (EFFECTIVENESS_VERIFIED or EFFECTIVENESS_NOT_VERIFIED). Only an effective latest check allows closing as CLOSED_AS_EFFECTIVE. */
@Revision("1")
public record EffectivenessCheckRecorded(String collaborationId, String issueId, boolean effective, String findings, ActorContext actor, ElectronicSignature signature) implements IssueEvent {
}
