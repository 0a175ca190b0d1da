package org.concordia.infra.account;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** NIST SP 800-63B §3.1.1.2: length, a blocklist, context words; and no composition rules. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(12, 128, "");

    private List<String> rules(String password, String username) {
        return policy.check(password, username).stream().map(PasswordPolicy.Violation::rule).toList();
    }

    @Test
    void aLongPassphraseOfAnyCharactersIsAcceptedWithoutCompositionRules() {
        assertThat(rules("tangerine bicycle", "cora")).isEmpty();
        assertThat(rules("all lower case no digits", "cora")).isEmpty();
        assertThat(rules("日本語のパスフレーズです", "cora")).as("12 code points").isEmpty();
        assertThat(rules("x".repeat(3) + "y".repeat(3) + "-long-enough-" + "é".repeat(100), "cora")).isEmpty();
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(rules("short-pw", "cora")).containsExactly("PASSWORD_TOO_SHORT");
        assertThat(rules("élan-vital-7", "cora")).isEmpty(); // 12 characters, 13 bytes
        assertThat(rules("a-river-runs".repeat(11), "cora")).containsExactly("PASSWORD_TOO_LONG");
    }

    @Test
    void commonAndBreachedPasswordsAreRefusedAlsoWithDigitsOrSymbolsAdded() {
        assertThat(rules("qazwsxedcrfv", "cora")).contains("PASSWORD_COMMON");
        assertThat(rules("LeaveMeAlone", "cora")).contains("PASSWORD_COMMON");
        assertThat(rules("1q2w3e4r5t6y", "cora")).contains("PASSWORD_COMMON");
        assertThat(rules("Password2024!", "cora")).contains("PASSWORD_COMMON");
        assertThat(rules("!!sunshine1234", "cora")).contains("PASSWORD_COMMON");
        assertThat(rules("sunshine-orchard", "cora")).isEmpty();
    }

    @Test
    void theUsernameAndTheServiceNameAreRefusedInAnyCase() {
        assertThat(rules("Cora-Is-Coordinating", "cora")).containsExactly("PASSWORD_CONTAINS_USERNAME");
        assertThat(rules("my-CONCORDIA-login", "cora")).containsExactly("PASSWORD_CONTAINS_SERVICE_NAME");
        assertThat(rules("an-al-fresco-dinner", "al")).as("a two-letter name only when it is all").isEmpty();
    }

    @Test
    void repetitiveAndSequentialRunsAreRefused() {
        assertThat(rules("aaaaaaaaaaaa", "cora")).contains("PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertThat(rules("abcabcabcabc", "cora")).contains("PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertThat(rules("abcdefghijklm", "cora")).contains("PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertThat(rules("8901234567890", "cora")).contains("PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertThat(rules("zyxwvutsrqpo", "cora")).contains("PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertThat(rules("abcd-efgh-ijkl", "cora")).isEmpty();
    }

    @Test
    void anOperatorAddsTheirOwnListAndCannotGoBelowNist(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path list = Files.writeString(dir.resolve("ours.txt"), "Helios-Pharma-2026\n\nonco trial phase three\n");
        PasswordPolicy ours = new PasswordPolicy(12, 128, list.toString());
        assertThat(ours.check("helios-pharma-2026", "cora")).extracting(PasswordPolicy.Violation::rule)
                                                            .containsExactly("PASSWORD_COMMON");
        assertThat(new PasswordPolicy(15, 128, "").check("fourteen-chars", "cora"))
                .extracting(PasswordPolicy.Violation::rule).containsExactly("PASSWORD_TOO_SHORT");
        assertThatIllegalStateException().isThrownBy(() -> new PasswordPolicy(6, 128, ""));
        assertThatIllegalStateException().isThrownBy(() -> new PasswordPolicy(12, 32, ""));
    }
}
