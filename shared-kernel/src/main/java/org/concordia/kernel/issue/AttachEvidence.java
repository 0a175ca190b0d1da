package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Attach a reference to a document (http(s) uri, optional sha256). */
public record AttachEvidence(@TargetAggregateIdentifier String issueId, String evidenceId, String title, String uri, String sha256, String actor) {

    public AttachEvidence {
        Check.id("issueId", issueId);
        Check.id("evidenceId", evidenceId);
        Check.text("title", title, Check.TITLE_MAX);
        Check.httpUri("uri", uri);
        Check.sha256("sha256", sha256);
        Check.id("actor", actor);
    }
}
