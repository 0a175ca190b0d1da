package org.concordia.infra.api.admin;

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
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = "application/json")
class ProjectionAdminController {

    private final ProjectionAdmin projections;

    ProjectionAdminController(ProjectionAdmin projections) {
        this.projections = projections;
    }

    @GetMapping
    List<ProjectionAdmin.ProjectionStatus> all() {
        return projections.all();
    }

    @GetMapping("/{name}")
    ProjectionAdmin.ProjectionStatus one(@PathVariable String name) {
        return projections.one(name).orElseThrow(NotFound::new);
    }

    /** 202: the replay runs in the background; GET the projection for its progress. */
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionAdmin.ProjectionStatus> replay(@PathVariable String name) {
        if (!projections.replay(name)) {
            throw new NotFound();
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/projections/" + name))
                             .body(projections.one(name).orElseThrow(NotFound::new));
    }
}
