package org.concordia.query.audit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.kernel.account.*;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.query.support.Json;
import org.concordia.query.support.Positions;

/** Turns a stored event into an audit entry: who did what, when, with the full payload. */
public final class AuditEntries {

    /**
     * The trail of the account events (which belong to no collaboration), indexed and read like a collaboration's
     * under this key; never a collaboration id (those are UUIDs).
     */
    public static final String ACCOUNTS_TRAIL = "#accounts";

    private AuditEntries() {
    }

    /** The trail an event is indexed under: its collaboration, {@link #ACCOUNTS_TRAIL}, or null. */
    public static String trailOf(Object payload) {
        return payload instanceof AccountEvent ? ACCOUNTS_TRAIL : collaborationOf(payload);
    }

    public static String collaborationOf(Object payload) {
        if (payload instanceof IssueEvent e) {
            return e.collaborationId();
        }
        return payload instanceof CollaborationEvent e ? e.collaborationId() : null;
    }

    public static String issueOf(Object payload) {
        if (payload instanceof IssueEvent e) {
            return e.issueId();
        }
        return payload instanceof IssueNumberAllocated e ? e.issueId() : null;
    }

    public static AuditEntry of(TrackedEventMessage<?> message) {
        Object payload = message.getPayload();
        ActorContext actor = payload instanceof IssueEvent e ? e.actor()
                : payload instanceof CollaborationEvent e ? e.actor()
                : payload instanceof AccountEvent e ? e.actor() : null;
        Map<String, Object> data = Json.toMap(payload);
        Object reason = data.get("reason") != null ? data.get("reason") : data.get("note");
        return new AuditEntry(Positions.of(message.trackingToken()), message.getIdentifier(),
                payload.getClass().getSimpleName(), message.getTimestamp(),
                actor == null ? null : actor.username(), actor == null ? null : actor.partyId(),
                collaborationOf(payload), issueOf(payload), summary(payload), data,
                reason == null ? null : reason.toString());
    }

    static String summary(Object p) {
        if (p instanceof IssueRaised e) {
            return e.type() + " " + e.issueKey() + " raised: " + e.title();
        } else if (p instanceof IssueAcknowledged e) {
            return "acknowledged at tier " + e.tier();
        } else if (p instanceof IssueAssigned e) {
            return "assigned to " + e.owner();
        } else if (p instanceof CommentAdded e) {
            return "comment " + e.commentId() + " added";
        } else if (p instanceof EvidenceAttached e) {
            return "evidence attached: " + e.title();
        } else if (p instanceof SeverityChanged e) {
            return "severity " + e.previous() + " → " + e.severity();
        } else if (p instanceof IssueLinked e) {
            return e.relation() + " " + e.relatedIssueId();
        } else if (p instanceof IssueEscalated e) {
            return "escalated from tier " + e.fromTier() + " to tier " + e.to().level() + " (" + e.cause() + ")";
        } else if (p instanceof SlaBreached e) {
            return e.phase() + " SLA breached at tier " + e.tier();
        } else if (p instanceof ResolutionProposed e) {
            return "proposal " + e.proposalId() + ": " + e.summary();
        } else if (p instanceof VoteCast e) {
            return e.vote() + " on proposal " + e.proposalId() + signed(e.signature());
        } else if (p instanceof ProposalAdopted e) {
            return "proposal " + e.proposalId() + " adopted at tier " + e.decision().tier() + signatures(
                    e.decision().votes().stream().filter(b -> b.vote() == VoteChoice.APPROVE).toList());
        } else if (p instanceof ProposalRejected e) {
            return "proposal " + e.proposalId() + " rejected at tier " + e.tier() + signatures(e.votes());
        } else if (p instanceof CorrectiveActionAdded e) {
            return e.kind() + " action " + e.actionId() + " for " + e.owner() + " due " + e.dueOn();
        } else if (p instanceof ActionCompleted e) {
            return "action " + e.actionId() + " completed";
        } else if (p instanceof IssueClosed e) {
            return "closed" + signed(e.signature());
        } else if (p instanceof IssueReopened e) {
            return "reopened at tier " + e.tier();
        } else if (p instanceof IssueWithdrawn) {
            return "withdrawn";
        } else if (p instanceof CollaborationRegistered e) {
            return "collaboration " + e.key() + " registered: " + e.name();
        } else if (p instanceof PartyRegistered e) {
            return "party " + e.partyId() + " registered as " + e.role();
        } else if (p instanceof MemberAdded e) {
            return "member " + e.username() + " added with " + e.roles();
        } else if (p instanceof MemberRemoved e) {
            return "member " + e.username() + " removed";
        } else if (p instanceof GovernanceLadderDefined e) {
            return "governance ladder v" + e.ladderVersion() + " defined with " + e.tiers().size() + " tiers";
        } else if (p instanceof IssueNumberAllocated e) {
            return "number " + e.issueKey() + " allocated";
        } else if (p instanceof AccountEvent e) {
            return accountSummary(e);
        }
        return p.getClass().getSimpleName();
    }

    private static String accountSummary(AccountEvent event) {
        String account = "account " + event.username();
        if (event instanceof UserAccountCreated e) {
            return account + " created" + (e.administrator() ? " as administrator" : "")
                   + (e.issuer() != null ? " at first sign-in through " + e.issuer() : "")
                   + (e.mustChangePassword() ? "; password to be changed at first sign-in" : "");
        } else if (event instanceof PasswordChanged) {
            return account + ": password changed by its holder";
        } else if (event instanceof PasswordReset e) {
            return account + ": password reset" + (e.generated() ? " to a generated one" : "")
                   + ", to be changed at the next sign-in";
        } else if (event instanceof AccountDisabled) {
            return account + " disabled";
        } else if (event instanceof AccountEnabled) {
            return account + " enabled";
        } else if (event instanceof AdministratorGranted) {
            return account + " made administrator";
        } else if (event instanceof AdministratorRevoked) {
            return account + " no longer administrator";
        } else if (event instanceof ApiTokenCreated e) {
            return account + ": API token " + e.tokenId() + " (" + e.tokenName() + ", " + e.scope()
                   + (e.expiresAt() != null ? ", expires " + e.expiresAt() : "") + ") created";
        } else if (event instanceof ApiTokenRevoked e) {
            return account + ": API token " + e.tokenId() + " revoked";
        } else if (event instanceof SignInFailuresExceeded e) {
            return account + ": " + e.failures() + " failed sign-ins"
                   + (e.clientAddress() != null ? " from " + e.clientAddress() : "") + ", over the threshold";
        }
        return account;
    }

    /** The signature manifestation (21 CFR 11.50) in the entry's human-readable summary, for display and export. */
    private static String signed(ElectronicSignature signature) {
        return signature == null ? " (unsigned: recorded before electronic signatures)"
                : "; signed by " + signature.manifestation();
    }

    private static String signatures(List<Ballot> ballots) {
        if (ballots.isEmpty()) {
            return "";
        }
        return "; signed by " + ballots.stream()
                .map(b -> b.signature() == null ? b.username() + " (unsigned: recorded before electronic signatures)"
                        : b.signature().manifestation())
                .collect(Collectors.joining("; "));
    }
}
