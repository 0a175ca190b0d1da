package org.concordia.infra.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/**
 * At first start, creates the administrator {@code admin}: with {@code CONCORDIA_ADMIN_PASSWORD} when set, else with
 * a generated password printed once. There is no fixed default password.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final UserAccounts users;
    private final String configuredPassword;

    AdminBootstrap(UserAccounts users, @Value("${concordia.admin-password:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.exists(ADMIN)) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? generatePassword() : configuredPassword;
        if (users.create(ADMIN, "Administrator", password, true) && generated) {
            // Printed once, on the console only: it is not kept anywhere in clear.
            System.out.println("""

                    ==================================================================
                     Concordia administrator created.  user: admin  password: %s
                     (shown once; set CONCORDIA_ADMIN_PASSWORD to choose it instead)
                    ==================================================================
                    """.formatted(password));
        } else {
            log.info("Administrator 'admin' created with the password from CONCORDIA_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
