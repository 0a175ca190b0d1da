package org.concordia.infra.api.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.concordia.infra.ops.StoreBackups;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators take a consistent backup of the embedded store while the application keeps serving; it is written
 * into the configured backup directory on the server ({@code concordia.backup-dir}), never to a path from the
 * request.
 */
@RestController
@Tag(name = "Operations")
@RequestMapping(path = "/api/v1/admin/backup", produces = "application/json")
class BackupController {

    private final StoreBackups backups;

    BackupController(StoreBackups backups) {
        this.backups = backups;
    }

    /** 201 with where the backup is; 409 when the store is a real MongoDB (use MongoDB's tools). */
@Operation(summary = "Take an online backup of the data directory (administrators)")
    @PostMapping
    ResponseEntity<StoreBackups.Taken> backup() {
        StoreBackups.Taken taken = backups.backup().orElseThrow(() -> new ErrorResponseException(HttpStatus.CONFLICT,
                ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The store is an external MongoDB: back it up "
                        + "with MongoDB's own tools (mongodump, snapshots of a replica set member)."), null));
        return ResponseEntity.status(HttpStatus.CREATED).body(taken);
    }
}
