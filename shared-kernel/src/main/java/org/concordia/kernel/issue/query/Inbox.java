package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

public record Inbox(String username, List<ToAcknowledge> toAcknowledge, List<ToVote> toVote,
                    List<OwnedAction> actions) {

    /** An OPEN issue at a tier whose body the user sits on. */
    public record ToAcknowledge(String collaborationId, String issueId, String key, String title, int tier,
                                String severity, Instant since) {
    }

    /** An open proposal the user may vote on (sits on the body, not recused) and has not voted on yet. */
    public record ToVote(String collaborationId, String issueId, String key, String proposalId, String summary,
                         Instant proposedAt) {
    }

    /** An uncompleted CAPA action the user owns. */
    public record OwnedAction(String collaborationId, String issueId, String key, String actionId, String kind,
                              String description, LocalDate dueOn) {
    }
}
