package org.concordia.command.issue;

import java.time.LocalDate;
import java.util.Objects;

/** A CAPA action as the rules need it. Plain fields, for snapshots. */
final class CapaAction {

    enum Status { OPEN, COMPLETED, CANCELLED }

    String actionId;
    String owner;
    LocalDate dueOn;
    Status status = Status.OPEN;
    /** The due date its owner asked for, while the tier's chair has not decided. */
    LocalDate requestedDueOn;

    CapaAction() {
        // for snapshots
    }

    CapaAction(String actionId, String owner, LocalDate dueOn) {
        this.actionId = actionId;
        this.owner = owner;
        this.dueOn = dueOn;
    }

    boolean isOpen() {
        return status == Status.OPEN;
    }

    boolean counts() {
        return status != Status.CANCELLED;
    }

    // by value: fixtures compare the state sourced from events with the state the handlers left
    @Override
    public boolean equals(Object o) {
        return o instanceof CapaAction a && Objects.equals(actionId, a.actionId) && Objects.equals(owner, a.owner)
               && Objects.equals(dueOn, a.dueOn) && status == a.status
               && Objects.equals(requestedDueOn, a.requestedDueOn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(actionId, owner, dueOn, status, requestedDueOn);
    }
}
