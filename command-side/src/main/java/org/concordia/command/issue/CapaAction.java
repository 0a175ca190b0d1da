package org.concordia.command.issue;

import java.time.LocalDate;

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
}
