package org.concordia.infra.api;

import org.concordia.infra.web.EntityTags;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/** What every command answers: the resource's id and its version after the command (also its ETag). */
public record CommandResponse(String id, long version) {

    public static ResponseEntity<CommandResponse> ok(String id, long version) {
        return ResponseEntity.ok().eTag(EntityTags.of(version)).body(new CommandResponse(id, version));
    }

    public static ResponseEntity<CommandResponse> created(String location, String id, long version) {
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(location))
                             .eTag(EntityTags.of(version)).body(new CommandResponse(id, version));
    }
}
