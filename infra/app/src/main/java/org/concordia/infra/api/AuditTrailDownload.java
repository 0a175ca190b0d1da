package org.concordia.infra.api;

import org.concordia.kernel.audit.AuditEntry;
import org.concordia.query.audit.AuditTrail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** An audit trail streamed whole, as CSV (a download) or as a JSON array, without holding it in memory. */
public final class AuditTrailDownload {

    private AuditTrailDownload() {
    }

    public static ResponseEntity<StreamingResponseBody> of(Supplier<Stream<AuditEntry>> entries, boolean csv,
                                                           String csvFileName) {
        StreamingResponseBody body = out -> {
            try (Stream<AuditEntry> stream = entries.get()) {
                if (csv) {
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    AuditTrail.writeCsv(stream, writer);
                    writer.flush();
                } else {
                    AuditTrail.writeJson(stream, out);
                }
            }
        };
        return ResponseEntity.ok()
                             .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                                              : MediaType.APPLICATION_JSON)
                             .header("Content-Disposition",
                                     csv ? "attachment; filename=\"" + csvFileName + "\"" : "inline")
                             .body(body);
    }
}
