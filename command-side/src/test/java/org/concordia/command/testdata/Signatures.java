package org.concordia.command.testdata;

import java.time.Instant;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;

/** Electronic signatures as the application builds them after re-authenticating the signer. */
public final class Signatures {

    public static final Instant SIGNED_AT = Instant.parse("2026-03-01T09:30:00Z");

    private Signatures() {
    }

    /** The signature of {@code username} (printed name: the name capitalised, e.g. "Tess"). */
    public static ElectronicSignature signed(String username, SignatureMeaning meaning) {
        return new ElectronicSignature(username, printedName(username), meaning, SIGNED_AT, SignatureMethod.PASSWORD);
    }

    /** The voter's signature of this ballot, with the meaning the ballot implies. */
    public static ElectronicSignature signed(String username, VoteChoice vote) {
        return signed(username, CastVote.meaningOf(vote));
    }

    /** A closing signed as effective. */
    public static ElectronicSignature closedAsEffective(String username) {
        return signed(username, SignatureMeaning.CLOSED_AS_EFFECTIVE);
    }

    public static String printedName(String username) {
        return Character.toUpperCase(username.charAt(0)) + username.substring(1);
    }
}
