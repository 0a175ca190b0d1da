package org.concordia.kernel.collaboration;

import java.util.Set;

/** What a member may do. AUDITOR and OBSERVER are read-only. */
public enum MemberRole {
    COORDINATOR, CONTRIBUTOR, AUDITOR, OBSERVER;

    /** A member may change something only with at least one of these roles. */
    public static final Set<MemberRole> WRITING_ROLES = Set.of(COORDINATOR, CONTRIBUTOR);

    public static boolean canWrite(Set<MemberRole> roles) {
        return roles.stream().anyMatch(WRITING_ROLES::contains);
    }
}
