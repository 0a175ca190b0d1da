package org.concordia.kernel.account;

import java.util.Set;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.Check;

/**
 * The aggregate identifier of a user account: {@code account:<username>}. Prefixed because account, collaboration
 * and issue streams share one event store, where an issue id such as {@code demo-7} is also a valid username.
 */
public final class UserAccountId {

    public static final String PREFIX = "account:";

    /**
     * Names nobody may take: {@code system} is the actor of SLA actions, {@code admin} the bootstrap administrator,
     * the others read as if the system or nobody did something.
     */
    public static final Set<String> RESERVED_USERNAMES = Set.of(ActorContext.SYSTEM_USERNAME, "admin",
            "administrator", "root", "anonymous", "anonymoususer", "concordia", "unknown", "nobody");

    private UserAccountId() {
    }

    public static String of(String username) {
        return PREFIX + Check.id("username", username);
    }

    public static boolean isReserved(String username) {
        return username != null && RESERVED_USERNAMES.contains(username.toLowerCase(java.util.Locale.ROOT));
    }
}
