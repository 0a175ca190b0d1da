package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Record that failed sign-ins for the account went over the throttling threshold; the actor is {@code system}. */
public record RecordSignInFailuresExceeded(String username, String clientAddress, int failures) {

    public RecordSignInFailuresExceeded {
        Check.id("username", username);
        Check.optionalText("clientAddress", clientAddress, Check.ID_MAX);
        Check.atLeast("failures", failures, 1);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
