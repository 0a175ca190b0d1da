package org.concordia.infra.workspace.records;

import io.swagger.v3.oas.annotations.Hidden;
import org.concordia.infra.records.PrintedRecords;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The printable records behind the workspace's "Print record (PDF)" and "Meeting pack (PDF)" links: the same
 * documents as the API's, for the signed-in user, with the same visibility (not found for a non-member, or for a
 * restricted issue this user may not see).
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class PrintPages {

    private final PrintedRecords records;

    PrintPages(PrintedRecords records) {
        this.records = records;
    }

    @GetMapping("/app/c/{cid}/issues/{iid}/record.pdf")
    ResponseEntity<byte[]> issueRecord(@PathVariable String cid, @PathVariable String iid, Authentication caller) {
        return records.issueRecord(cid, iid, caller.getName()).response();
    }

    @GetMapping("/app/c/{cid}/tiers/{tier}/meeting-pack.pdf")
    ResponseEntity<byte[]> meetingPack(@PathVariable String cid, @PathVariable int tier, Authentication caller) {
        return records.meetingPack(cid, tier, caller.getName()).response();
    }
}
