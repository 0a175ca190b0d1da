package org.concordia.infra.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After any 2xx, the next request of any member is authorized against a state that includes it: a client that
 * scripts a set-up (create, parties, members, ladder, raise) never pauses and never gets a 404 or a 409 for a
 * write the server has just acknowledged, nor does the member it has just added.
 */
class ReadYourWritesHttpTest {

    static final int SEQUENCES = 200;
    static final Map<String, Object> LADDER = Map.of("tiers", List.of(Map.of(
            "name", "Working group", "members", List.of("dana"), "acknowledgeWithin", "P2D",
            "resolveWithin", "P14D", "quorum", 1)));

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.configured(dataDir, CheapPasswordHashing.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void createThenConfigureBackToBackNeverMeetsAStaleRefusal() {
        RunningApp.Call cora = app.user("cora");
        RunningApp.Call dana = app.user("dana");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < SEQUENCES; i++) {
            String key = "RYW" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
            RunningApp.Response created = cora.post("/api/v1/collaborations",
                                                    Map.of("key", key, "name", "Set-up " + key, "kind", "OTHER"));
            expect(failures, key + " create", created, 201);
            String c = "/api/v1/collaborations/" + created.json().get("id").asText();
            expect(failures, key + " sponsor", cora.post(c + "/parties",
                    Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR")), 200);
            expect(failures, key + " site", cora.post(c + "/parties",
                    Map.of("partyId", "site", "name", "Site", "role", "SITE")), 200);
            expect(failures, key + " member", cora.post(c + "/members",
                    Map.of("username", "dana", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR"))), 200);
            expect(failures, key + " the new member reads", dana.get(c), 200);
            expect(failures, key + " ladder", cora.put(c + "/governance", LADDER), 200);
            expect(failures, key + " the new member raises", dana.post(c + "/issues", Map.of(
                    "type", "CONFLICT", "title", "Visit window", "description", "Disagreement",
                    "category", "PROTOCOL_DEVIATION", "severity", "HIGH",
                    "involvedParties", Set.of("sponsor", "site"))), 201);
        }
        assertThat(failures).as("requests refused although the write before them was acknowledged").isEmpty();
    }

    /**
     * bcrypt at its lowest cost: this test is about consistency, and 1,400 requests at full cost take minutes on a
     * shared 2-core machine (and give the projections all the time they need to catch up, hiding the race).
     */
    @Configuration(proxyBeanMethods = false)
    static class CheapPasswordHashing {
        @Bean
        static BeanPostProcessor cheapPasswordHashing() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof PasswordEncoder
                            ? new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)))
                            : bean;
                }
            };
        }
    }

    private static void expect(List<String> failures, String step, RunningApp.Response response, int status) {
        if (response.status() != status) {
            failures.add(step + ": " + response.status() + " " + response.body());
        }
    }
}
