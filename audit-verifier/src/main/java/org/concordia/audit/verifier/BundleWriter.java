package org.concordia.audit.verifier;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an export bundle as a zip stream, events last and one line at a time, so a large store streams through.
 * The order of calls: {@link #header}, then {@link #event} per event, then {@link #close}.
 */
public final class BundleWriter implements AutoCloseable {

    private final ZipOutputStream zip;
    private boolean inEvents;

    public BundleWriter(OutputStream out) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    }

    public void header(String scope, String collaborationId, String createdAt, PublicKey key,
                       List<Checkpoint> checkpoints, List<Map<String, Object>> consistencyProofs, String readme)
            throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", Bundle.FORMAT);
        manifest.put("scope", scope);
        manifest.put("collaborationId", collaborationId);
        manifest.put("createdAt", createdAt);
        manifest.put("keyId", Ed25519Keys.keyId(key));
        manifest.put("checkpoints", (long) checkpoints.size());
        entry(Bundle.README, readme);
        entry(Bundle.MANIFEST, Json.canonical(manifest) + "\n");
        entry(Bundle.PUBLIC_KEY, Ed25519Keys.publicPem(key));
        StringBuilder lines = new StringBuilder();
        checkpoints.forEach(c -> lines.append(Json.canonical(c.toMap())).append('\n'));
        entry(Bundle.CHECKPOINTS, lines.toString());
        StringBuilder proofs = new StringBuilder();
        consistencyProofs.forEach(p -> proofs.append(Json.canonical(p)).append('\n'));
        entry(Bundle.CONSISTENCY, proofs.toString());
        zip.putNextEntry(new ZipEntry(Bundle.EVENTS));
        inEvents = true;
    }

    /** One line of events.ndjson: {"leaf", "event"} plus "chainHash" (store) or "checkpoint", "inclusionProof". */
    public void event(Map<String, Object> line) throws IOException {
        if (!inEvents) {
            throw new IllegalStateException("write the header first");
        }
        zip.write((Json.canonical(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void entry(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        if (inEvents) {
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
