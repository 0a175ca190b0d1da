package org.concordia.kernel.issue;

import org.concordia.kernel.shared.Check;

/** A member of a ballot's body who may not vote on it, and why ({@code reason}: the declaration's, if declared). */
public record Recusal(String username, String partyId, RecusalGround ground, String reason) {

    public Recusal {
        Check.id("username", username);
        Check.notNull("ground", ground);
    }
}
