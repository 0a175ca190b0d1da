package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What waits for a user. {@code overdueActions}: open CAPA actions past their due date on issues whose tier the user
 * chairs; {@code extensionsToDecide}: due-date extensions awaiting the user's decision as that chair.
 */
public record Inbox(String username, List<ToAcknowledge> toAcknowledge, List<ToVote> toVote,
                    List<OwnedAction> actions, List<OwnedAction> overdueActions,
                    List<OwnedAction> extensionsToDecide) {

    public Inbox(String username, List<ToAcknowledge> toAcknowledge, List<ToVote> toVote, List<OwnedAction> actions) {
        this(username, toAcknowledge, toVote, actions, List.of(), List.of());
    }

    /** An OPEN issue at a tier whose body the user sits on. */
    public record ToAcknowledge(String collaborationId, String issueId, String key, String title, int tier,
                                String severity, Instant since) {
    }

    /** An open ballot the user may vote on (sat on its body when it opened, not recused) and has not voted on yet. */
    public record ToVote(String collaborationId, String issueId, String key, String proposalId, String summary,
                         Instant proposedAt) {
    }

    /**
     * An uncompleted CAPA action: {@code owner} owns it; {@code overdue} past {@code dueOn} as of the read;
     * {@code requestedDueOn} an extension asked for.
     */
    public record OwnedAction(String collaborationId, String issueId, String key, String actionId, String kind,
                              String description, LocalDate dueOn, String owner, boolean overdue,
                              LocalDate requestedDueOn) {

        public OwnedAction(String collaborationId, String issueId, String key, String actionId, String kind,
                           String description, LocalDate dueOn) {
            this(collaborationId, issueId, key, actionId, kind, description, dueOn, null, false, null);
        }

        public OwnedAction asOf(LocalDate today) {
            return new OwnedAction(collaborationId, issueId, key, actionId, kind, description, dueOn, owner,
                    dueOn.isBefore(today), requestedDueOn);
        }
    }
}
