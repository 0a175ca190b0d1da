package org.concordia.infra.membership;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.kernel.collaboration.MemberChanged;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.issue.ReviewBallot;
import org.concordia.kernel.issue.query.FindInbox;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * When a member is removed from a collaboration or changed (party, roles), every open ballot that still waits for
 * their vote is reviewed ({@link ReviewBallot}): the Issue closes it if that decided it — its last eligible voter
 * gone, or its quorum out of reach — instead of leaving it open until someone acts or its deadline. Which ballots:
 * the member's inbox ({@code toVote}), which keeps them until the issue changes. A ballot closed meanwhile is
 * refused by the Issue and skipped. On a tracking processor of its own that starts at the head of the store: it
 * reacts to removals and changes from now on, and a replay never re-sends old reviews.
 */
public class BallotReviews {

    public static final String GROUP = "ballot-reviews";

    private static final Logger log = LoggerFactory.getLogger(BallotReviews.class);

    private final QueryGateway queries;
    private final CommandGateway commands;

    public BallotReviews(QueryGateway queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @EventHandler
    void on(MemberRemoved event, @Timestamp Instant at) {
        review(event.collaborationId(), event.username(), at);
    }

    @EventHandler
    void on(MemberChanged event, @Timestamp Instant at) {
        review(event.collaborationId(), event.username(), at);
    }

    private void review(String collaborationId, String username, Instant at) {
        Inbox inbox = queries.query(new FindInbox(username, List.of(collaborationId), null, at),
                                    ResponseTypes.instanceOf(Inbox.class)).join();
        for (Inbox.ToVote ballot : inbox.toVote()) {
            try {
                commands.sendAndWait(new ReviewBallot(ballot.issueId(), ballot.proposalId()));
            } catch (DomainRuleViolation closedMeanwhile) {
                log.debug("Ballot {} on {} not reviewed: {}", ballot.proposalId(), ballot.issueId(),
                          closedMeanwhile.getMessage());
            } catch (RuntimeException failed) {
                // not a refusal: said out loud, the ballot stays to its next vote, close or deadline
                log.warn("Ballot {} on {} could not be reviewed after a change of {}", ballot.proposalId(),
                         ballot.issueId(), username, failed);
            }
        }
    }
}
