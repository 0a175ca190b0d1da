package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Comment on an issue; by any CONTRIBUTOR/COORDINATOR or tier member. */
public record CommentOnIssue(@TargetAggregateIdentifier String issueId, String commentId, String text, String actor) {

    public CommentOnIssue {
        Check.id("issueId", issueId);
        Check.id("commentId", commentId);
        Check.text("text", text, Check.TEXT_MAX);
        Check.id("actor", actor);
    }
}
