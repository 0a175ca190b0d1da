package org.concordia.infra.api.issue;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.Viewer;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who reads, for restricted issues: an AUDITOR of the collaboration sees every issue; any other member sees the
 * unrestricted ones and a restricted one when they raised it or sit, in the ladder in force, on its current tier or
 * on a tier it is restricted to. The one source of truth for every view that shows issues or their events: the issue
 * views, lists, report and decision register, the audit trail and its downloads, the feed, the SSE stream and webhooks.
 */
@Component
public class Viewers {

    private final ApiSupport api;
    private final QueryGateway queries;

    Viewers(ApiSupport api, QueryGateway queries) {
        this.api = api;
        this.queries = queries;
    }

    /** The member reading the collaboration; 404 for anyone not an active member of it now. */
    public Viewer of(String collaborationId, String username) {
        return ofMember(collaborationId, username).orElseThrow(NotFound::new);
    }

    /** The member reading the collaboration, or empty for anyone not an active member of it now. */
    public Optional<Viewer> ofMember(String collaborationId, String username) {
        return api.findCollaboration(collaborationId).flatMap(collaboration -> ofMember(collaboration, username));
    }

    /** The member reading {@code collaboration} (a view as current as the caller needs), or empty for anyone else. */
    public Optional<Viewer> ofMember(CollaborationView collaboration, String username) {
        return collaboration.activeMember(username)
                .map(member -> new Viewer(username, member.roles().contains(MemberRole.AUDITOR),
                                          collaboration.governance().tiersOf(username)));
    }

    /** Whether the viewer may see the issue of the collaboration (false too when there is no such issue). */
    public boolean sees(String collaborationId, String issueId, Viewer viewer) {
        if (viewer.seesEverything()) {
            return true;
        }
        try {
            requireVisible(collaborationId, issueId, viewer);
            return true;
        } catch (NotFound hidden) {
            return false;
        }
    }

    /**
     * The issues of the collaboration the viewer may see, as a test of issue ids for one read of many events (it
     * remembers what it looked up; take a new one per request or batch).
     */
    public Predicate<String> issuesVisibleTo(String collaborationId, Viewer viewer) {
        if (viewer.seesEverything()) {
            return issueId -> true;
        }
        Map<String, Boolean> decided = new HashMap<>();
        return issueId -> issueId == null
                          || decided.computeIfAbsent(issueId, id -> sees(collaborationId, id, viewer));
    }

    /**
     * Another member's open items (what waits for them) as the viewer may see them: the items of issues restricted
     * from the viewer are left out, titles and all.
     */
    public Inbox itemsVisibleTo(String collaborationId, Inbox items, Viewer viewer) {
        Predicate<String> visible = issuesVisibleTo(collaborationId, viewer);
        return new Inbox(items.username(),
                         items.toAcknowledge().stream().filter(i -> visible.test(i.issueId())).toList(),
                         items.toVote().stream().filter(i -> visible.test(i.issueId())).toList(),
                         items.actions().stream().filter(i -> visible.test(i.issueId())).toList(),
                         items.overdueActions().stream().filter(i -> visible.test(i.issueId())).toList(),
                         items.extensionsToDecide().stream().filter(i -> visible.test(i.issueId())).toList());
    }

    /**
     * 404 unless the issue exists in the collaboration and the viewer may see it. An unrestricted issue (or a viewer who
     * may see it whatever its tier) is decided from how it was raised; otherwise from its current tier in its view.
     */
    public void requireVisible(String collaborationId, String issueId, Viewer viewer) {
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
