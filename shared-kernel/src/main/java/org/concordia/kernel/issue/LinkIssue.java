package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Link this issue to another one. */
public record LinkIssue(@TargetAggregateIdentifier String issueId, String relatedIssueId, LinkRelation relation, String actor) {

    public LinkIssue {
        Check.id("issueId", issueId);
        Check.id("relatedIssueId", relatedIssueId);
        Check.notNull("relation", relation);
        Check.id("actor", actor);
    }
}
