package org.concordia.infra.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.VoteCast;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Revision 1 → 2 of the events that gained electronic signatures (21 CFR 11.50). What was recorded before
 * e-signatures existed was not signed, and stays so: the signature becomes an explicit {@code null}, which every
 * view shows as "unsigned, recorded before electronic signatures". Nothing is invented and nothing stored is
 * rewritten: upcasting happens as events are read. Axon registers every {@link EventUpcaster} bean in its chain.
 */
@Configuration(proxyBeanMethods = false)
public class SignatureUpcasters {

    @Bean
    EventUpcaster electronicSignatureUpcasters() {
        return chain();
    }

    /** The four upcasters, as one chain. */
    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                toRevision2(VoteCast.class, SignatureUpcasters::unsigned),
                toRevision2(IssueClosed.class, SignatureUpcasters::unsigned),
                toRevision2(ProposalAdopted.class, event -> event.path("decision").path("votes")
                                                                  .forEach(SignatureUpcasters::unsigned)),
                toRevision2(ProposalRejected.class, event -> event.path("votes").forEach(SignatureUpcasters::unsigned)));
    }

    private static void unsigned(JsonNode node) {
        if (node instanceof ObjectNode object && !object.has("signature")) {
            object.putNull("signature");
        }
    }

    private static SingleEventUpcaster toRevision2(Class<?> eventType, Consumer<ObjectNode> change) {
        SimpleSerializedType revision1 = new SimpleSerializedType(eventType.getName(), "1");
        SimpleSerializedType revision2 = new SimpleSerializedType(eventType.getName(), "2");
        return new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation representation) {
                return representation.getType().equals(revision1);
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                return representation.upcastPayload(revision2, JsonNode.class, payload -> {
                    ObjectNode copy = ((ObjectNode) payload).deepCopy();
                    change.accept(copy);
                    return copy;
                });
            }
        };
    }
}
