package org.concordia.command.issue;

/** Payload of a ballot's deadline: the proposal it closes (a deadline of a ballot closed since is stale). */
public record BallotDeadline(String issueId, String proposalId) {
}
