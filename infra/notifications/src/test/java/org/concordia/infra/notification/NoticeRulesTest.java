package org.concordia.infra.notification;

import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.BallotClosure;
import org.concordia.kernel.issue.BallotOutcome;
import org.concordia.kernel.issue.EscalationCause;
import org.concordia.kernel.issue.IssueAcknowledged;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.SlaBreached;
import org.concordia.kernel.issue.SlaPhase;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.issue.query.IssueView.ActionView;
import org.concordia.kernel.issue.query.IssueView.ProposalView;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.query.inbox.InboxBook.Facts;
import org.concordia.query.support.Members;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What an issue event tells whom: the inbox's new items, ballots closed, SLAs breached; never the actor. */
class NoticeRulesTest {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final ActorContext CARL = new ActorContext("carl", "site", Set.of());

    static Facts facts(IssueStatus status, int tier, List<String> members, ProposalView ballot,
                       List<ActionView> actions) {
        return new Facts("c1", "i1", 1, "T-1", "Courier strike", status, tier, members, "HIGH", IssueType.ISSUE,
                         List.of("site"), AT, ballot, actions, "carl", List.of());
    }

    static NoticeRules.Snapshot at(Facts f, String tierName) {
        return new NoticeRules.Snapshot(f, tierName);
    }

    static ProposalView ballot(List<String> voters) {
        return new ProposalView("p1", "Second courier", "text", "OPEN", 1, "carl", AT, List.of(), voters, "carl", null,
                                List.of(), null, null, null, null);
    }

    static List<String> who(List<Notice> notices, NoticeKind kind) {
        return notices.stream().filter(n -> n.kind() == kind).map(Notice::username).toList();
    }

    @Test
    void aNewIssueAtATierIsToldToItsMembersButNotToWhoRaisedIt() {
        Facts after = facts(IssueStatus.OPEN, 1, List.of("carl", "tess"), null, List.of());
        List<Notice> notices = NoticeRules.of(new IssueAcknowledged("c1", "i1", 1, CARL), 0, AT, null,
                                              at(after, "Working group"), new Members());
        assertThat(who(notices, NoticeKind.ISSUE_TO_ACKNOWLEDGE)).containsExactly("tess");
        assertThat(notices.get(0).id()).isEqualTo("i1|0|ISSUE_TO_ACKNOWLEDGE|tess");
        assertThat(notices.get(0).detail()).contains("Working group");
    }

    @Test
    void nothingNewInTheInboxTellsNobody() {
        Facts same = facts(IssueStatus.OPEN, 1, List.of("carl", "tess"), null, List.of());
        assertThat(NoticeRules.of(new IssueAcknowledged("c1", "i1", 1, CARL), 3, AT, at(same, "W"), at(same, "W"),
                                  new Members())).isEmpty();
    }

    @Test
    void aBallotOpenedIsToldToItsFrozenVotersNotToTheProposerAndItsCloseToVotersAndBody() {
        Facts before = facts(IssueStatus.ACKNOWLEDGED, 1, List.of("carl", "tess", "vera"), null, List.of());
        Facts open = facts(IssueStatus.RESOLUTION_PROPOSED, 1, List.of("carl", "tess", "vera"),
                           ballot(List.of("carl", "tess", "vera")), List.of());
        List<Notice> opened = NoticeRules.of(new IssueAcknowledged("c1", "i1", 1, CARL), 5, AT, at(before, "W"),
                                             at(open, "W"), new Members());
        assertThat(who(opened, NoticeKind.BALLOT_OPENED)).containsExactlyInAnyOrder("tess", "vera");

        ActorContext vera = new ActorContext("vera", "site", Set.of());
        ProposalRejected rejected = new ProposalRejected("c1", "i1", "p1", 1, BallotOutcome.NO_QUORUM, null,
                new Tally(3, 0, 1, 0, 0), BallotClosure.DEADLINE, List.of(), "no quorum", null, vera);
        List<Notice> closed = NoticeRules.of(rejected, 6, AT, at(open, "W"), at(before, "W"), new Members());
        assertThat(who(closed, NoticeKind.BALLOT_CLOSED)).containsExactlyInAnyOrder("carl", "tess");
        assertThat(closed.get(0).detail()).contains("Second courier").contains("not adopted (no quorum)");
    }

