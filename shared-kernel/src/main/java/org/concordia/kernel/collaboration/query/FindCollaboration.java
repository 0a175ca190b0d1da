package org.concordia.kernel.collaboration.query;

/** One collaboration with its parties, members and governance ladder; empty when unknown. */
public record FindCollaboration(String collaborationId) {
}
