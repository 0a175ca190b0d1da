package org.concordia.infra.api.issue;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.Viewer;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Who reads, for restricted issues: an AUDITOR of the collaboration sees every issue; any other member sees the
 * unrestricted ones and a restricted one when they raised it or sit, in the ladder in force, on its current tier or
 * on a tier it is restricted to.
 */
@Component
class Viewers {

    private final ApiSupport api;
    private final QueryGateway queries;

    Viewers(ApiSupport api, QueryGateway queries) {
        this.api = api;
        this.queries = queries;
    }

    Viewer of(String collaborationId, String username) {
        CollaborationView collaboration = api.requireMember(collaborationId, username);
        boolean auditor = collaboration.activeMember(username)
                                       .map(m -> m.roles().contains(MemberRole.AUDITOR)).orElse(false);
        return new Viewer(username, auditor, collaboration.governance().tiersOf(username));
    }

    /**
     * 404 unless the issue exists in the collaboration and the viewer may see it. An unrestricted issue (or a viewer who
     * may see it whatever its tier) is decided from how it was raised; otherwise from its current tier in its view.
     */
    void requireVisible(String collaborationId, String issueId, Viewer viewer) {
        ApiSupport.IssueOrigin origin = api.requireOriginIn(collaborationId, issueId);
        boolean whateverItsTier = viewer.seesEverything() || origin.restrictedToTiers().isEmpty()
                                  || viewer.username().equals(origin.raisedBy())
                                  || origin.restrictedToTiers().stream().anyMatch(viewer.tiers()::contains);
        if (!whateverItsTier) {
            requireVisible(queries.query(new FindIssue(collaborationId, issueId, null, Instant.now()),
                                         ResponseTypes.instanceOf(IssueView.class)).join(), viewer);
        }
    }

    /** 404 for a restricted issue the viewer may not see, as for one that does not exist. */
    IssueView requireVisible(IssueView view, Viewer viewer) {
        if (view == null || !viewer.sees(view.restrictedToTiers(), view.raisedBy(), view.tierName())) {
            throw new NotFound();
        }
        return view;
    }
}
