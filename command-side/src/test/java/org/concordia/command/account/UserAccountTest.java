package org.concordia.command.account;

import static org.concordia.command.testdata.Violations.expectRefused;

import java.time.Instant;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.concordia.kernel.account.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command handler path of {@link UserAccount}, accepted and refused. */
class UserAccountTest {

    private static final String CORA = "cora";
    private static final String ADMIN = "admin";
    private static final ActorContext BY_ADMIN = new ActorContext(ADMIN, null, Set.of());
    private static final ActorContext BY_CORA = new ActorContext(CORA, null, Set.of());
    private static final String ISSUER = "https://login.example.org/realms/concordia";
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private AggregateTestFixture<UserAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserAccount.class);
    }

    private static UserAccountCreated coraCreated() {
        return new UserAccountCreated(CORA, "Cora", false, false, null, null, "new coordinator", BY_ADMIN);
    }

    private static UserAccountCreated adminCreated() {
        return new UserAccountCreated(ADMIN, "Administrator", true, false, null, null, "bootstrap",
                ActorContext.SYSTEM);
    }

    private static UserAccountCreated oidcUserCreated() {
        return new UserAccountCreated("sub-1@login.example.org", "ines", false, false, ISSUER, "sub-1",
                "first sign-in", ActorContext.SYSTEM);
    }

    // ------------------------------------------------------------ creation

    @Test
    void anAdministratorCreatesAPasswordAccount() {
        fixture.givenNoPriorActivity()
               .when(new CreateUserAccount(CORA, "Cora", false, false, null, null, "new coordinator", ADMIN))
               .expectSuccessfulHandlerExecution()
               .expectEvents(coraCreated());
    }

    @Test
    void theFirstSignInOfAnOidcUserCreatesTheirAccount() {
        fixture.givenNoPriorActivity()
               .when(new CreateUserAccount("sub-1@login.example.org", "ines", false, false, ISSUER, "sub-1",
                       "first sign-in", "system"))
               .expectEvents(oidcUserCreated());
    }

    @Test
    void cannotCreateATakenUsername() {
        expectRefused(fixture.given(coraCreated())
                             .when(new CreateUserAccount(CORA, "Other Cora", false, false, null, null, null, ADMIN)),
                DomainRule.USERNAME_TAKEN);
    }

    // ------------------------------------------------------------ passwords

    @Test
    void theHolderChangesTheirPassword() {
        fixture.given(coraCreated())
               .when(new ChangePassword(CORA, null, CORA))
               .expectEvents(new PasswordChanged(CORA, null, BY_CORA));
    }

    @Test
    void aDisabledAccountCannotChangeItsPassword() {
        expectRefused(fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
                             .when(new ChangePassword(CORA, null, CORA)),
                DomainRule.ACCOUNT_DISABLED);
    }

    @Test
    void anOidcAccountHasNoPasswordToChange() {
        String user = "sub-1@login.example.org";
        expectRefused(fixture.given(oidcUserCreated()).when(new ChangePassword(user, null, user)),
                DomainRule.NOT_A_PASSWORD_ACCOUNT);
    }

    @Test
    void anAdministratorResetsAPasswordAlsoOfADisabledAccount() {
        fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
               .when(new ResetPassword(CORA, true, "forgot it", ADMIN))
               .expectEvents(new PasswordReset(CORA, true, "forgot it", BY_ADMIN));
    }

    @Test
    void anOidcAccountHasNoPasswordToReset() {
        expectRefused(fixture.given(oidcUserCreated())
                             .when(new ResetPassword("sub-1@login.example.org", false, "r", ADMIN)),
                DomainRule.NOT_A_PASSWORD_ACCOUNT);
    }

    // ------------------------------------------------------------ disable / enable

    @Test
    void anAdministratorDisablesAnAccount() {
        fixture.given(coraCreated())
               .when(new DisableAccount(CORA, "left the consortium", ADMIN))
               .expectEvents(new AccountDisabled(CORA, "left the consortium", BY_ADMIN));
    }

    @Test
    void cannotDisableADisabledAccount() {
        expectRefused(fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
                             .when(new DisableAccount(CORA, "again", ADMIN)),
                DomainRule.ACCOUNT_ALREADY_DISABLED);
    }

    @Test
    void anAdministratorCannotDisableTheirOwnAccount() {
        expectRefused(fixture.given(adminCreated()).when(new DisableAccount(ADMIN, "oops", ADMIN)),
                DomainRule.OWN_ACCESS_UNCHANGEABLE);
    }

    @Test
    void anAdministratorEnablesADisabledAccount() {
        fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
               .when(new EnableAccount(CORA, "back", ADMIN))
               .expectEvents(new AccountEnabled(CORA, "back", BY_ADMIN));
    }

    @Test
    void cannotEnableAnEnabledAccount() {
        expectRefused(fixture.given(coraCreated()).when(new EnableAccount(CORA, "why", ADMIN)),
                DomainRule.ACCOUNT_ALREADY_ENABLED);
    }

    // ------------------------------------------------------------ administrators

    @Test
    void anAdministratorGrantsTheRole() {
        fixture.given(coraCreated())
               .when(new GrantAdministrator(CORA, "deputy", ADMIN))
               .expectEvents(new AdministratorGranted(CORA, "deputy", BY_ADMIN));
    }

    @Test
    void cannotGrantTheRoleTwice() {
        expectRefused(fixture.given(coraCreated(), new AdministratorGranted(CORA, "deputy", BY_ADMIN))
                             .when(new GrantAdministrator(CORA, "again", ADMIN)),
                DomainRule.ALREADY_ADMINISTRATOR);
    }

    @Test
    void anAdministratorRevokesTheRole() {
        fixture.given(coraCreated(), new AdministratorGranted(CORA, "deputy", BY_ADMIN))
               .when(new RevokeAdministrator(CORA, "no longer deputy", ADMIN))
               .expectEvents(new AdministratorRevoked(CORA, "no longer deputy", BY_ADMIN));
    }

    @Test
    void cannotRevokeTheRoleOfANonAdministrator() {
        expectRefused(fixture.given(coraCreated()).when(new RevokeAdministrator(CORA, "r", ADMIN)),
                DomainRule.NOT_AN_ADMINISTRATOR);
    }

    @Test
    void anAdministratorCannotRevokeTheirOwnRole() {
        expectRefused(fixture.given(adminCreated()).when(new RevokeAdministrator(ADMIN, "r", ADMIN)),
                DomainRule.OWN_ACCESS_UNCHANGEABLE);
    }

    // ------------------------------------------------------------ tokens and sign-in failures

    @Test
    void aTokenCreatedIsRecordedWithoutItsSecret() {
        fixture.given(coraCreated())
               .when(new RecordApiTokenCreated(CORA, "tok-1", "dashboard", "READ", EXPIRES, null, CORA))
               .expectEvents(new ApiTokenCreated(CORA, "tok-1", "dashboard", "READ", EXPIRES, null, BY_CORA));
    }

    @Test
    void aDisabledAccountGetsNoNewToken() {
        expectRefused(fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
                             .when(new RecordApiTokenCreated(CORA, "tok-1", "dashboard", "READ", null, null, CORA)),
                DomainRule.ACCOUNT_DISABLED);
    }

    @Test
    void aTokenRevokedIsRecordedAlsoForADisabledAccount() {
        fixture.given(coraCreated(), new AccountDisabled(CORA, "left", BY_ADMIN))
               .when(new RecordApiTokenRevoked(CORA, "tok-1", "account disabled", ADMIN))
               .expectEvents(new ApiTokenRevoked(CORA, "tok-1", "account disabled", BY_ADMIN));
    }

    @Test
    void signInFailuresOverTheThresholdAreRecordedBySystem() {
        fixture.given(coraCreated())
               .when(new RecordSignInFailuresExceeded(CORA, "203.0.113.7", 10))
               .expectEvents(new SignInFailuresExceeded(CORA, "203.0.113.7", 10, ActorContext.SYSTEM));
    }

    @Test
    void nothingIsRecordedForAnAccountThatDoesNotExist() {
        fixture.givenNoPriorActivity()
               .when(new DisableAccount("ghost", "r", ADMIN))
               .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class)
               .expectNoEvents();
    }
}
