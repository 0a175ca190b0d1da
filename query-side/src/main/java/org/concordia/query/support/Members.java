package org.concordia.query.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberChanged;
import org.concordia.kernel.collaboration.MemberRemoved;

/** Current members of a collaboration and their party ("" for none): the facts recusal needs. A pure fold. */
public final class Members {

    public Map<String, String> partyOf = new TreeMap<>();

    /**
     * Where a projection that records it ({@code inboxes}) last applied a collaboration event that changed
     * {@link #partyOf}; null when not recorded (other projections, documents written before it was).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Long changedAt;

    public void apply(CollaborationEvent event) {
        if (event instanceof MemberAdded e) {
            partyOf.put(e.username(), e.partyId() == null ? "" : e.partyId());
        } else if (event instanceof MemberChanged e) {
            partyOf.put(e.username(), e.partyId() == null ? "" : e.partyId());
        } else if (event instanceof MemberRemoved e) {
            partyOf.remove(e.username());
        }
    }

    public String party(String username) {
        String party = partyOf.get(username);
        return party == null || party.isEmpty() ? null : party;
    }
}
