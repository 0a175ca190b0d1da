package org.concordia.command.directory;

/**
 * Port: the current facts of a collaboration (active members with party and roles, parties, governance
 * ladder), as needed by the Issue aggregate. Injected into Issue command and deadline handlers as a
 * resource. Called inside the unit of work of the command being handled.
 */
public interface CollaborationDirectory {

    /** @throws RuntimeException (e.g. Axon's AggregateNotFoundException) when the collaboration is unknown */
    CollaborationFacts factsOf(String collaborationId);
}
