package org.concordia.command.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.command.issue.IssueTestSupport.*;
import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.*;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.Test;

/**
 * The sponsor and the Berlin site disagree over a protocol deviation. The working group lets the acknowledge
 * SLA lapse, so the conflict climbs to the trial steering committee, which acknowledges it, votes a proposal
 * (the sponsor's member is recused), adopts it, has CAPA actions carried out and closes the issue.
 * Each step is a fixture run on the history so far; the full history is asserted at the end.
 */
class ProtocolDeviationConflictScenarioTest {

    private final FakeCollaborationDirectory directory = new FakeCollaborationDirectory();
    private final AggregateTestFixture<Issue> fixture = fixture(directory);
    private final List<Object> history = new ArrayList<>();

    private void step(Object command, Object... expected) {
        fixture.given(history).when(command).expectEvents(expected);
        history.addAll(List.of(expected));
    }

    private void refused(Object command, DomainRule rule) {
        expectRefused(fixture.given(history).when(command), rule);
    }

    @Test
    void sponsorAndSiteConflictIsSettledByTheSteeringCommittee() {
        LocalDate due = LocalDate.of(2026, 5, 31);
        String sha = "0123456789abcdef".repeat(4);

        IssueRaised raised = conflictRaised();
        fixture.givenNoPriorActivity().when(RAISE_CONFLICT).expectEvents(raised);
        history.add(raised);

        IssueEscalated slaEscalation = new IssueEscalated(CID, ISSUE, 1, TIER_2, EscalationCause.SLA_BREACH,
                SlaPhase.ACKNOWLEDGE, "SLA breached at tier 1 (Working group): not acknowledged within PT48H", null,
                ActorContext.SYSTEM);
        fixture.givenCommands(RAISE_CONFLICT)
               .whenTimeElapses(Duration.ofDays(2))
               .expectEvents(slaEscalation)
               .expectScheduledDeadline(Duration.ofDays(3), new SlaDeadline(ISSUE, 2, SlaPhase.ACKNOWLEDGE, 1));
        history.add(slaEscalation);

        refused(new AcknowledgeIssue(ISSUE, WENDY), DomainRule.NOT_A_TIER_MEMBER);
        step(new AttachEvidence(ISSUE, "ev-1", "Visit log extract", "https://dms.example.org/trial/visits.pdf", sha,
                        SITA),
                new EvidenceAttached(CID, ISSUE, "ev-1", "Visit log extract",
                        "https://dms.example.org/trial/visits.pdf", sha, actor(SITA)));
        step(new AcknowledgeIssue(ISSUE, TESS), new IssueAcknowledged(CID, ISSUE, 2, actor(TESS)));
        step(new AssignIssue(ISSUE, TESS, null, CORA), new IssueAssigned(CID, ISSUE, TESS, null, actor(CORA)));
        step(new ProposeResolution(ISSUE, "p-1", "Accept deviation, retrain site", "Deviation accepted as minor; "
                        + "site retrains schedulers; sponsor adds window alerts.", TESS),
                new ResolutionProposed(CID, ISSUE, "p-1", "Accept deviation, retrain site",
                        "Deviation accepted as minor; site retrains schedulers; sponsor adds window alerts.", 2,
                        TIER_2, List.of(SVEN_RECUSED), actor(TESS)));
        refused(new CastVote(ISSUE, "p-1", VoteChoice.REJECT, null, SVEN,
                signed(SVEN, VoteChoice.REJECT)), DomainRule.VOTER_RECUSED);
        step(new CastVote(ISSUE, "p-1", VoteChoice.APPROVE, "Proportionate", TESS, signed(TESS, VoteChoice.APPROVE)),
                new VoteCast(CID, ISSUE, "p-1", VoteChoice.APPROVE, "Proportionate", actor(TESS),
                        signed(TESS, VoteChoice.APPROVE)));
        Decision decision = new Decision("p-1", "Accept deviation, retrain site",
                "Deviation accepted as minor; site retrains schedulers; sponsor adds window alerts.", 2,
                "Trial steering committee", TSC_RULE, new Tally(2, 2, 0, 0, 0), BallotClosure.ALL_VOTED,
                List.of(new Ballot(TESS, CRO, VoteChoice.APPROVE, signed(TESS, VoteChoice.APPROVE)),
                        new Ballot(TOM, UNI, VoteChoice.APPROVE, signed(TOM, VoteChoice.APPROVE))));
        step(new CastVote(ISSUE, "p-1", VoteChoice.APPROVE, null, TOM, signed(TOM, VoteChoice.APPROVE)),
                new VoteCast(CID, ISSUE, "p-1", VoteChoice.APPROVE, null, actor(TOM), signed(TOM, VoteChoice.APPROVE)),
                new ProposalAdopted(CID, ISSUE, "p-1", decision, actor(TOM)));
        refused(new AddCorrectiveAction(ISSUE, "a-1", ActionKind.CORRECTIVE, "Retrain", SITA, due, TESS),
                DomainRule.ROOT_CAUSE_NOT_RECORDED);
        step(new RecordRootCause(ISSUE, RootCauseMethod.FIVE_WHYS, "Schedulers were never trained on the window",
                        null, TESS),
                new RootCauseRecorded(CID, ISSUE, RootCauseMethod.FIVE_WHYS,
                        "Schedulers were never trained on the window", null, actor(TESS)));
        step(new AssessImpact(ISSUE, "Six visits late; no safety impact; primary endpoint unaffected",
                        RiskLevel.MEDIUM, null, TESS),
                new ImpactAssessed(CID, ISSUE, "Six visits late; no safety impact; primary endpoint unaffected",
                        RiskLevel.MEDIUM, null, actor(TESS)));
        step(new AddCorrectiveAction(ISSUE, "a-1", ActionKind.CORRECTIVE, "Retrain visit schedulers", SITA, due, TESS),
                new CorrectiveActionAdded(CID, ISSUE, "a-1", ActionKind.CORRECTIVE, "Retrain visit schedulers", SITA,
                        due, actor(TESS)));
        step(new AddCorrectiveAction(ISSUE, "a-2", ActionKind.PREVENTIVE, "Visit window alerts in EDC", SAM, due, CORA),
                new CorrectiveActionAdded(CID, ISSUE, "a-2", ActionKind.PREVENTIVE, "Visit window alerts in EDC", SAM,
                        due, actor(CORA)));
        refused(new CloseIssue(ISSUE, "done", CORA, closedAsEffective(CORA)), DomainRule.ACTIONS_STILL_OPEN);
        step(new CompleteAction(ISSUE, "a-1", "Training records filed", SITA),
                new ActionCompleted(CID, ISSUE, "a-1", "Training records filed", actor(SITA)));
        step(new CompleteAction(ISSUE, "a-2", null, SAM), new ActionCompleted(CID, ISSUE, "a-2", null, actor(SAM)));
        refused(new CloseIssue(ISSUE, "CAPA effective", CORA, closedAsEffective(CORA)),
                DomainRule.EFFECTIVENESS_NOT_VERIFIED);
        step(new PlanEffectivenessCheck(ISSUE, "No visit outside the window in the next 20 visits", due.plusMonths(2),
                        null, CORA),
                new EffectivenessCheckPlanned(CID, ISSUE, "No visit outside the window in the next 20 visits",
                        due.plusMonths(2), null, actor(CORA)));
        ElectronicSignature verified = signed(TOM, SignatureMeaning.EFFECTIVENESS_VERIFIED);
        refused(new RecordEffectivenessCheck(ISSUE, true, "My proposal worked", TESS,
                signed(TESS, SignatureMeaning.EFFECTIVENESS_VERIFIED)), DomainRule.SEGREGATION_OF_DUTIES);
        step(new RecordEffectivenessCheck(ISSUE, true, "20 of 20 visits in window", TOM, verified),
                new EffectivenessCheckRecorded(CID, ISSUE, true, "20 of 20 visits in window", actor(TOM), verified));
        step(new CloseIssue(ISSUE, "CAPA effective", CORA, closedAsEffective(CORA)),
                new IssueClosed(CID, ISSUE, "CAPA effective", actor(CORA), closedAsEffective(CORA)));

        assertThat(history).extracting(event -> event.getClass().getSimpleName()).containsExactly(
                "IssueRaised", "IssueEscalated", "EvidenceAttached", "IssueAcknowledged", "IssueAssigned",
                "ResolutionProposed", "VoteCast", "VoteCast", "ProposalAdopted", "RootCauseRecorded", "ImpactAssessed",
                "CorrectiveActionAdded", "CorrectiveActionAdded", "ActionCompleted", "ActionCompleted",
                "EffectivenessCheckPlanned", "EffectivenessCheckRecorded", "IssueClosed");
        assertThat(history).filteredOn(IssueEvent.class::isInstance).hasSize(history.size());
        assertThat(history).map(event -> ((IssueEvent) event).actor().username()).containsExactly(
                SAM, "system", SITA, TESS, CORA, TESS, TESS, TOM, TOM, TESS, TESS, TESS, CORA, SITA, SAM, CORA, TOM,
                CORA);
    }
}
