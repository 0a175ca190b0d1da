package org.concordia.infra.records;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.issue.Viewers;
import org.concordia.infra.audit.AuditRecords;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.query.audit.AuditTrail;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Human-readable records (21 CFR 11.10(b)) as PDF: the record of one issue, and a tier's meeting pack. Read from
 * the same views and query handlers as the API and the workspace pages (issue view, issue list, audit trail), with
 * the same authorization: 404 for anyone not an active member of the collaboration, and for a restricted issue the
 * reader may not see; such issues are left out of a meeting pack as if they did not exist.
 */
@Component
public class PrintedRecords {

    /** Not done yet: the list's paging bound; a tier with more open issues than this says so in its pack. */
    static final int MOST_ISSUES_IN_A_PACK = 2_000;
    private static final Set<IssueStatus> OPEN = EnumSet.of(IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED,
                                                             IssueStatus.RESOLUTION_PROPOSED);
    private static final Set<IssueStatus> FINISHED = EnumSet.of(IssueStatus.CLOSED, IssueStatus.WITHDRAWN);

    private final QueryGateway queries;
    private final ApiSupport api;
    private final Viewers viewers;
    private final AuditTrail auditTrail;
    private final CommitLog commits;
    private final AuditService audit;
    private final PdfRenderer renderer;
    private final Clock clock;

    PrintedRecords(QueryGateway queries, ApiSupport api, Viewers viewers, AuditTrail auditTrail, CommitLog commits,
                   AuditService audit, PdfRenderer renderer) {
        this.queries = queries;
        this.api = api;
        this.viewers = viewers;
        this.auditTrail = auditTrail;
        this.commits = commits;
        this.audit = audit;
        this.renderer = renderer;
        this.clock = Clock.systemUTC();
    }

    /** A printed document: its bytes and the file name to offer. */
    public record Pdf(String fileName, byte[] bytes) {

