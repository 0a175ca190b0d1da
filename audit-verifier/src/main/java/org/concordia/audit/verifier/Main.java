package org.concordia.audit.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code java -jar audit-verifier.jar verify <bundle.zip> [--public-key <key.pem>]}: prints "INTACT up to position
 * n, checkpoint k" and exits 0, or "FAILED at position p: why" and exits 1; 2 for a usage or I/O error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 2 || !"verify".equals(args[0]) || (args.length != 2 && args.length != 4)
            || (args.length == 4 && !"--public-key".equals(args[2]))) {
            System.err.println("usage: java -jar audit-verifier.jar verify <bundle.zip> [--public-key <key.pem>]");
            return 2;
        }
        try {
            PublicKey pinned = args.length == 4 ? Ed25519Keys.parsePublic(Files.readString(Path.of(args[3]))) : null;
            Verification result = BundleVerifier.verify(Path.of(args[1]), pinned);
            System.out.println(result.summary());
            if (pinned == null && result.intact()) {
                System.out.println("note: checked against the bundle's own public key; pass --public-key with the "
                                   + "key published by the system to rule out a re-signed bundle");
            }
            return result.intact() ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot read: " + e.getMessage());
            return 2;
        }
    }
}
