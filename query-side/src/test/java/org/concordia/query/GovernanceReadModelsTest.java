package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.concordia.query.asof.CollaborationModel;
import org.junit.jupiter.api.Test;

/**
 * Ballots, corrections, CAPA, serious breaches and restricted issues in the read models, folded through the same code
 * the live projections persist ({@link CollaborationModel}): issue view, decision register, inbox and report.
 */
class GovernanceReadModelsTest {

    private static final String CID = "c-1";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final DecisionRule RULE = new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, Duration.ofDays(7));
    private static final GovernanceTier TSC = new GovernanceTier("TSC", List.of("tess", "tom", "sven"), "tess",
            Duration.ofDays(3), Duration.ofDays(30), RULE);
    private static final GovernanceTier DMC = new GovernanceTier("DMC", List.of("dana"), "dana", Duration.ofDays(1),
            Duration.ofDays(7), new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, null));
    private static final TierSnapshot AT_TSC = new TierSnapshot(1, 1, TSC);

    private final CollaborationModel model = new CollaborationModel(CID);
    private long seq;
    private Instant at = T0;

    private static ActorContext actor(String username, String party) {
        return new ActorContext(username, party, Set.of(MemberRole.CONTRIBUTOR));
    }

    private static ElectronicSignature signed(String username, SignatureMeaning meaning) {
        return new ElectronicSignature(username, username, meaning, T0, SignatureMethod.PASSWORD);
    }

    private void collaboration(Object event) {
        model.apply(event, seq++, at);
    }

    private void issue(IssueEvent event) {
        at = at.plus(Duration.ofHours(1));
        model.apply(event, seq++, at);
    }

    private Ballot ballot(String username, String party, VoteChoice vote) {
        return new Ballot(username, party, vote, signed(username, CastVote.meaningOf(vote)));
    }

    private void membersAndConflict(String issueId) {
        for (String[] m : new String[][] {{"tess", "cro"}, {"tom", "uni"}, {"sven", "acme"}, {"sita", "site"},
                {"dana", "dmc"}, {"sam", "acme"}}) {
            collaboration(new MemberAdded(CID, m[0], m[1], Set.of(MemberRole.CONTRIBUTOR), actor("cora", null)));
        }
        issue(new IssueRaised(CID, issueId, "C-1", 1, IssueType.CONFLICT, "Visit windows", "Six late visits",
                IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, Set.of("acme", "site"), AT_TSC, actor("sam", "acme")));
        issue(new IssueAcknowledged(CID, issueId, 1, actor("tess", "cro")));
        issue(new ResolutionProposed(CID, issueId, "p-1", "Retrain", "Retrain schedulers", 1, AT_TSC,
                List.of(new Recusal("sven", "acme", RecusalGround.PARTY_INVOLVED, null)), actor("tess", "cro")));
    }

    @Test
    void theBallotShowsItsFrozenBodyRuleAndDeadlineAndItsOutcomeWithTallyAndFlags() {
        membersAndConflict("i-1");
        Instant proposedAt = at;
        issue(new VoteCast(CID, "i-1", "p-1", VoteChoice.APPROVE, null, actor("tom", "uni"),
                signed("tom", SignatureMeaning.APPROVED)));
        IssueView.ProposalView open = model.issue("i-1").proposals().get(0);
        assertThat(open.voters()).containsExactly("tess", "tom", "sven");
        assertThat(open.chair()).isEqualTo("tess");
        assertThat(open.rule()).isEqualTo(RULE);
        assertThat(open.closesAt()).isEqualTo(proposedAt.plus(Duration.ofDays(7)));
        assertThat(open.recusals()).extracting(Recusal::username).containsExactly("sven");

        issue(new ConflictOfInterestDeclared(CID, "i-1", "Co-author of the site PI", "p-1", actor("tom", "uni")));
        issue(new ProposalRejected(CID, "i-1", "p-1", 1, BallotOutcome.NO_QUORUM, RULE, new Tally(1, 0, 0, 0, 1),
                BallotClosure.QUORUM_UNREACHABLE, List.of(ballot("tom", "uni", VoteChoice.APPROVE)
                        .flagged("recused after voting")), "no quorum", null, actor("tom", "uni")));

        IssueView view = model.issue("i-1");
        IssueView.ProposalView closed = view.proposals().get(0);
        assertThat(closed.status()).isEqualTo("NO_QUORUM");
        assertThat(closed.tally()).isEqualTo(new Tally(1, 0, 0, 0, 1));
        assertThat(closed.closure()).isEqualTo("QUORUM_UNREACHABLE");
        assertThat(closed.votes()).singleElement().satisfies(v -> assertThat(v.flag()).startsWith("recused after"));
        assertThat(view.conflictsOfInterest()).extracting(IssueView.ConflictOfInterestView::username)
                                              .containsExactly("tom");
        assertThat(view.status()).isEqualTo(IssueStatus.ACKNOWLEDGED);

        DecisionRegister.Entry entry = model.decisions().decisions().get(0);
        assertThat(entry.outcome()).isEqualTo("NO_QUORUM");
        assertThat(entry.tally()).isEqualTo(new Tally(1, 0, 0, 0, 1));
        assertThat(entry.recusals()).containsExactly(new DecisionRegister.Recusal("sven", "acme", "PARTY_INVOLVED",
                null));
    }

    @Test
    void aSupersededBallotStaysInTheDecisionRegisterWithItsSignedVotes() {
        membersAndConflict("i-1");
        issue(new VoteCast(CID, "i-1", "p-1", VoteChoice.REJECT, null, actor("tom", "uni"),
                signed("tom", SignatureMeaning.REJECTED)));
        issue(new ProposalSuperseded(CID, "i-1", "p-1", 1, RULE, new Tally(2, 0, 1, 0, 0),
                List.of(ballot("tom", "uni", VoteChoice.REJECT)), "superseded by the escalation", ActorContext.SYSTEM));
        issue(new IssueEscalated(CID, "i-1", 1, new TierSnapshot(2, 1, DMC), EscalationCause.SLA_BREACH,
                SlaPhase.RESOLVE, "late", "p-1", ActorContext.SYSTEM));

        List<DecisionRegister.Entry> entries = model.decisions().decisions();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("SUPERSEDED");
            assertThat(e.votes()).singleElement().satisfies(v -> assertThat(v.signature()).isNotNull());
            assertThat(e.reason()).isEqualTo("superseded by the escalation");
        });
        assertThat(model.issue("i-1").proposals().get(0).status()).isEqualTo("SUPERSEDED");
    }

    @Test
    void capaShowsRootCauseImpactActionsOverdueAndEffectivenessAndTheChairSeesOverdueActions() {
        membersAndConflict("i-1");
        issue(new VoteCast(CID, "i-1", "p-1", VoteChoice.APPROVE, null, actor("tom", "uni"),
                signed("tom", SignatureMeaning.APPROVED)));
        issue(new VoteCast(CID, "i-1", "p-1", VoteChoice.APPROVE, null, actor("tess", "cro"),
                signed("tess", SignatureMeaning.APPROVED)));
        issue(new ProposalAdopted(CID, "i-1", "p-1", new Decision("p-1", "Retrain", "Retrain schedulers", 1, "TSC",
                RULE, new Tally(2, 2, 0, 0, 0), BallotClosure.ALL_VOTED, List.of(ballot("tom", "uni",
                VoteChoice.APPROVE), ballot("tess", "cro", VoteChoice.APPROVE))), null, actor("tess", "cro")));
        issue(new RootCauseRecorded(CID, "i-1", RootCauseMethod.FISHBONE, "No training", null, actor("tess", "cro")));
        issue(new ImpactAssessed(CID, "i-1", "No safety impact", RiskLevel.LOW, null, actor("tess", "cro")));
        LocalDate due = LocalDate.of(2026, 3, 10);
        issue(new CorrectiveActionAdded(CID, "i-1", "a-1", ActionKind.CORRECTIVE, "Retrain", "sita", due,
                actor("tess", "cro")));
        issue(new CorrectiveActionAdded(CID, "i-1", "a-2", ActionKind.PREVENTIVE, "Alerts", "sam", due,
                actor("tess", "cro")));
        issue(new ActionCancelled(CID, "i-1", "a-2", "Superseded", actor("tess", "cro")));
        issue(new DueDateExtensionRequested(CID, "i-1", "a-1", due, due.plusDays(14), "Trainer away",
                actor("sita", "site")));
        issue(new EffectivenessCheckPlanned(CID, "i-1", "No late visit in 20", due.plusMonths(2), null,
                actor("tess", "cro")));

        Instant later = Instant.parse("2026-03-20T00:00:00Z");
        IssueView view = model.issue("i-1", later);
        assertThat(view.rootCause().method()).isEqualTo("FISHBONE");
        assertThat(view.impact().risk()).isEqualTo("LOW");
        assertThat(view.actions()).extracting(IssueView.ActionView::status).containsExactly("OPEN", "CANCELLED");
        assertThat(view.actions().get(0).overdue()).isTrue();
        assertThat(view.actions().get(0).requestedDueOn()).isEqualTo("2026-03-24");
        assertThat(view.effectivenessCheck().criteria()).isEqualTo("No late visit in 20");
        assertThat(view.decision().tally()).isEqualTo(new Tally(2, 2, 0, 0, 0));

        Inbox chair = CollaborationModel.inbox("tess", List.of(model.inbox("tess")), later);
        assertThat(chair.overdueActions()).extracting(Inbox.OwnedAction::actionId).containsExactly("a-1");
        assertThat(chair.extensionsToDecide()).extracting(Inbox.OwnedAction::actionId).containsExactly("a-1");
        Inbox owner = CollaborationModel.inbox("sita", List.of(model.inbox("sita")), later);
        assertThat(owner.actions()).singleElement().satisfies(a -> assertThat(a.overdue()).isTrue());

        OpenConflictReport report = model.report(later);
        assertThat(report.totalOpen()).isZero();
        assertThat(report.resolvedWithOpenActions()).isEqualTo(1);
        assertThat(report.openActions()).isEqualTo(1);
        assertThat(report.overdueActions()).isEqualTo(1);
        assertThat(model.report(Instant.parse("2026-03-05T00:00:00Z")).overdueActions()).isZero();
    }

    @Test
    void aCorrectionAndADismissalShowInTheViewWithoutLosingWhatWasThere() {
        membersAndConflict("i-1");
        issue(new IssueDetailsCorrected(CID, "i-1", new IssueDetails("Visit windows", "Six late visits",
                IssueCategory.PROTOCOL_DEVIATION, Set.of("acme", "site")), new IssueDetails("Visit windows 4-7",
                "Seven late visits", IssueCategory.PROTOCOL_DEVIATION, Set.of("acme", "site")), List.of(),
                "Visit 7 too", actor("sam", "acme")));
        assertThat(model.issue("i-1").title()).isEqualTo("Visit windows 4-7");
        issue(new ProposalRejected(CID, "i-1", "p-1", 1, BallotOutcome.REJECTED, RULE, new Tally(2, 0, 2, 0, 0),
                BallotClosure.CLOSED_BY_CHAIR, List.of(), "rejected", signed("tess", SignatureMeaning.BALLOT_CLOSED),
                actor("tess", "cro")));
        issue(new IssueDismissed(CID, "i-1", Dismissal.DUPLICATE, "i-0", "Same as C-0", actor("tess", "cro"),
                signed("tess", SignatureMeaning.CLOSED_WITHOUT_VOTE)));
        IssueView view = model.issue("i-1");
        assertThat(view.status()).isEqualTo(IssueStatus.CLOSED);
        assertThat(view.closing().dismissal()).isEqualTo("DUPLICATE");
        assertThat(view.closing().duplicateOf()).isEqualTo("i-0");
        assertThat(view.links()).extracting(IssueView.LinkView::relation).contains("DUPLICATES");
    }

    @Test
    void aRestrictedIssueIsInTheReportsAndRegistersOfThoseWhoMaySeeItOnly() {
        for (String[] m : new String[][] {{"dana", "dmc"}, {"sam", "acme"}}) {
            collaboration(new MemberAdded(CID, m[0], m[1], Set.of(MemberRole.CONTRIBUTOR), actor("cora", null)));
        }
        issue(new IssueRaised(CID, "i-9", "C-9", 9, IssueType.ISSUE, "Unblinded signal", "Arm B",
                IssueCategory.SAFETY, Severity.CRITICAL, Set.of("dmc"), new TierSnapshot(2, 1, DMC), "restricted",
                Set.of("DMC"), null, actor("dana", "dmc")));
        issue(new SeriousBreachFlagged(CID, "i-9", "Dosing error", actor("dana", "dmc")));
        Instant flaggedAt = at;

        Viewer outsider = new Viewer("sam", false, Set.of("TSC"));
        Viewer dmcMember = new Viewer("dana", false, Set.of("DMC"));
        Viewer auditor = new Viewer("audrey", true, Set.of());
        Instant eightDaysOn = flaggedAt.plus(Duration.ofDays(8));
        assertThat(model.report(eightDaysOn, outsider.keys()).totalOpen()).isZero();
        assertThat(model.report(eightDaysOn, outsider.keys()).seriousBreaches()).isEmpty();
        OpenConflictReport seen = model.report(eightDaysOn, dmcMember.keys());
        assertThat(seen.totalOpen()).isEqualTo(1);
        assertThat(seen.seriousBreaches()).singleElement().satisfies(b -> {
            assertThat(b.notifyBy()).isEqualTo(flaggedAt.plus(Duration.ofDays(7)));
            assertThat(b.overdue()).isTrue();
        });
        assertThat(model.report(eightDaysOn, auditor.keys()).totalOpen()).isEqualTo(1);
        assertThat(model.issue("i-9", eightDaysOn).seriousBreach().overdue()).isTrue();

        issue(new SeriousBreachReported(CID, "i-9", "CTIS-42", null, actor("dana", "dmc")));
        assertThat(model.report(eightDaysOn, dmcMember.keys()).seriousBreaches()).singleElement()
                                                                                 .satisfies(b -> {
                                                                                     assertThat(b.overdue()).isFalse();
                                                                                     assertThat(b.reference())
                                                                                             .isEqualTo("CTIS-42");
                                                                                 });
        assertThat(outsider.sees(Set.of("DMC"), "dana", "DMC")).isFalse();
        assertThat(dmcMember.sees(Set.of("DMC"), "dana", "DMC")).isTrue();
        assertThat(new Viewer("sam", false, Set.of()).sees(Set.of("DMC"), "sam", "DMC")).as("the raiser").isTrue();
    }
}
