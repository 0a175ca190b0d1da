package org.concordia.audit.verifier;

/** Names in an export bundle (a zip); README.md inside it describes the format for people. */
public final class Bundle {

    public static final String FORMAT = "concordia-audit-bundle/1";
    public static final String MANIFEST = "manifest.json";
    public static final String PUBLIC_KEY = "public-key.pem";
    public static final String CHECKPOINTS = "checkpoints.ndjson";
    public static final String CONSISTENCY = "consistency.ndjson";
    public static final String EVENTS = "events.ndjson";
    public static final String README = "README.md";
    public static final String SCOPE_STORE = "store";
    public static final String SCOPE_COLLABORATION = "collaboration";

    private Bundle() {
    }
}
