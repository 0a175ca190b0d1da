package org.concordia.command.issue;

import static org.concordia.command.issue.IssueTestSupport.*;
import static org.concordia.command.testdata.Cast.*;
import static org.concordia.command.testdata.Signatures.closedAsEffective;
import static org.concordia.command.testdata.Signatures.signed;
import static org.concordia.command.testdata.Violations.expectRefused;

import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.command.testdata.FakeCollaborationDirectory;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** CAPA an inspector accepts (issue 15 §3), serious breaches and restricted issues (§4). */
class IssueCapaTest {

    private static final EffectivenessCheckPlanned PLANNED = new EffectivenessCheckPlanned(CID, ISSUE,
            "No out-of-window visit in the next 20", DUE.plusMonths(2), null, actor(CORA));
    private static final ElectronicSignature TOM_VERIFIES = signed(TOM, SignatureMeaning.EFFECTIVENESS_VERIFIED);
    private static final ElectronicSignature TOM_FINDS_NOT_EFFECTIVE =
            signed(TOM, SignatureMeaning.EFFECTIVENESS_NOT_VERIFIED);

    private FakeCollaborationDirectory directory;
    private AggregateTestFixture<Issue> fixture;

    @BeforeEach
    void setUp() {
        directory = new FakeCollaborationDirectory();
        fixture = fixture(directory);
    }

    /** Resolved, analysed, one action completed, the check planned: ready for the effectiveness check. */
    private static Object[] readyForCheck() {
        return with(analysedAtTier2(), actionAdded(), actionCompleted(), PLANNED);
    }

    @Nested
    class Analysis {
        @Test
        void aTierMemberRecordsTheRootCauseAndItsMethod() {
            fixture.given(resolvedAtTier2())
                   .when(new RecordRootCause(ISSUE, RootCauseMethod.FIVE_WHYS, "Schedulers never trained on window",
                           null, TESS))
                   .expectEvents(rootCause());
        }

        @Test
        void replacingTheRootCauseOrImpactNeedsAReason() {
            expectRefused(fixture.given(with(resolvedAtTier2(), rootCause()))
                                 .when(new RecordRootCause(ISSUE, RootCauseMethod.FISHBONE, "EDC lacks alerts", null,
                                         TESS)),
                    DomainRule.REASON_REQUIRED);
            fixture.given(with(resolvedAtTier2(), rootCause()))
                   .when(new RecordRootCause(ISSUE, RootCauseMethod.FISHBONE, "EDC lacks alerts", "Fishbone found more",
                           TESS))
                   .expectEvents(new RootCauseRecorded(CID, ISSUE, RootCauseMethod.FISHBONE, "EDC lacks alerts",
                           "Fishbone found more", actor(TESS)));
            expectRefused(fixture.given(with(resolvedAtTier2(), impact()))
                                 .when(new AssessImpact(ISSUE, "Worse", RiskLevel.HIGH, " ", TESS)),
                    DomainRule.REASON_REQUIRED);
        }

