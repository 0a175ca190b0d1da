package org.concordia.infra.account;

import org.concordia.kernel.shared.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: records the {@code UserAccountCreated} of accounts stored before account events existed; then, at the
 * first start, creates the administrator {@code admin} (recorded by {@code system}): with
 * {@code CONCORDIA_ADMIN_PASSWORD} when set — it must meet the password rules, or the application does not start —
 * else with a generated password printed once. There is no fixed default password.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";

    private final AccountService accounts;
    private final String configuredPassword;

    AdminBootstrap(AccountService accounts, @Value("${concordia.admin-password:}") String configuredPassword) {
        this.accounts = accounts;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        accounts.recordEarlierAccounts();
        if (accounts.exists(ADMIN)) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? accounts.generatePassword(ADMIN) : configuredPassword;
        try {
            accounts.requireAcceptable("CONCORDIA_ADMIN_PASSWORD", password, ADMIN);
        } catch (PasswordRefused refused) {
            throw new IllegalStateException("CONCORDIA_ADMIN_PASSWORD is not acceptable: "
                                            + refused.getBody().getDetail());
        }
        accounts.createPasswordAccount(ADMIN, "Administrator", password, true, false,
                                       "the first administrator, created at first start",
                                       ActorContext.SYSTEM_USERNAME);
        if (generated) {
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
}
