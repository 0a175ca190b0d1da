package org.concordia.query.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.issue.query.IssueView.ActionView;
import org.concordia.kernel.issue.query.IssueView.CheckResultView;
import org.concordia.kernel.issue.query.IssueView.EffectivenessCheckView;
import org.concordia.kernel.issue.query.IssueView.ImpactView;
import org.concordia.kernel.issue.query.IssueView.RootCauseView;
import org.concordia.kernel.issue.query.IssueView.SeriousBreachView;

/** How CAPA (root cause, impact, actions, effectiveness) and serious breaches fold into an {@link IssueState}. */
final class CapaFold {

    private CapaFold() {
    }

    static void on(IssueState s, IssueEvent event, Instant at) {
        String by = event.actor().username();
        if (event instanceof RootCauseRecorded e) {
            s.rootCause = new RootCauseView(e.method().name(), e.statement(), by, at);
        } else if (event instanceof ImpactAssessed e) {
            s.impact = new ImpactView(e.impact(), e.risk().name(), by, at);
        } else if (event instanceof CorrectiveActionAdded e) {
            s.actions.add(new ActionView(e.actionId(), e.kind().name(), e.description(), e.owner(),
                    e.dueOn().toString(), "OPEN", by, at, null, null, null, null, false));
        } else if (event instanceof ActionCompleted e) {
            change(s, e.actionId(), a -> action(a, a.owner(), a.dueOn(), "COMPLETED", e.note(), at, null, null));
        } else if (event instanceof ActionReassigned e) {
            change(s, e.actionId(), a -> action(a, e.owner(), a.dueOn(), a.status(), a.completionNote(),
                    a.completedAt(), a.requestedDueOn(), a.cancelReason()));
        } else if (event instanceof ActionRedated e) {
            change(s, e.actionId(), a -> action(a, a.owner(), e.dueOn().toString(), a.status(), a.completionNote(),
                    a.completedAt(), a.requestedDueOn(), a.cancelReason()));
        } else if (event instanceof ActionCancelled e) {
            change(s, e.actionId(), a -> action(a, a.owner(), a.dueOn(), "CANCELLED", a.completionNote(),
                    a.completedAt(), null, e.reason()));
        } else if (event instanceof DueDateExtensionRequested e) {
            change(s, e.actionId(), a -> action(a, a.owner(), a.dueOn(), a.status(), a.completionNote(),
                    a.completedAt(), e.requestedDueOn().toString(), a.cancelReason()));
        } else if (event instanceof DueDateExtensionDecided e) {
            change(s, e.actionId(), a -> action(a, a.owner(), e.approved() ? e.requestedDueOn().toString()
                    : a.dueOn(), a.status(), a.completionNote(), a.completedAt(), null, a.cancelReason()));
        } else if (event instanceof EffectivenessCheckPlanned e) {
            List<CheckResultView> results = s.effectivenessCheck == null ? List.of()
                    : s.effectivenessCheck.results();
            s.effectivenessCheck = new EffectivenessCheckView(e.criteria(), e.dueOn().toString(), by, at, results);
        } else if (event instanceof EffectivenessCheckRecorded e) {
            EffectivenessCheckView plan = s.effectivenessCheck;
            List<CheckResultView> results = new ArrayList<>(plan.results());
            results.add(new CheckResultView(e.effective(), e.findings(), by, at, e.signature()));
            s.effectivenessCheck = new EffectivenessCheckView(plan.criteria(), plan.dueOn(), plan.plannedBy(),
                    plan.plannedAt(), List.copyOf(results));
        } else if (event instanceof SeriousBreachFlagged e) {
            s.seriousBreach = new SeriousBreachView(e.reason(), by, at, at.plus(IssueState.SERIOUS_BREACH_NOTICE),
                    null, null, false);
        } else if (event instanceof SeriousBreachReported e) {
            SeriousBreachView b = s.seriousBreach;
            s.seriousBreach = new SeriousBreachView(b.reason(), b.flaggedBy(), b.flaggedAt(), b.notifyBy(),
                    e.reference(), at, false);
        }
    }

    private static ActionView action(ActionView a, String owner, String dueOn, String status, String note,
                                     Instant completedAt, String requestedDueOn, String cancelReason) {
        return new ActionView(a.id(), a.kind(), a.description(), owner, dueOn, status, a.addedBy(), a.addedAt(), note,
                completedAt, requestedDueOn, cancelReason, false);
    }

    private static void change(IssueState s, String actionId, UnaryOperator<ActionView> change) {
        s.actions.replaceAll(a -> a.id().equals(actionId) ? change.apply(a) : a);
    }
}
