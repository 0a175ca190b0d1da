package org.concordia.kernel.collaboration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Register a collaboration under a unique key. {@code collaborationId} must be
 * {@link CollaborationId#forKey(String)} of the key (use {@link #of}). {@code coordinator} becomes the
 * first COORDINATOR; it is the actor, unless an administrator registers the collaboration for someone else.
 */
public record RegisterCollaboration(@TargetAggregateIdentifier String collaborationId, String key, String name,
                                    CollaborationKind kind, String description, String coordinator,
                                    String actor) {

    public RegisterCollaboration {
        CollaborationId.requireKey(key);
        Check.id("collaborationId", collaborationId);
        if (!CollaborationId.forKey(key).value().equals(collaborationId)) {
            throw new IllegalArgumentException("collaborationId: must be derived from the key");
        }
        Check.text("name", name, Check.NAME_MAX);
        Check.notNull("kind", kind);
        Check.optionalText("description", description, Check.TEXT_MAX);
        Check.id("coordinator", coordinator);
        Check.id("actor", actor);
    }

    public static RegisterCollaboration of(String key, String name, CollaborationKind kind, String description,
                                           String actor) {
        return new RegisterCollaboration(CollaborationId.forKey(key).value(), key, name, kind, description, actor,
                actor);
    }
}
