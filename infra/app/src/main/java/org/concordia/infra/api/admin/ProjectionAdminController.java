package org.concordia.infra.api.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.concordia.infra.ops.ProjectionAdmin;
import org.concordia.infra.web.NotFound;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Administrators see every projection's position and lag, and rebuild one from the events. */
@Tag(name = "Operations", description = "Read-model projections: status, lag and replay (administrators)")
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = "application/json")
class ProjectionAdminController {

    private final ProjectionAdmin projections;

    ProjectionAdminController(ProjectionAdmin projections) {
        this.projections = projections;
    }

    @Operation(summary = "Every projection with its position, lag and segments")
    @GetMapping
    List<ProjectionAdmin.ProjectionStatus> all() {
        return projections.all();
    }

    @Operation(summary = "One projection's status")
    @GetMapping("/{name}")
    ProjectionAdmin.ProjectionStatus one(@PathVariable String name) {
        return projections.one(name).orElseThrow(NotFound::new);
    }

    /** 202: the replay runs in the background; GET the projection for its progress. */
    @Operation(summary = "Rebuild a projection from the events (queries stay served)")
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionAdmin.ProjectionStatus> replay(@PathVariable String name) {
        if (!projections.replay(name)) {
            throw new NotFound();
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/projections/" + name))
                             .body(projections.one(name).orElseThrow(NotFound::new));
    }
}
