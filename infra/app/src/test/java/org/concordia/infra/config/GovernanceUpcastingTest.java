package org.concordia.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.infra.upcasting.EventUpcasters;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.junit.jupiter.api.Test;

/**
 * Events as the code before decision rules stored them — the JSON below was written by that release's records and
 * storage serializer — read back through the whole upcaster chain: a tier's quorum of N approvals reads as the rule
 * "N take part, simple majority", decisions keep every ballot and signature and gain a tally counted from them.
 */
class GovernanceUpcastingTest {

    private static final String TESS_JSON = "{\"username\":\"tess\",\"partyId\":\"cro\",\"roles\":[\"CONTRIBUTOR\"]}";
    private static final String SIGNATURE_JSON = "{\"username\":\"tess\",\"printedName\":\"Tess Tiller\","
            + "\"meaning\":\"APPROVED\",\"signedAt\":\"2026-03-01T09:30:00Z\",\"method\":\"PASSWORD\"}";
    private static final String TIER_JSON = "{\"name\":\"TSC\",\"members\":[\"tess\",\"tom\",\"sven\"],"
            + "\"acknowledgeWithin\":259200.000000000,\"resolveWithin\":2592000.000000000,\"quorum\":2}";

    private static final ActorContext TESS = new ActorContext("tess", "cro", Set.of(MemberRole.CONTRIBUTOR));
    private static final ElectronicSignature SIGNED = new ElectronicSignature("tess", "Tess Tiller",
            SignatureMeaning.APPROVED, Instant.parse("2026-03-01T09:30:00Z"), SignatureMethod.PASSWORD);
    private static final DecisionRule TWO_TAKE_PART = new DecisionRule(2, Threshold.SIMPLE_MAJORITY, false, null);
    private static final GovernanceTier TSC = new GovernanceTier("TSC", List.of("tess", "tom", "sven"), null,
            Duration.ofDays(3), Duration.ofDays(30), TWO_TAKE_PART);

    private final Serializer serializer = StorageSerializers.events();
    private final EventUpcaster upcasters = EventUpcasters.chain();

    @Test
    void aLadderOfQuorumsReadsAsTiersWithDecisionRulesAndNoChair() {
        Object ladder = read(GovernanceLadderDefined.class, "1", """
                {"collaborationId":"c-1","ladderVersion":1,"tiers":[%s],"actor":%s}""".formatted(TIER_JSON, TESS_JSON));
        assertThat(ladder).isEqualTo(new GovernanceLadderDefined("c-1", 1, List.of(TSC), List.of(), null, TESS));
    }

    @Test
    void anIssueRaisedOrEscalatedKeepsItsTierWithTheRuleReadFromTheQuorum() {
        Object raised = read(IssueRaised.class, "1", """
                {"collaborationId":"c-1","issueId":"i-1","issueKey":"ONCO-1","number":1,"type":"CONFLICT","title":"t",\
                "description":"d","category":"SAFETY","severity":"HIGH","involvedParties":["cro"],"tier":{"level":2,\
                "ladderVersion":1,"tier":%s},"actor":%s}""".formatted(TIER_JSON, TESS_JSON));
        assertThat(raised).isEqualTo(new IssueRaised("c-1", "i-1", "ONCO-1", 1, IssueType.CONFLICT, "t", "d",
                IssueCategory.SAFETY, Severity.HIGH, Set.of("cro"), new TierSnapshot(2, 1, TSC), null, Set.of(), null,
                TESS));
        Object escalated = read(IssueEscalated.class, "1", """
                {"collaborationId":"c-1","issueId":"i-1","fromTier":1,"to":{"level":2,"ladderVersion":1,"tier":%s},\
                "cause":"SLA_BREACH","slaPhase":"ACKNOWLEDGE","reason":"late","supersededProposalId":"p-0",\
                "actor":{"username":"system","partyId":null,"roles":[]}}""".formatted(TIER_JSON));
        assertThat(escalated).isEqualTo(new IssueEscalated("c-1", "i-1", 1, new TierSnapshot(2, 1, TSC),
                EscalationCause.SLA_BREACH, SlaPhase.ACKNOWLEDGE, "late", "p-0", ActorContext.SYSTEM));
    }

    @Test
    void aProposalMadeBeforeDecisionRulesHasNoFrozenBody() {
        Object proposed = read(ResolutionProposed.class, "1", """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","summary":"Retrain","text":"Retrain staff",\
                "tier":2,"actor":%s}""".formatted(TESS_JSON));
        assertThat(proposed).isEqualTo(new ResolutionProposed("c-1", "i-1", "p-1", "Retrain", "Retrain staff", 2,
                null, List.of(), TESS));
    }

