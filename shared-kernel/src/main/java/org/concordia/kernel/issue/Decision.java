package org.concordia.kernel.issue;

import java.util.List;
import org.concordia.kernel.shared.Check;

/** The record of an adopted proposal: its rationale (summary and text), the tier that decided and every ballot. */
public record Decision(String proposalId, String summary, String rationale, int tier, String tierName, int quorum,
                       List<Ballot> votes) {

    public Decision {
        Check.id("proposalId", proposalId);
        Check.notNull("rationale", rationale);
        votes = List.copyOf(Check.notNull("votes", votes));
    }
}
