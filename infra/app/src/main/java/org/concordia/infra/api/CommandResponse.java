package org.concordia.infra.api;

/** What every command answers: the resource's id and its version after the command. */
public record CommandResponse(String id, long version) {
}