        @Test
        void impactAndRiskAreAssessedByATierMemberOrCoordinator() {
            fixture.given(resolvedAtTier2())
                   .when(new AssessImpact(ISSUE, "Six visits outside window; no safety impact", RiskLevel.MEDIUM, null,
                           TESS))
                   .expectEvents(impact());
            expectRefused(fixture.given(resolvedAtTier2())
                                 .when(new AssessImpact(ISSUE, "x", RiskLevel.LOW, null, SITA)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }

        @Test
        void actionsAreAgreedOnlyAfterRootCauseAndImpact() {
            AddCorrectiveAction add = new AddCorrectiveAction(ISSUE, A1, ActionKind.CORRECTIVE,
                    "Retrain visit schedulers", SITA, DUE, TESS);
            expectRefused(fixture.given(resolvedAtTier2()).when(add), DomainRule.ROOT_CAUSE_NOT_RECORDED);
            expectRefused(fixture.given(with(resolvedAtTier2(), rootCause())).when(add),
                    DomainRule.IMPACT_NOT_ASSESSED);
            fixture.given(analysedAtTier2()).when(add).expectEvents(actionAdded());
        }
    }

    @Nested
    class Actions {
        @Test
        void coordinatorAddsPreventiveAction() {
            fixture.given(analysedAtTier2())
                   .when(new AddCorrectiveAction(ISSUE, "action-2", ActionKind.PREVENTIVE, "Add window alerts", SAM,
                           DUE, CORA))
                   .expectEvents(new CorrectiveActionAdded(CID, ISSUE, "action-2", ActionKind.PREVENTIVE,
                           "Add window alerts", SAM, DUE, actor(CORA)));
        }

        @Test
        void plainContributorCannotAddActionsAndTheOwnerMustBeAMember() {
            expectRefused(fixture.given(analysedAtTier2())
                                 .when(new AddCorrectiveAction(ISSUE, A1, ActionKind.CORRECTIVE, "x", SITA, DUE, SAM)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
            expectRefused(fixture.given(analysedAtTier2())
                                 .when(new AddCorrectiveAction(ISSUE, A1, ActionKind.CORRECTIVE, "x", STRANGER, DUE,
                                         TESS)),
                    DomainRule.OWNER_NOT_A_MEMBER);
        }

        @Test
        void theOwnerCompletesTheirActionOnce() {
            fixture.given(with(analysedAtTier2(), actionAdded()))
                   .when(new CompleteAction(ISSUE, A1, "All schedulers retrained", SITA))
                   .expectEvents(actionCompleted());
            expectRefused(fixture.given(with(analysedAtTier2(), actionAdded()))
                                 .when(new CompleteAction(ISSUE, A1, null, CORA)),
                    DomainRule.NOT_THE_ACTION_OWNER);
            expectRefused(fixture.given(analysedAtTier2()).when(new CompleteAction(ISSUE, "nope", null, SITA)),
                    DomainRule.ACTION_UNKNOWN);
            expectRefused(fixture.given(with(analysedAtTier2(), actionAdded(), actionCompleted()))
                                 .when(new CompleteAction(ISSUE, A1, null, SITA)),
                    DomainRule.ACTION_ALREADY_COMPLETED);
        }
    }

    @Nested
    class Effectiveness {
        @Test
        void theCheckIsPlannedWithCriteriaAndADueDateAndReplannedOnlyWithAReason() {
            fixture.given(analysedAtTier2())
                   .when(new PlanEffectivenessCheck(ISSUE, "No out-of-window visit in the next 20", DUE.plusMonths(2),
                           null, CORA))
                   .expectEvents(PLANNED);
            expectRefused(fixture.given(with(analysedAtTier2(), PLANNED))
                                 .when(new PlanEffectivenessCheck(ISSUE, "Other", DUE, null, CORA)),
                    DomainRule.REASON_REQUIRED);
        }

        @Test
        void someoneWhoOwnsNoActionAndDidNotProposeRecordsTheCheckSigned() {
            fixture.given(readyForCheck())
                   .when(new RecordEffectivenessCheck(ISSUE, true, "20 of 20 visits in window", TOM, TOM_VERIFIES))
                   .expectEvents(new EffectivenessCheckRecorded(CID, ISSUE, true, "20 of 20 visits in window",
                           actor(TOM), TOM_VERIFIES));
        }

        @Test
        void theProposerOrAnActionOwnerMayNotCheckTheirOwnWork() {
            expectRefused(fixture.given(readyForCheck()).when(new RecordEffectivenessCheck(ISSUE, true, "fine", TESS,
                    signed(TESS, SignatureMeaning.EFFECTIVENESS_VERIFIED))), DomainRule.SEGREGATION_OF_DUTIES);
            Object[] ownedByWalt = with(analysedAtTier2(), new CorrectiveActionAdded(CID, ISSUE, A1,
                    ActionKind.CORRECTIVE, "x", WALT, DUE, actor(TESS)),
                    new ActionCompleted(CID, ISSUE, A1, null, actor(WALT)), PLANNED);
            expectRefused(fixture.given(ownedByWalt).when(new RecordEffectivenessCheck(ISSUE, true, "fine", WALT,
                    signed(WALT, SignatureMeaning.EFFECTIVENESS_VERIFIED))), DomainRule.SEGREGATION_OF_DUTIES);
        }

        @Test
        void theCheckFollowsAPlanAndTheCompletionOfEveryAction() {
            RecordEffectivenessCheck check = new RecordEffectivenessCheck(ISSUE, true, "ok", TOM, TOM_VERIFIES);
            expectRefused(fixture.given(with(analysedAtTier2(), actionAdded(), actionCompleted())).when(check),
                    DomainRule.EFFECTIVENESS_CHECK_NOT_PLANNED);
            expectRefused(fixture.given(with(analysedAtTier2(), actionAdded(), PLANNED)).when(check),
                    DomainRule.ACTIONS_STILL_OPEN);
            expectRefused(fixture.given(with(analysedAtTier2(), PLANNED)).when(check),
                    DomainRule.NO_ACTIONS_TO_VERIFY);
            expectRefused(fixture.given(conflictRaised(), escalatedManuallyBy(SAM), acknowledgedAtTier2()).when(check),
                    DomainRule.ISSUE_NOT_RESOLVED);
        }

        @Test
        void closingAsEffectiveIsRefusedWithoutAnyAction() {
            expectRefused(fixture.given(resolvedAtTier2())
                                 .when(new CloseIssue(ISSUE, null, TESS, closedAsEffective(TESS))),
                    DomainRule.NO_ACTIONS_TO_VERIFY);
        }

        @Test
        void aFailedCheckThenANewActionThenAPassedCheckAllowsClosingAsEffective() {
            EffectivenessCheckRecorded failed = new EffectivenessCheckRecorded(CID, ISSUE, false,
                    "3 of 20 visits still late", actor(TOM), TOM_FINDS_NOT_EFFECTIVE);
            expectRefused(fixture.given(with(readyForCheck(), failed))
                                 .when(new CloseIssue(ISSUE, null, TESS, closedAsEffective(TESS))),
                    DomainRule.EFFECTIVENESS_NOT_VERIFIED);
            CorrectiveActionAdded alerts = new CorrectiveActionAdded(CID, ISSUE, "action-2", ActionKind.PREVENTIVE,
                    "Window alerts in the EDC", SAM, DUE, actor(TESS));
            EffectivenessCheckRecorded passed = new EffectivenessCheckRecorded(CID, ISSUE, true, "20 of 20 in window",
                    actor(TOM), TOM_VERIFIES);
            // a check passed before the last action was added does not cover it
            expectRefused(fixture.given(with(readyForCheck(), failed, passed, alerts,
                                 new ActionCompleted(CID, ISSUE, "action-2", null, actor(SAM))))
                                 .when(new CloseIssue(ISSUE, null, TESS, closedAsEffective(TESS))),
                    DomainRule.EFFECTIVENESS_NOT_VERIFIED);
            fixture.given(with(readyForCheck(), failed, alerts,
                          new ActionCompleted(CID, ISSUE, "action-2", null, actor(SAM)), passed))
                   .when(new CloseIssue(ISSUE, "CAPA effective", TESS, closedAsEffective(TESS)))
                   .expectEvents(new IssueClosed(CID, ISSUE, "CAPA effective", actor(TESS), closedAsEffective(TESS)));
        }
    }

    @Nested
    class SeriousBreaches {
        private final SeriousBreachFlagged flagged = new SeriousBreachFlagged(CID, ISSUE,
                "Patients dosed outside the protocol", actor(TESS));

        @Test
        void aTierMemberFlagsASeriousBreachOnce() {
            fixture.given(ballotOpenAtTier2())
                   .when(new FlagSeriousBreach(ISSUE, "Patients dosed outside the protocol", TESS))
                   .expectEvents(flagged);
            expectRefused(fixture.given(with(ballotOpenAtTier2(), flagged))
                                 .when(new FlagSeriousBreach(ISSUE, "again", TESS)),
                    DomainRule.SERIOUS_BREACH_ALREADY_FLAGGED);
            expectRefused(fixture.given(ballotOpenAtTier2()).when(new FlagSeriousBreach(ISSUE, "x", SITA)),
                    DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR);
        }

        @Test
        void theNotificationIsRecordedOnceAndOnlyForAFlaggedBreach() {
            fixture.given(with(ballotOpenAtTier2(), flagged))
                   .when(new ReportSeriousBreach(ISSUE, "CTIS-2026-0042", null, CORA))
                   .expectEvents(new SeriousBreachReported(CID, ISSUE, "CTIS-2026-0042", null, actor(CORA)));
            expectRefused(fixture.given(ballotOpenAtTier2())
                                 .when(new ReportSeriousBreach(ISSUE, "CTIS-1", null, CORA)),
                    DomainRule.SERIOUS_BREACH_NOT_FLAGGED);
            expectRefused(fixture.given(with(ballotOpenAtTier2(), flagged, new SeriousBreachReported(CID, ISSUE,
                                 "CTIS-1", null, actor(CORA))))
                                 .when(new ReportSeriousBreach(ISSUE, "CTIS-2", null, CORA)),
                    DomainRule.SERIOUS_BREACH_ALREADY_REPORTED);
        }
    }

    @Nested
    class RestrictedIssues {
        private final IssueRaised restricted = new IssueRaised(CID, ISSUE, KEY + "-1", 1, IssueType.ISSUE,
                "Unblinded hepatotoxicity signal", "Arm B shows 3 grade 4 cases", IssueCategory.SAFETY,
                Severity.CRITICAL, Set.of(SPONSOR), TIER_2, "restricted", Set.of("Trial steering committee"), null,
                actor(SAM));

        @Test
        void membersOutsideTheNamedTiersCannotActOnIt() {
            expectRefused(fixture.given(restricted).when(new CommentOnIssue(ISSUE, "c-1", "?", SITA)),
                    DomainRule.RESTRICTED_ISSUE);
            expectRefused(fixture.given(restricted).when(new CommentOnIssue(ISSUE, "c-1", "?", CORA)),
                    DomainRule.RESTRICTED_ISSUE);
        }

        @Test
        void theNamedBodyAndTheRaiserMayActOnIt() {
            fixture.given(restricted).when(new CommentOnIssue(ISSUE, "c-1", "Reviewing", TOM))
                   .expectEvents(new CommentAdded(CID, ISSUE, "c-1", "Reviewing", actor(TOM)));
            fixture.given(restricted).when(new CommentOnIssue(ISSUE, "c-2", "More data attached", SAM))
                   .expectEvents(new CommentAdded(CID, ISSUE, "c-2", "More data attached", actor(SAM)));
        }
    }
}
