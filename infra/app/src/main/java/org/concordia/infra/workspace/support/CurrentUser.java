package org.concordia.infra.workspace.support;

/** Who is signed in, as the navigation shows them. */
public record CurrentUser(String username, String displayName, boolean admin) {
}
