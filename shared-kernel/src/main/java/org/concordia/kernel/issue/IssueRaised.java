package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * The issue was raised by {@code actor} (the raiser) and sits OPEN at {@code tier}. Revision 2: the tier states its
 * chair and decision rule; {@code routing} says why it entered at that tier (an entry route, a restriction; null:
 * tier 1 by default); {@code restrictedToTiers} names the tiers whose bodies (with auditors, the raiser and the body
 * it currently sits at) alone may see it (empty: visible to every member); {@code recurrenceOf} the closed issue it
 * is a recurrence of. Revision-1 events are upcast with routing null, no restriction, no recurrence.
 */
@Revision("2")
public record IssueRaised(String collaborationId, String issueId, String issueKey, long number, IssueType type,
                          String title, String description, IssueCategory category, Severity severity,
                          Set<String> involvedParties, TierSnapshot tier, String routing, Set<String> restrictedToTiers,
                          String recurrenceOf, ActorContext actor) implements IssueEvent {

    public IssueRaised {
        restrictedToTiers = restrictedToTiers == null ? Set.of() : Set.copyOf(restrictedToTiers);
    }

    public IssueRaised(String collaborationId, String issueId, String issueKey, long number, IssueType type,
                       String title, String description, IssueCategory category, Severity severity,
                       Set<String> involvedParties, TierSnapshot tier, ActorContext actor) {
        this(collaborationId, issueId, issueKey, number, type, title, description, category, severity,
             involvedParties, tier, null, Set.of(), null, actor);
    }
}
