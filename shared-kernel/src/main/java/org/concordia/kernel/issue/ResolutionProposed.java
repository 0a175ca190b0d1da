package org.concordia.kernel.issue;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * A proposal was made at {@code tier} and its ballot opened. Revision 2 freezes the ballot's {@code body}: the tier
 * at that level of the ladder in force when it opened (its members vote, its chair may close it, its decision rule
 * decides), and the {@code recusals} at opening. Revision-1 events are upcast with body null and no recusals: such a
 * ballot is decided by the body and rule of the tier the issue sat at.
 */
@Revision("2")
public record ResolutionProposed(String collaborationId, String issueId, String proposalId, String summary,
                                 String text, int tier, TierSnapshot body, List<Recusal> recusals,
                                 ActorContext actor) implements IssueEvent {

    public ResolutionProposed {
        recusals = recusals == null ? List.of() : List.copyOf(recusals);
    }

    /** A proposal as recorded before decision rules. */
    public ResolutionProposed(String collaborationId, String issueId, String proposalId, String summary, String text,
                              int tier, ActorContext actor) {
        this(collaborationId, issueId, proposalId, summary, text, tier, null, List.of(), actor);
    }
}
