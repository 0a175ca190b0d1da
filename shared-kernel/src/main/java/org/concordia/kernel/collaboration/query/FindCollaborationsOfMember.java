package org.concordia.kernel.collaboration.query;

/** The collaborations a user is an active member of. */
public record FindCollaborationsOfMember(String username) {
}
