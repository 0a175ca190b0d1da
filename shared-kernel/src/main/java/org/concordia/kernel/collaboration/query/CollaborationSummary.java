package org.concordia.kernel.collaboration.query;

import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.MemberRole;

import java.util.Set;

/** A line of "my collaborations": what it is and what the caller may do in it. */
public record CollaborationSummary(String id, String key, String name, CollaborationKind kind,
                                   Set<MemberRole> myRoles, long issueCount) {
}
