package org.concordia.infra.account;

import com.nulabinc.zxcvbn.StandardDictionaries;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Password rules per NIST SP 800-63B §3.1.1.2: a minimum length ({@code concordia.passwords.min-length}, 12) and a
 * generous maximum ({@code max-length}, 128), every character allowed, no composition rules (no "one digit and one
 * symbol"), and a blocklist: the 30,000 passwords most found in breaches (the list zxcvbn ships, from Xato's 10
 * million) plus an optional file of one's own ({@code blocklist-file}, one password a line), also with digits or
 * symbols only added around one of them ({@code password2024!}); the username and the service's name; and runs of
 * one repeated or sequential pattern ({@code aaaaaaaaaaaa}, {@code abcabcabcabc}, {@code 123456789012}). Lengths
 * count Unicode code points; comparisons are on the NFKC-normalised, lower-cased password.
 */
@Component
public class PasswordPolicy {

    /** A broken rule: which, and what to tell the user. */
    public record Violation(String rule, String message) {
    }

    static final String SERVICE_NAME = "concordia";

    private final int minLength;
    private final int maxLength;
    private final Set<String> blocklist;

    PasswordPolicy(@Value("${concordia.passwords.min-length:12}") int minLength,
                   @Value("${concordia.passwords.max-length:128}") int maxLength,
                   @Value("${concordia.passwords.blocklist-file:}") String blocklistFile) {
        if (minLength < 8 || maxLength < 64 || maxLength < minLength) {
            throw new IllegalStateException("concordia.passwords: min-length must be at least 8 and max-length at "
                                            + "least 64 (NIST SP 800-63B)");
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.blocklist = load(blocklistFile);
    }

    public int minLength() {
        return minLength;
    }

    /** Every rule {@code password} breaks for the account {@code username}; empty when it is acceptable. */
    public List<Violation> check(String password, String username) {
        List<Violation> violations = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            violations.add(new Violation("PASSWORD_TOO_SHORT", "must be at least " + minLength + " characters"));
        }
        if (length > maxLength) {
            violations.add(new Violation("PASSWORD_TOO_LONG", "must be at most " + maxLength + " characters"));
        }
        String normalised = normalise(password);
        if (isCommon(normalised)) {
            violations.add(new Violation("PASSWORD_COMMON",
                    "is a commonly used or breached password, or one with only digits or symbols added"));
        }
        String name = username == null ? "" : normalise(username);
        if (name.length() >= 3 && normalised.contains(name) || !name.isEmpty() && normalised.equals(name)) {
            violations.add(new Violation("PASSWORD_CONTAINS_USERNAME", "must not contain the username"));
        }
        if (normalised.contains(SERVICE_NAME)) {
            violations.add(new Violation("PASSWORD_CONTAINS_SERVICE_NAME", "must not contain the service's name"));
        }
        if (isRepetitiveOrSequential(normalised)) {
            violations.add(new Violation("PASSWORD_REPETITIVE_OR_SEQUENTIAL",
                    "must not be one repeated or sequential run of characters"));
        }
        return violations;
    }

    private boolean isCommon(String password) {
        if (blocklist.contains(password)) {
            return true;
        }
        // the same with only digits or symbols around it: "password2024!", "!!monkey123456"
        int start = 0;
        int end = password.length();
        while (start < end && !Character.isLetter(password.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(password.charAt(end - 1))) {
            end--;
        }
        String core = password.substring(start, end);
        return core.length() >= 4 && core.length() < password.length() && blocklist.contains(core);
    }

    static boolean isRepetitiveOrSequential(String password) {
        int[] cps = password.codePoints().toArray();
        if (cps.length < 2) {
            return false;
        }
        for (int unit = 1; unit <= 4 && unit * 2 <= cps.length; unit++) {
            boolean repeats = true;
            for (int i = unit; i < cps.length && repeats; i++) {
                repeats = cps[i] == cps[i - unit];
            }
            if (repeats) {
                return true;
            }
        }
        return runsBy(cps, 1) || runsBy(cps, -1);
    }

    /** Each character follows the previous one by {@code step} (digits wrap: …8, 9, 0, 1…). */
    private static boolean runsBy(int[] cps, int step) {
        for (int i = 1; i < cps.length; i++) {
            int expected = cps[i - 1] + step;
            if (Character.isDigit(cps[i - 1]) && Character.isDigit(cps[i])) {
                expected = '0' + Math.floorMod(cps[i - 1] - '0' + step, 10);
            }
            if (cps[i] != expected) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static Set<String> load(String extraFile) {
        Set<String> passwords = new HashSet<>(40_000);
        try {
            StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies().forEach(p -> passwords.add(normalise(p)));
            if (extraFile != null && !extraFile.isBlank()) {
                for (String line : Files.readAllLines(Path.of(extraFile))) {
                    if (!line.isBlank()) {
                        passwords.add(normalise(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password blocklist", e);
        }
        if (passwords.size() < 10_000) {
            throw new IllegalStateException("the common-password list is missing (" + passwords.size() + " entries)");
        }
        return Set.copyOf(passwords);
    }
}