        /** The PDF inline (a browser shows it), named for saving, never cached: it is one member's view. */
        public ResponseEntity<byte[]> response() {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.inline().filename(fileName).build().toString())
                    .cacheControl(CacheControl.noStore())
                    .body(bytes);
        }
    }

    /**
     * Where a printed record stands in the trail: the store's head when it was generated, the last event it shows
     * (an issue's; 0 for a pack) and the audit chain as sealed then (its last chained position and head hash).
     */
    public record Provenance(Instant generatedAt, String generatedBy, long storeHead, long lastEventShown,
                             long chainedThrough, long chainLength, String chainHead) {
        public boolean chainCoversRecord() {
            return chainedThrough >= lastEventShown;
        }
    }

    /** One line of the timeline: who, for which party, in which roles, when (UTC), what, and why. */
    public record TimelineLine(long position, Instant at, String actor, String party, List<String> roles,
                               String what, String reason) {
    }

    /** An open ballot with its votes so far and who has yet to vote. */
    public record Ballot(IssueView issue, IssueView.ProposalView proposal, List<String> yetToVote) {
    }

    /** An open CAPA action past its due date. */
    public record OverdueAction(IssueView issue, IssueView.ActionView action) {
    }

    /** The record of one issue. */
    public Pdf issueRecord(String collaborationId, String issueId, String username) {
        Instant now = now();
        long head = commits.headPosition();
        Viewer viewer = viewers.of(collaborationId, username);
        CollaborationView collaboration = api.requireMember(collaborationId, username);
        viewers.requireVisible(collaborationId, issueId, viewer);
        IssueView issue = queries.query(new FindIssue(collaborationId, issueId, null, now),
                                        ResponseTypes.instanceOf(IssueView.class)).join();
        if (issue == null) {
            throw new NotFound();
        }
        Map<String, String> partyNames = partyNames(collaboration);
        List<TimelineLine> timeline;
        try (Stream<AuditEntry> entries = auditTrail.entries(new FindAuditTrail(
                collaborationId, issueId, null, null, null, -1, FindAuditTrail.MAX_LIMIT))) {
            timeline = entries.map(entry -> line(entry, partyNames)).toList();
        }
        long lastShown = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).position();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("collaboration", collaboration);
        model.put("issue", issue);
        model.put("partyNames", partyNames);
        model.put("timeline", timeline);
        model.put("provenance", provenance(now, username, head, lastShown));
        return new Pdf(fileName(collaboration.key(), issue.key() == null ? issue.id() : issue.key(), "record"),
                       renderer.render("issue-record", model));
    }

    /**
     * The pack for a tier's meeting ({@code tier}: its level, 1 for the ladder's first rung): the open issues at the
     * tier, its open ballots with their votes so far, and the overdue CAPA actions of its issues (resolved ones
     * included: their actions are still to be done).
     */
    public Pdf meetingPack(String collaborationId, int tier, String username) {
        Instant now = now();
        long head = commits.headPosition();
        Viewer viewer = viewers.of(collaborationId, username);
        CollaborationView collaboration = api.requireMember(collaborationId, username);
        List<GovernanceTier> tiers = collaboration.governance() == null ? List.of()
                : collaboration.governance().tiers();
        if (tier < 1 || tier > tiers.size()) {
            throw new NotFound();
        }
        GovernanceTier rung = tiers.get(tier - 1);

        List<IssueSummary> atTier = new ArrayList<>();
        boolean truncated = false;
        for (int page = 0; ; page++) {
            IssuePage found = queries.query(new FindIssues(collaborationId, null, tier, null, null, null, null, page,
                                                           FindIssues.MAX_SIZE, null, viewer),
                                            ResponseTypes.instanceOf(IssuePage.class)).join();
            found.items().stream().filter(s -> !FINISHED.contains(s.status())).forEach(atTier::add);
            if (found.items().size() < FindIssues.MAX_SIZE) {
                break;
            }
            if (atTier.size() >= MOST_ISSUES_IN_A_PACK) {
                truncated = true;
                break;
            }
        }
        List<IssueSummary> openItems = new ArrayList<>();
        List<Ballot> ballots = new ArrayList<>();
        List<OverdueAction> overdue = new ArrayList<>();
        for (IssueSummary summary : atTier) {
            if (OPEN.contains(summary.status())) {
                openItems.add(summary);
            }
            IssueView issue = queries.query(new FindIssue(collaborationId, summary.id(), null, now),
                                            ResponseTypes.instanceOf(IssueView.class)).join();
            if (issue == null || !viewer.sees(issue.restrictedToTiers(), issue.raisedBy(), issue.tierName())) {
                continue; // moved on or out of sight since the list was read
            }
            for (IssueView.ProposalView proposal : issue.proposals()) {
                if ("OPEN".equals(proposal.status())) {
                    List<String> voted = proposal.votes().stream().map(IssueView.VoteView::username).toList();
                    List<String> yet = proposal.voters() == null ? List.of()
                            : proposal.voters().stream().filter(v -> !voted.contains(v)).toList();
                    ballots.add(new Ballot(issue, proposal, yet));
                }
            }
            issue.actions().stream().filter(IssueView.ActionView::overdue)
                 .forEach(action -> overdue.add(new OverdueAction(issue, action)));
        }
        openItems.sort((a, b) -> a.raisedAt().compareTo(b.raisedAt()));
        overdue.sort((a, b) -> a.action().dueOn().compareTo(b.action().dueOn()));

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("collaboration", collaboration);
        model.put("level", tier);
        model.put("tier", rung);
        model.put("openItems", openItems);
        model.put("ballots", ballots);
        model.put("overdueActions", overdue);
        model.put("truncated", truncated);
        model.put("partyNames", partyNames(collaboration));
        model.put("provenance", provenance(now, username, head, 0));
        return new Pdf(fileName(collaboration.key(), "tier-" + tier, "meeting-pack"),
                       renderer.render("meeting-pack", model));
    }

    private Provenance provenance(Instant now, String username, long head, long lastShown) {
        AuditRecords.State chain = audit.chain().records().state();
        return new Provenance(now, username, head, lastShown, chain.lastPosition(), chain.treeSize(),
                              chain.chainHead());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Map<String, String> partyNames(CollaborationView collaboration) {
        Map<String, String> names = new LinkedHashMap<>();
        collaboration.parties().forEach(p -> names.put(p.partyId(), p.name()));
        return names;
    }

    private static TimelineLine line(AuditEntry entry, Map<String, String> partyNames) {
        List<String> roles = new ArrayList<>();
        if (entry.data() != null && entry.data().get("actor") instanceof Map<?, ?> actor
            && actor.get("roles") instanceof Collection<?> names) {
            names.forEach(name -> roles.add(String.valueOf(name)));
            roles.sort(null);
        }
        String party = entry.actorParty() == null ? null
                : partyNames.getOrDefault(entry.actorParty(), entry.actorParty());
        return new TimelineLine(entry.position(), entry.occurredAt(), entry.actor(), party, roles, entry.summary(),
                                entry.reason());
    }

    /** "ONCO-demo-7-record.pdf": letters, digits and dashes only, so it needs no quoting in a header. */
    private static String fileName(String collaborationKey, String what, String kind) {
        return (collaborationKey + "-" + what + "-" + kind).replaceAll("[^A-Za-z0-9-]", "-") + ".pdf";
    }
}