    @Test
    void anActionGivenIsToldToItsOwner() {
        Facts before = facts(IssueStatus.RESOLVED, 1, List.of("carl"), null, List.of());
        ActionView action = new ActionView("a1", "CORRECTIVE", "Train staff", "sam", "2027-01-31", "OPEN", "carl", AT,
                                           null, null, null, null, false);
        Facts after = facts(IssueStatus.RESOLVED, 1, List.of("carl"), null, List.of(action));
        List<Notice> notices = NoticeRules.of(new IssueAcknowledged("c1", "i1", 1, CARL), 9, AT, at(before, "W"),
                                              at(after, "W"), new Members());
        assertThat(who(notices, NoticeKind.ACTION_ASSIGNED)).containsExactly("sam");
        assertThat(notices.get(0).detail()).contains("Train staff").contains("2027-01-31");
    }

    @Test
    void anExtensionRequestedIsToldToTheChairWhoDecidesIt() {
        ActionView asked = new ActionView("a1", "CORRECTIVE", "Train staff", "sam", "2027-01-31", "OPEN", "carl", AT,
                                          null, null, null, null, false);
        ActionView extended = new ActionView("a1", "CORRECTIVE", "Train staff", "sam", "2027-01-31", "OPEN", "carl",
                                             AT, null, null, "2027-03-31", null, false);
        Facts before = facts(IssueStatus.RESOLVED, 1, List.of("carl"), null, List.of(asked));
        Facts after = facts(IssueStatus.RESOLVED, 1, List.of("carl"), null, List.of(extended));
        ActorContext sam = new ActorContext("sam", "sponsor", Set.of());
        List<Notice> notices = NoticeRules.of(new IssueAcknowledged("c1", "i1", 1, sam), 10, AT, at(before, "W"),
                                              at(after, "W"), new Members());
        assertThat(who(notices, NoticeKind.EXTENSION_REQUESTED)).containsExactly("carl");
        assertThat(notices.get(0).detail()).contains("2027-03-31");
    }

    @Test
    void anSlaBreachIsToldToTheBodyItWasBreachedAt() {
        GovernanceTier second = new GovernanceTier("Steering committee", List.of("prof"), "prof", Duration.ofDays(2),
                Duration.ofDays(14), new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, null));
        Facts before = facts(IssueStatus.OPEN, 1, List.of("carl", "tess"), null, List.of());
        Facts after = facts(IssueStatus.OPEN, 2, List.of("prof"), null, List.of());
        IssueEscalated escalated = new IssueEscalated("c1", "i1", 1, new TierSnapshot(2, 1, second),
                EscalationCause.SLA_BREACH, SlaPhase.ACKNOWLEDGE, "SLA", null, ActorContext.SYSTEM);
        List<Notice> notices = NoticeRules.of(escalated, 4, AT, at(before, "Working group"),
                                              at(after, "Steering committee"), new Members());
        assertThat(who(notices, NoticeKind.SLA_BREACHED)).containsExactlyInAnyOrder("carl", "tess");
        assertThat(who(notices, NoticeKind.ISSUE_TO_ACKNOWLEDGE)).containsExactly("prof");
        assertThat(notices.stream().filter(n -> n.kind() == NoticeKind.SLA_BREACHED).findFirst().orElseThrow()
                          .detail()).contains("acknowledge SLA of tier 1 (Working group)")
                                    .contains("escalated to tier 2 (Steering committee)");

        SlaBreached top = new SlaBreached("c1", "i1", 2, SlaPhase.RESOLVE, "top", ActorContext.SYSTEM);
        List<Notice> atTheTop = NoticeRules.of(top, 5, AT, at(after, "Steering committee"),
                                               at(after, "Steering committee"), new Members());
        assertThat(who(atTheTop, NoticeKind.SLA_BREACHED)).containsExactly("prof", "carl");
    }
}