    @Test
    void anAdoptedDecisionKeepsEveryBallotAndGainsItsRuleTallyAndClosure() {
        ProposalAdopted adopted = (ProposalAdopted) read(ProposalAdopted.class, "2", """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","decision":{"proposalId":"p-1",\
                "summary":"Retrain","rationale":"Retrain staff","tier":2,"tierName":"TSC","quorum":2,"votes":[\
                {"username":"tess","partyId":"cro","vote":"APPROVE","signature":%s},\
                {"username":"tom","partyId":"uni","vote":"REJECT","signature":null},\
                {"username":"sven","partyId":"acme","vote":"APPROVE","signature":null}]},"actor":%s}"""
                .formatted(SIGNATURE_JSON, TESS_JSON));
        assertThat(adopted).isEqualTo(new ProposalAdopted("c-1", "i-1", "p-1", new Decision("p-1", "Retrain",
                "Retrain staff", 2, "TSC", TWO_TAKE_PART, new Tally(null, 2, 1, 0, 0), BallotClosure.APPROVALS_COUNTED,
                List.of(new Ballot("tess", "cro", VoteChoice.APPROVE, SIGNED),
                        new Ballot("tom", "uni", VoteChoice.REJECT, null),
                        new Ballot("sven", "acme", VoteChoice.APPROVE, null))), null, TESS));
    }

    @Test
    void aRejectionKeepsItsBallotsAndReasonAndGainsATally() {
        Object rejected = read(ProposalRejected.class, "2", """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","tier":2,"votes":[\
                {"username":"tess","partyId":"cro","vote":"REJECT","signature":%s},\
                {"username":"tom","partyId":"uni","vote":"ABSTAIN","signature":null}],\
                "reason":"quorum of 2 approvals can no longer be reached","actor":%s}"""
                .formatted(SIGNATURE_JSON, TESS_JSON));
        assertThat(rejected).isEqualTo(new ProposalRejected("c-1", "i-1", "p-1", 2, BallotOutcome.REJECTED, null,
                new Tally(null, 0, 1, 1, 0), BallotClosure.APPROVALS_COUNTED,
                List.of(new Ballot("tess", "cro", VoteChoice.REJECT, SIGNED),
                        new Ballot("tom", "uni", VoteChoice.ABSTAIN, null)),
                "quorum of 2 approvals can no longer be reached", null, TESS));
    }

    @Test
    void aRevisionOneDecisionPassesBothUpcastersInOrder() {
        ProposalAdopted adopted = (ProposalAdopted) read(ProposalAdopted.class, "1", """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","decision":{"proposalId":"p-1",\
                "summary":"Retrain","rationale":"Retrain staff","tier":2,"tierName":"TSC","quorum":1,"votes":[\
                {"username":"tess","partyId":"cro","vote":"APPROVE"}]},"actor":%s}""".formatted(TESS_JSON));
        assertThat(adopted.decision().votes()).containsExactly(new Ballot("tess", "cro", VoteChoice.APPROVE, null));
        assertThat(adopted.decision().rule()).isEqualTo(DecisionRule.fromApprovalQuorum(1));
        assertThat(adopted.decision().tally()).isEqualTo(new Tally(null, 1, 0, 0, 0));
    }

    @Test
    void signedVotesAndClosingsReadUnchanged() {
        assertThat(read(VoteCast.class, "2", """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","vote":"APPROVE","comment":null,\
                "actor":%s,"signature":%s}""".formatted(TESS_JSON, SIGNATURE_JSON)))
                .isEqualTo(new VoteCast("c-1", "i-1", "p-1", VoteChoice.APPROVE, null, TESS, SIGNED));
        assertThat(read(IssueClosed.class, "2", """
                {"collaborationId":"c-1","issueId":"i-1","note":"Effective","actor":%s,"signature":%s}"""
                .formatted(TESS_JSON, SIGNATURE_JSON)))
                .isEqualTo(new IssueClosed("c-1", "i-1", "Effective", TESS, SIGNED));
    }

    @Test
    void anAssignmentStoredWithoutAReasonReadsWithNone() {
        assertThat(read(IssueAssigned.class, "1", """
                {"collaborationId":"c-1","issueId":"i-1","owner":"tom","actor":%s}""".formatted(TESS_JSON)))
                .isEqualTo(new IssueAssigned("c-1", "i-1", "tom", null, TESS));
        IssueAssigned current = new IssueAssigned("c-1", "i-1", "tom", "Sven is on leave", TESS);
        assertThat(read(IssueAssigned.class, "2", serializer.serialize(current, String.class).getData()))
                .isEqualTo(current);
    }

    @Test
    void currentRevisionsPassThroughUntouched() {
        IssueRaised current = new IssueRaised("c-1", "i-1", "ONCO-1", 1, IssueType.ISSUE, "t", "d",
                IssueCategory.SAFETY, Severity.CRITICAL, Set.of("dmc"), new TierSnapshot(3, 2, TSC),
                "entry route CRITICAL+ SAFETY → tier 3", Set.of("TSC"), "i-0", TESS);
        String stored = serializer.serialize(current, String.class).getData();
        assertThat(read(IssueRaised.class, "2", stored)).isEqualTo(current);
    }

    private Object read(Class<?> type, String revision, String json) {
        GenericDomainEventEntry<String> entry = new GenericDomainEventEntry<>(
                "Issue", "i-1", 3, "event-1", "2026-01-01T00:00:00Z", type.getName(), revision, json, "{}");
        List<? extends DomainEventMessage<?>> events = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(entry), serializer, upcasters).asStream().toList();
        assertThat(events).hasSize(1);
        return events.get(0).getPayload();
    }
}
