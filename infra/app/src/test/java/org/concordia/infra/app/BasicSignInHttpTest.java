package org.concordia.infra.app;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.infra.security.SignInFailureListener;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP Basic over real HTTP: a verified password is not checked with bcrypt again on every request, yet a changed
 * password or a disabled account takes effect at once; failed sign-ins lock the account and the client address out
 * (429 with Retry-After, even for the right password) for a while.
 */
class BasicSignInHttpTest {

    /** bcrypt checks made by the application (sign-ins and signatures). */
    static final AtomicInteger BCRYPT_CHECKS = new AtomicInteger();
    static final List<SignInFailureListener.SignInLockout> LOCKOUTS = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class CountingPasswords {
        @Bean
        @Primary
        PasswordEncoder countingPasswordEncoder() {
            PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    return bcrypt.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    BCRYPT_CHECKS.incrementAndGet();
                    return bcrypt.matches(raw, encoded);
                }
            };
        }

        @Bean
        SignInFailureListener recordingListener() {
            return LOCKOUTS::add;
        }
    }

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.configured(dataDir, new String[]{
                "--concordia.security.sign-in.account-threshold=4",
                "--concordia.security.sign-in.address-threshold=10",
                "--concordia.security.sign-in.first-delay=5s"}, CountingPasswords.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void forgetFailures() {
        app.bean(MongoDatabase.class).getCollection("signin_failures").deleteMany(new Document());
        LOCKOUTS.clear();
    }

    @Test
    void aVerifiedPasswordIsNotCheckedAgainButAChangedOneTakesEffectAtOnce() {
        RunningApp.Call basil = app.user("basil");
        assertThat(basil.get("/api/v1/me/inbox").status()).isEqualTo(200);
        int checks = BCRYPT_CHECKS.get();
        for (int i = 0; i < 20; i++) {
            assertThat(basil.get("/api/v1/me/inbox").status()).isEqualTo(200);
        }
        assertThat(BCRYPT_CHECKS.get()).as("bcrypt checks for 20 requests with a verified password").isEqualTo(checks);
        // A signature is a re-authentication (21 CFR 11.200): its password is always checked in full.
        app.bean(ElectronicSignatures.class).signWithPassword("basil", basil.password(), SignatureMeaning.APPROVED);
        assertThat(BCRYPT_CHECKS.get()).isEqualTo(checks + 1);
        checks = BCRYPT_CHECKS.get();

        // Wrong passwords are never remembered: each one is checked.
        RunningApp.Call wrong = app.as("basil", "not-basils-password");
        assertThat(wrong.get("/api/v1/me/inbox").status()).isEqualTo(401);
        assertThat(wrong.get("/api/v1/me/inbox").status()).isEqualTo(401);
        assertThat(BCRYPT_CHECKS.get()).isEqualTo(checks + 2);

        // The password changes (written straight into the store: on any node, by any means).
        PasswordEncoder encoder = app.bean(PasswordEncoder.class);
        app.bean(MongoDatabase.class).getCollection("users").updateOne(
                eq("_id", "basil"), Updates.set("passwordHash", encoder.encode("basil-new-password")));
        assertThat(basil.get("/api/v1/me/inbox").status()).isEqualTo(401);
        assertThat(app.as("basil", "basil-new-password").get("/api/v1/me/inbox").status()).isEqualTo(200);
        assertThat(basil.get("/api/v1/me/inbox").status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsLockTheAccountOutEvenForTheRightOneUntilTheDelayHasPassed() throws Exception {
        RunningApp.Call tess = app.user("tess");
        RunningApp.Call guesser = app.as("tess", "guess-number-n");
        for (int i = 0; i < 4; i++) {
            assertThat(guesser.get("/api/v1/me/inbox").status()).isEqualTo(401);
        }
        int checks = BCRYPT_CHECKS.get();
        RunningApp.Response locked = guesser.get("/api/v1/me/inbox");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 5L);
        RunningApp.Response rightButLocked = tess.get("/api/v1/me/inbox");
        assertThat(rightButLocked.status()).isEqualTo(429);
        assertThat(rightButLocked.header("Retry-After")).isNotBlank();
        assertThat(BCRYPT_CHECKS.get()).as("no password is checked while locked out").isEqualTo(checks);
        assertThat(LOCKOUTS).singleElement().satisfies(lockout -> {
            assertThat(lockout.subject()).isEqualTo(SignInFailureListener.Subject.ACCOUNT);
            assertThat(lockout.username()).isEqualTo("tess");
            assertThat(lockout.address()).isEqualTo("127.0.0.1");
            assertThat(lockout.failures()).isEqualTo(4);
        });

        Thread.sleep(retryAfter * 1000 + 200); // waiting out the lock-out, as a client would
        assertThat(tess.get("/api/v1/me/inbox").status()).isEqualTo(200);
        // The success cleared the account's count: the next wrong password is a plain 401 again.
        assertThat(guesser.get("/api/v1/me/inbox").status()).isEqualTo(401);
        assertThat(tess.get("/api/v1/me/inbox").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGuessingAcrossAccountsIsLockedOutForEveryAccount() throws Exception {
        RunningApp.Call vera = app.user("vera");
        for (int i = 0; i < 10; i++) {
            assertThat(app.as("user" + i, "guess").get("/api/v1/me/inbox").status()).isEqualTo(401);
        }
        RunningApp.Response locked = vera.get("/api/v1/me/inbox");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(LOCKOUTS).extracting(SignInFailureListener.SignInLockout::subject)
                            .containsExactly(SignInFailureListener.Subject.ADDRESS);

        Thread.sleep(Long.parseLong(locked.header("Retry-After")) * 1000 + 200);
        assertThat(vera.get("/api/v1/me/inbox").status()).isEqualTo(200);
    }
}
