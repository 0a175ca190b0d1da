package org.concordia.kernel.issue;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** Title, description, category or involved parties corrected from {@code previous} to {@code corrected}, for {@code reason}. Recusals are recomputed: {@code flaggedVotes} are the voters on the open ballot whose votes, cast before, are now flagged (kept, not counted). */
@Revision("1")
public record IssueDetailsCorrected(String collaborationId, String issueId, IssueDetails previous, IssueDetails corrected, List<String> flaggedVotes, String reason, ActorContext actor) implements IssueEvent {
}
