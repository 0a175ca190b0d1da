package org.concordia.command.testdata;

import static org.concordia.kernel.collaboration.MemberRole.AUDITOR;
import static org.concordia.kernel.collaboration.MemberRole.CONTRIBUTOR;
import static org.concordia.kernel.collaboration.MemberRole.COORDINATOR;
import static org.concordia.kernel.collaboration.MemberRole.OBSERVER;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.command.directory.PartyFacts;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.shared.ActorContext;

/**
 * The people of a clinical trial used across tests. Parties: the sponsor (ACME), a site (Berlin), the CRO and
 * a university. Tier 1, the working group (wendy, walt; chair wendy; quorum 1, simple majority); tier 2, the trial
 * steering committee (sven of the sponsor, tess of the CRO, tom of the university; chair tess; quorum 2, simple
 * majority with the chair's casting vote, ballots open 7 days). {@link #BOARD}: a four-member body for ballots on
 * plain issues (nobody recused).
 */
public final class Cast {

    public static final String KEY = "TRIAL";
    public static final String CID = CollaborationId.forKey(KEY).value();

    public static final String SPONSOR = "acme-pharma";
    public static final String SITE = "site-berlin";
    public static final String CRO = "cro-x";
    public static final String UNI = "uni-leiden";

    public static final String CORA = "cora";   // coordinator, CRO
    public static final String SAM = "sam";     // sponsor contributor
    public static final String SITA = "sita";   // site contributor
    public static final String WENDY = "wendy"; // working group, CRO
    public static final String WALT = "walt";   // working group, CRO
    public static final String SVEN = "sven";   // steering committee, sponsor
    public static final String TESS = "tess";   // steering committee, CRO
    public static final String TOM = "tom";     // steering committee, university
    public static final String OTTO = "otto";   // observer, CRO
    public static final String ADA = "ada";     // auditor, university
    public static final String STRANGER = "mallory";

    public static final DecisionRule WG_RULE = new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, null);
    public static final DecisionRule TSC_RULE = new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true,
            Duration.ofDays(7));
    public static final GovernanceTier WORKING_GROUP = new GovernanceTier("Working group", List.of(WENDY, WALT),
            WENDY, Duration.ofDays(2), Duration.ofDays(14), WG_RULE);
    public static final GovernanceTier STEERING_COMMITTEE = new GovernanceTier("Trial steering committee",
            List.of(SVEN, TESS, TOM), TESS, Duration.ofDays(3), Duration.ofDays(30), TSC_RULE);
    public static final GovernanceTier BOARD = new GovernanceTier("Executive board", List.of(CORA, SVEN, TESS, TOM),
            CORA, Duration.ofDays(5), Duration.ofDays(30), new DecisionRule(2, Threshold.SIMPLE_MAJORITY, false, null));

    public static final Map<String, MemberFacts> MEMBERS = members(
            member(CORA, CRO, COORDINATOR, CONTRIBUTOR),
            member(SAM, SPONSOR, CONTRIBUTOR),
            member(SITA, SITE, CONTRIBUTOR),
            member(WENDY, CRO, CONTRIBUTOR),
            member(WALT, CRO, CONTRIBUTOR),
            member(SVEN, SPONSOR, CONTRIBUTOR),
            member(TESS, CRO, CONTRIBUTOR),
            member(TOM, UNI, CONTRIBUTOR),
            member(OTTO, CRO, OBSERVER),
            member(ADA, UNI, AUDITOR));

    public static final Map<String, PartyFacts> PARTIES = Map.of(
            SPONSOR, new PartyFacts(SPONSOR, "ACME Pharma", PartyRole.SPONSOR),
            SITE, new PartyFacts(SITE, "Berlin site", PartyRole.SITE),
            CRO, new PartyFacts(CRO, "CRO X", PartyRole.CRO),
            UNI, new PartyFacts(UNI, "Leiden University", PartyRole.ACADEMIC_PARTNER));

    private Cast() {
    }

    public static CollaborationFacts facts() {
        return new CollaborationFacts(CID, KEY, MEMBERS, PARTIES, 1, List.of(WORKING_GROUP, STEERING_COMMITTEE));
    }

    public static ActorContext actor(String username) {
        return MEMBERS.get(username).toActor();
    }

    public static MemberFacts member(String username, String partyId, MemberRole... roles) {
        return new MemberFacts(username, partyId, Set.of(roles));
    }

    private static Map<String, MemberFacts> members(MemberFacts... members) {
        Map<String, MemberFacts> map = new LinkedHashMap<>();
        for (MemberFacts m : members) {
            map.put(m.username(), m);
        }
        return Map.copyOf(map);
    }
}
