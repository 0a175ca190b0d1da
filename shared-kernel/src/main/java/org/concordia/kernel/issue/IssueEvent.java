package org.concordia.kernel.issue;

import org.concordia.kernel.shared.ActorContext;

/** Every event of the Issue aggregate. All carry collaboration id, issue id and the actor. */
public sealed interface IssueEvent
        permits IssueRaised, IssueAcknowledged, IssueAssigned, CommentAdded, EvidenceAttached, SeverityChanged,
        IssueLinked, IssueEscalated, SlaBreached, ResolutionProposed, VoteCast, ProposalAdopted, ProposalRejected,
        CorrectiveActionAdded, ActionCompleted, IssueClosed, IssueReopened, IssueWithdrawn,
        ProposalSuperseded, ConflictOfInterestDeclared, IssueDetailsCorrected, ActionReassigned, ActionRedated,
        ActionCancelled, DueDateExtensionRequested, DueDateExtensionDecided, IssueDismissed, RootCauseRecorded,
        ImpactAssessed, EffectivenessCheckPlanned, EffectivenessCheckRecorded, SeriousBreachFlagged,
        SeriousBreachReported {

    String collaborationId();

    String issueId();

    ActorContext actor();
}
