package org.concordia.infra.workspace;

import org.concordia.infra.workspace.issue.IssueActions;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain-object tests: every domain rule has its sentence; the issue page offers what the rules would accept. */
class WorkspaceWordsTest {

    private static final Instant T = Instant.parse("2026-03-01T09:30:00Z");

    @Test
    void everyDomainRuleHasASentenceForTheUser() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        for (DomainRule rule : DomainRule.values()) {
            Refusal refusal = Refusal.of("comment", new DomainRuleViolation(rule, "detail"), messages);
            assertThat(refusal.sentence()).as(rule.name()).doesNotStartWith("rule.").endsWith(".");
            assertThat(refusal.rule()).isEqualTo(rule.name());
            assertThat(refusal.detail()).isEqualTo("detail");
        }
    }

    @Test
    void anInvalidFieldIsNamedInWords() {
        Refusal refusal = Refusal.invalid("evidence", "uri: must be an absolute http(s) URI");
        assertThat(refusal.field()).isEqualTo("uri");
        assertThat(refusal.sentence()).isEqualTo("Uri: must be an absolute http(s) URI.");
    }

    @Test
    void aTierMemberOfAnInvolvedPartyIsOfferedNoVoteButTheReason() {
        CollaborationView trial = trial();
        IssueView proposed = conflict(IssueStatus.RESOLUTION_PROPOSED);
        IssueActions sita = IssueActions.of(proposed, trial, "sita");
        assertThat(sita.vote()).isFalse();
        assertThat(sita.recusedParty()).isEqualTo("site101");
        IssueActions dana = IssueActions.of(proposed, trial, "dana");
        assertThat(dana.vote()).isTrue();
        assertThat(dana.recusedParty()).isNull();
    }

    @Test
    void theVoteIsOfferedToTheBallotsFrozenBodyAndNotToWhoDeclaredAConflict() {
        CollaborationView trial = trial();
        // the ballot opened when only dana sat on the tier: sita, added since, votes on later ballots
        assertThat(IssueActions.of(conflict(IssueStatus.RESOLUTION_PROPOSED, List.of("dana"), List.of()), trial, "dana")
                               .vote()).isTrue();
        IssueView declared = conflict(IssueStatus.RESOLUTION_PROPOSED, List.of("sita", "dana"),
                                      List.of(new IssueView.ConflictOfInterestView("dana", "dmc", "Advises the sponsor", T)));
        IssueActions dana = IssueActions.of(declared, trial, "dana");
        assertThat(dana.vote()).isFalse();
        assertThat(dana.recusedParty()).isNull();
    }

    @Test
    void onlyTheBallotsChairIsOfferedToCloseItAndAConflictIsDeclaredOnce() {
        CollaborationView trial = trial();
        IssueView proposed = conflict(IssueStatus.RESOLUTION_PROPOSED);
        assertThat(IssueActions.of(proposed, trial, "dana").closeBallot()).isTrue();
        assertThat(IssueActions.of(proposed, trial, "sita").closeBallot()).isFalse();
        assertThat(IssueActions.of(proposed, trial, "carl").declareConflict()).isTrue();
        IssueView declared = conflict(IssueStatus.RESOLUTION_PROPOSED, List.of("sita", "dana"),
                                      List.of(new IssueView.ConflictOfInterestView("dana", "dmc", "Advises the sponsor", T)));
        assertThat(IssueActions.of(declared, trial, "dana").declareConflict()).isFalse();
        assertThat(IssueActions.of(declared, trial, "dana").closeBallot()).as("recused").isFalse();
        assertThat(IssueActions.of(conflict(IssueStatus.CLOSED), trial, "carl").declareConflict()).isFalse();
    }

    @Test
    void acknowledgingIsOfferedOnlyToTheTierBodyWhileOpen() {
        CollaborationView trial = trial();
        assertThat(IssueActions.of(conflict(IssueStatus.OPEN), trial, "dana").acknowledge()).isTrue();
        assertThat(IssueActions.of(conflict(IssueStatus.OPEN), trial, "carl").acknowledge()).isFalse();
        assertThat(IssueActions.of(conflict(IssueStatus.ACKNOWLEDGED), trial, "dana").acknowledge()).isFalse();
        assertThat(IssueActions.of(conflict(IssueStatus.ACKNOWLEDGED), trial, "dana").propose()).isTrue();
    }

    @Test
    void anAuditorIsOfferedNothingAndToldWhy() {
        IssueActions audrey = IssueActions.of(conflict(IssueStatus.OPEN), trial(), "audrey");
        assertThat(audrey.any()).isFalse();
        assertThat(audrey.readOnly()).isTrue();
    }

    @Test
    void onlyTheRaiserMayWithdrawAndNothingIsOfferedOnAClosedIssue() {
        CollaborationView trial = trial();
        assertThat(IssueActions.of(conflict(IssueStatus.OPEN), trial, "carl").withdraw()).isTrue();
        assertThat(IssueActions.of(conflict(IssueStatus.OPEN), trial, "dana").withdraw()).isFalse();
        IssueActions closed = IssueActions.of(conflict(IssueStatus.CLOSED), trial, "dana");
        assertThat(closed.comment()).isFalse();
        assertThat(closed.reopen()).isTrue();
    }

    private static CollaborationView trial() {
        List<CollaborationView.Party> parties = List.of(
                new CollaborationView.Party("site101", "Site 101", PartyRole.SITE, T),
                new CollaborationView.Party("helios", "Helios", PartyRole.SPONSOR, T),
                new CollaborationView.Party("dmc", "DMC", PartyRole.DATA_MONITORING_COMMITTEE, T));
        List<CollaborationView.Member> members = List.of(
                new CollaborationView.Member("carl", "helios", Set.of(MemberRole.CONTRIBUTOR), T, null),
                new CollaborationView.Member("sita", "site101", Set.of(MemberRole.CONTRIBUTOR), T, null),
                new CollaborationView.Member("dana", "dmc", Set.of(MemberRole.CONTRIBUTOR), T, null),
                new CollaborationView.Member("audrey", "dmc", Set.of(MemberRole.AUDITOR), T, null));
        CollaborationView.Ladder ladder = new CollaborationView.Ladder(1, List.of(
                new GovernanceTier("Committee", List.of("sita", "dana"), Duration.ofDays(2), Duration.ofDays(30), 1)),
                T);
        return new CollaborationView("c1", "TRIAL", "Trial", CollaborationKind.CLINICAL_TRIAL, "", T, "cora",
                                     parties, members, ladder, 1, 10);
    }

    private static IssueView conflict(IssueStatus status) {
        return conflict(status, List.of("sita", "dana"), List.of());
    }

    /** On RESOLUTION_PROPOSED, with a ballot open whose body (frozen when it opened) is {@code voters}. */
    private static IssueView conflict(IssueStatus status, List<String> voters,
                                      List<IssueView.ConflictOfInterestView> declared) {
        List<IssueView.ProposalView> proposals = status != IssueStatus.RESOLUTION_PROPOSED ? List.of()
                : List.of(new IssueView.ProposalView("p1", "Summary", "Text", "OPEN", 1, "dana", T, List.of(), voters,
                                                     "dana", DecisionRule.fromApprovalQuorum(1), List.of(), null, null,
                                                     null, null));
        return new IssueView("i1", "c1", "TRIAL-1", IssueType.CONFLICT, "Title", "Text", IssueCategory.BUDGET,
                             Severity.HIGH, status, 1, "Committee", null, "carl", T, Set.of("site101", "helios"),
                             List.of(), List.of(), List.of(), proposals, null, List.of(), null, T.plusSeconds(60), 3,
                             null, Set.of(), null, declared, null, null, null, null);
    }
}
