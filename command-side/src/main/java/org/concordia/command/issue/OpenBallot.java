package org.concordia.command.issue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.issue.Ballot;

/**
 * The ballot on the open proposal, frozen when it opened: who may vote ({@code voters}), its chair and its rule. Plain
 * fields (no accessors) so that an aggregate snapshot restores exactly this.
 */
final class OpenBallot {

    String proposalId;
    String summary;
    String text;
    int tier;
    String tierName;
    List<String> voters = new ArrayList<>();
    String chair;
    DecisionRule rule;
    /** Ballots in the order cast, by voter. */
    Map<String, Ballot> ballots = new LinkedHashMap<>();

    OpenBallot() {
        // for snapshots
    }

    OpenBallot(String proposalId, String summary, String text, int tier, String tierName, List<String> voters,
               String chair, DecisionRule rule) {
        this.proposalId = proposalId;
        this.summary = summary;
        this.text = text;
        this.tier = tier;
        this.tierName = tierName;
        this.voters = new ArrayList<>(voters);
        this.chair = chair;
        this.rule = rule;
    }

    // by value: fixtures compare the state sourced from events with the state the handlers left
    @Override
    public boolean equals(Object o) {
        return o instanceof OpenBallot b && Objects.equals(proposalId, b.proposalId)
               && Objects.equals(summary, b.summary) && Objects.equals(text, b.text) && tier == b.tier
               && Objects.equals(tierName, b.tierName) && Objects.equals(voters, b.voters)
               && Objects.equals(chair, b.chair) && Objects.equals(rule, b.rule) && Objects.equals(ballots, b.ballots);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proposalId, voters, ballots);
    }
}
