package org.concordia.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.concordia.kernel.account.AccountDisabled;
import org.concordia.kernel.account.PasswordReset;
import org.concordia.kernel.account.SignInFailuresExceeded;
import org.concordia.kernel.account.UserAccountCreated;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.query.support.CollaborationSequencingPolicy;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

/** Account events have a trail of their own, apart from every collaboration's, in one sequence. */
class AccountEntriesTest {

    private static final ActorContext ADMIN = new ActorContext("admin", null, Set.of());

    @Test
    void accountEventsAreIndexedUnderTheAccountsTrailAndBelongToNoCollaboration() {
        AccountDisabled disabled = new AccountDisabled("cora", "left the consortium", ADMIN);
        assertThat(AuditEntries.trailOf(disabled)).isEqualTo(AuditEntries.ACCOUNTS_TRAIL);
        assertThat(AuditEntries.collaborationOf(disabled)).isNull();
        assertThat(CollaborationSequencingPolicy.INSTANCE.getSequenceIdentifierFor(
                GenericEventMessage.asEventMessage(disabled))).isEqualTo(CollaborationSequencingPolicy.INSTANCE
                .getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                        new PasswordReset("sam", true, "forgot", ADMIN))));
    }

    @Test
    void summariesSayWhatHappenedToWhichAccount() {
        assertThat(AuditEntries.summary(new UserAccountCreated("cora", "Cora", true, true, null, null, null, ADMIN)))
                .isEqualTo("account cora created as administrator; password to be changed at first sign-in");
        assertThat(AuditEntries.summary(new PasswordReset("cora", true, "forgot", ADMIN)))
                .isEqualTo("account cora: password reset to a generated one, to be changed at the next sign-in");
        assertThat(AuditEntries.summary(new SignInFailuresExceeded("cora", "192.0.2.1", 10, ActorContext.SYSTEM)))
                .isEqualTo("account cora: 10 failed sign-ins from 192.0.2.1, over the threshold");
    }
}
