package org.concordia.infra.records;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Printable records as PDF, for the API's callers (the workspace links to its own routes for the same documents). */
@Tag(name = "Printable records",
     description = "Human-readable copies of the record (21 CFR 11.10(b)) as PDF: one issue's record, a tier's "
                   + "meeting pack. Each page's footer names when, by whom and at which audit-chain head it was made")
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_PDF_VALUE)
class RecordsController {

    private final PrintedRecords records;

    RecordsController(PrintedRecords records) {
        this.records = records;
    }

    @Operation(summary = "An issue's printable record (PDF): summary, timeline, proposals with tally and signatures, "
                         + "CAPA and effectiveness check")
    @GetMapping("/collaborations/{cid}/issues/{iid}/record.pdf")
    ResponseEntity<byte[]> issueRecord(@PathVariable String cid, @PathVariable String iid, Authentication caller) {
        return records.issueRecord(cid, iid, caller.getName()).response();
    }

    @Operation(summary = "A tier's meeting pack (PDF): its open items, open ballots with the votes so far, and "
                         + "overdue actions; tier is the level, 1 for the first rung")
    @GetMapping("/collaborations/{cid}/tiers/{tier}/meeting-pack.pdf")
    ResponseEntity<byte[]> meetingPack(@PathVariable String cid, @PathVariable int tier, Authentication caller) {
        return records.meetingPack(cid, tier, caller.getName()).response();
    }
}
