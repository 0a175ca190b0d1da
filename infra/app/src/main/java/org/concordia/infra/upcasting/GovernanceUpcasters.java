package org.concordia.infra.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.issue.IssueAssigned;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.ResolutionProposed;
import org.concordia.kernel.issue.VoteCast;

/**
 * The events changed by decision rules, corrections, CAPA and routing (issue 15), read from their older revisions.
 * Nothing stored is rewritten and nothing is invented:
 * <ul>
 *   <li>a tier's {@code quorum} of N approvals becomes the decision rule "at least N take part, simple majority of the
 *       votes for or against, no casting vote, no ballot deadline" ({@code DecisionRule.fromApprovalQuorum}); its
 *       chair is null (tiers had none) — in GovernanceLadderDefined, IssueRaised and IssueEscalated;</li>
 *   <li>a ladder had no entry routes and no reason; an issue no routing, restriction or recurrence;</li>
 *   <li>a proposal's ballot body is null: it is decided by the tier the issue sat at;</li>
 *   <li>a decision's or rejection's tally is counted from its ballots, eligibility null (not recorded), closure
 *       APPROVALS_COUNTED; a rejection's outcome REJECTED and rule null (the event never named its tier's quorum);</li>
 *   <li>VoteCast and IssueClosed only gained signature meanings: their payload is unchanged;</li>
 *   <li>an assignment had no reason (null: reassignments need one from revision 2).</li>
 * </ul>
 * They run after {@link SignatureUpcasters} (revision 1 → 2 of the signed events), see {@link EventUpcasters}.
 */
public final class GovernanceUpcasters {

    private GovernanceUpcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                revision(GovernanceLadderDefined.class, "1", "2", event -> {
                    event.path("tiers").forEach(GovernanceUpcasters::tierWithDecisionRule);
                    event.putArray("entryRoutes");
                    event.putNull("reason");
                }),
                revision(IssueRaised.class, "1", "2", event -> {
                    tierWithDecisionRule(event.path("tier").path("tier"));
                    event.putNull("routing");
                    event.putArray("restrictedToTiers");
                    event.putNull("recurrenceOf");
                }),
                revision(IssueEscalated.class, "1", "2", event -> tierWithDecisionRule(event.path("to").path("tier"))),
                revision(ResolutionProposed.class, "1", "2", event -> {
                    event.putNull("body");
                    event.putArray("recusals");
                }),
                revision(VoteCast.class, "2", "3", event -> { }),
                revision(IssueClosed.class, "2", "3", event -> { }),
                revision(ProposalAdopted.class, "2", "3", event -> {
                    ObjectNode decision = (ObjectNode) event.path("decision");
                    int quorum = decision.path("quorum").asInt();
                    decision.remove("quorum");
                    decision.set("rule", ruleOf(decision, quorum));
                    decision.set("tally", tallyOf(decision, decision.path("votes")));
                    decision.put("closure", "APPROVALS_COUNTED");
                    decision.path("votes").forEach(GovernanceUpcasters::counted);
                    event.putNull("closingSignature");
                }),
                revision(IssueAssigned.class, "1", "2", event -> event.putNull("reason")),
                revision(ProposalRejected.class, "2", "3", event -> {
                    event.put("outcome", "REJECTED");
                    event.putNull("rule");
                    event.set("tally", tallyOf(event, event.path("votes")));
                    event.put("closure", "APPROVALS_COUNTED");
                    event.path("votes").forEach(GovernanceUpcasters::counted);
                    event.putNull("closingSignature");
                }));
    }

    /** {@code {..., quorum: N}} → {@code {..., chair: null, decisionRule: {N, SIMPLE_MAJORITY, false, null}}}. */
    private static void tierWithDecisionRule(JsonNode node) {
        if (node instanceof ObjectNode tier && tier.has("quorum") && !tier.has("decisionRule")) {
            int quorum = tier.path("quorum").asInt();
            tier.remove("quorum");
            tier.putNull("chair");
            tier.set("decisionRule", ruleOf(tier, quorum));
        }
    }

    private static ObjectNode ruleOf(ObjectNode anywhere, int quorum) {
        ObjectNode rule = anywhere.objectNode();
        rule.put("participationQuorum", quorum);
        rule.put("threshold", "SIMPLE_MAJORITY");
        rule.put("chairHasCastingVote", false);
        rule.putNull("votingPeriod");
        return rule;
    }

    private static ObjectNode tallyOf(ObjectNode anywhere, JsonNode votes) {
        int approve = 0;
        int reject = 0;
        int abstain = 0;
        for (JsonNode ballot : votes) {
            switch (ballot.path("vote").asText()) {
                case "APPROVE" -> approve++;
                case "REJECT" -> reject++;
                default -> abstain++;
            }
        }
        ObjectNode tally = anywhere.objectNode();
        tally.putNull("eligible");
        tally.put("approvals", approve);
        tally.put("rejections", reject);
        tally.put("abstentions", abstain);
        tally.put("flagged", 0);
        return tally;
    }

    private static void counted(JsonNode ballot) {
        if (ballot instanceof ObjectNode object && !object.has("flag")) {
            object.putNull("flag");
        }
    }

    static SingleEventUpcaster revision(Class<?> eventType, String from, String to, Consumer<ObjectNode> change) {
        SimpleSerializedType older = new SimpleSerializedType(eventType.getName(), from);
        SimpleSerializedType newer = new SimpleSerializedType(eventType.getName(), to);
        return new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation representation) {
                return representation.getType().equals(older);
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                return representation.upcastPayload(newer, JsonNode.class, payload -> {
                    ObjectNode copy = ((ObjectNode) payload).deepCopy();
                    change.accept(copy);
                    return copy;
                });
            }
        };
    }
}
