package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * Failed sign-ins for the account went over the throttling threshold ({@code failures} in the current window), from
 * {@code clientAddress} when known. Recorded by {@code system}.
 */
@Revision("1")
public record SignInFailuresExceeded(String username, String clientAddress, int failures, ActorContext actor)
        implements AccountEvent {
}
