package org.concordia.infra.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.infra.upcasting.SignatureUpcasters;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.Ballot;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.VoteCast;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored at revision 1, before electronic signatures, exactly as the old code wrote them (JSON by the
 * storage serializer), read back through the upcasters and the application's own serializer: everything they held
 * is kept, and the signature they never had is null. Revision-2 events pass through untouched.
 */
class SignatureUpcastingTest {

    private static final String ACTOR = """
            {"username":"tess","partyId":"cro","roles":["CONTRIBUTOR"]}""";
    private static final ActorContext TESS = new ActorContext("tess", "cro", Set.of(MemberRole.CONTRIBUTOR));

    private final Serializer serializer = StorageSerializers.events();
    private final EventUpcaster upcasters = SignatureUpcasters.chain();

    @Test
    void aRevisionOneVoteReadsAsAnUnsignedVote() {
        Object vote = read(VoteCast.class, """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","vote":"REJECT","comment":"No",\
                "actor":%s}""".formatted(ACTOR));
        assertThat(vote).isEqualTo(new VoteCast("c-1", "i-1", "p-1", VoteChoice.REJECT, "No", TESS, null));
    }

    @Test
    void aRevisionOneClosingReadsAsAnUnsignedClosing() {
        Object closed = read(IssueClosed.class, """
                {"collaborationId":"c-1","issueId":"i-1","note":"Effective","actor":%s}""".formatted(ACTOR));
        assertThat(closed).isEqualTo(new IssueClosed("c-1", "i-1", "Effective", TESS, null));
    }

    @Test
    void theBallotsOfARevisionOneDecisionReadAsUnsignedBallots() {
        ProposalAdopted adopted = (ProposalAdopted) read(ProposalAdopted.class, """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","decision":{"proposalId":"p-1",\
                "summary":"Retrain","rationale":"Retrain staff","tier":2,"tierName":"TSC","quorum":2,"votes":[\
                {"username":"tess","partyId":"cro","vote":"APPROVE"},{"username":"tom","partyId":"uni","vote":"APPROVE"}]},\
                "actor":%s}""".formatted(ACTOR));
        assertThat(adopted.decision().votes()).containsExactly(new Ballot("tess", "cro", VoteChoice.APPROVE, null),
                                                               new Ballot("tom", "uni", VoteChoice.APPROVE, null));
        assertThat(adopted.decision().rationale()).isEqualTo("Retrain staff");
        assertThat(adopted.actor()).isEqualTo(TESS);

        ProposalRejected rejected = (ProposalRejected) read(ProposalRejected.class, """
                {"collaborationId":"c-1","issueId":"i-1","proposalId":"p-1","tier":2,"votes":[\
                {"username":"tess","partyId":"cro","vote":"REJECT"}],"reason":"quorum out of reach","actor":%s}"""
                .formatted(ACTOR));
        assertThat(rejected).isEqualTo(new ProposalRejected("c-1", "i-1", "p-1", 2,
                List.of(new Ballot("tess", "cro", VoteChoice.REJECT, null)), "quorum out of reach", TESS));
    }

    @Test
    void aRevisionTwoVoteKeepsItsSignature() {
        ElectronicSignature signature = new ElectronicSignature("tess", "Tess Tiller", SignatureMeaning.APPROVED,
                Instant.parse("2026-03-01T09:30:00Z"), SignatureMethod.PASSWORD);
        VoteCast signed = new VoteCast("c-1", "i-1", "p-1", VoteChoice.APPROVE, null, TESS, signature);
        String stored = serializer.serialize(signed, String.class).getData();
        assertThat(stored).contains("\"printedName\":\"Tess Tiller\"").contains("\"signedAt\":\"2026-03-01T09:30:00Z\"");
        assertThat(read(VoteCast.class, "2", stored)).isEqualTo(signed);
    }

    private Object read(Class<?> type, String json) {
        return read(type, "1", json);
    }

    private Object read(Class<?> type, String revision, String json) {
        GenericDomainEventEntry<String> entry = new GenericDomainEventEntry<>(
                "Issue", "i-1", 3, "event-1", "2026-01-01T00:00:00Z", type.getName(), revision, json, "{}");
        List<? extends DomainEventMessage<?>> events = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(entry), serializer, upcasters).asStream().toList();
        assertThat(events).hasSize(1);
        return events.get(0).getPayload();
    }
}
