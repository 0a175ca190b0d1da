package org.concordia.command.testdata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.collaboration.GovernanceTier;

/** In-memory directory with one collaboration whose facts a test may change. */
public final class FakeCollaborationDirectory implements CollaborationDirectory {

    private CollaborationFacts facts = Cast.facts();

    @Override
    public CollaborationFacts factsOf(String collaborationId) {
        if (!facts.collaborationId().equals(collaborationId)) {
            throw new IllegalArgumentException("unknown collaboration " + collaborationId);
        }
        return facts;
    }

    public void removeMember(String username) {
        Map<String, MemberFacts> members = new HashMap<>(facts.members());
        members.remove(username);
        facts = new CollaborationFacts(facts.collaborationId(), facts.key(), members, facts.parties(),
                facts.ladderVersion(), facts.ladder());
    }

    public void changeParty(String username, String partyId) {
        Map<String, MemberFacts> members = new HashMap<>(facts.members());
        MemberFacts member = members.get(username);
        members.put(username, new MemberFacts(username, partyId, member.roles()));
        facts = new CollaborationFacts(facts.collaborationId(), facts.key(), members, facts.parties(),
                facts.ladderVersion(), facts.ladder());
    }

    public void defineLadder(List<GovernanceTier> ladder) {
        facts = new CollaborationFacts(facts.collaborationId(), facts.key(), facts.members(), facts.parties(),
                facts.ladderVersion() + 1, ladder);
    }
}
