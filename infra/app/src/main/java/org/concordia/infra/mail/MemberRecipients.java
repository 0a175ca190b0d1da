package org.concordia.infra.mail;

import org.concordia.infra.api.issue.Viewers;
import org.concordia.infra.notification.Recipients;
import org.concordia.infra.security.UserAccounts;
import org.springframework.stereotype.Component;

/**
 * Who may be told about an issue: the notifications' {@link Recipients}, decided by {@link Viewers} as every view and
 * the feed decide it — an enabled account that is an active member of the collaboration now, and of a restricted issue
 * only a member who may see it. Administrators who are not members are told nothing (mail is for members).
 */
@Component
class MemberRecipients implements Recipients {

    private final Viewers viewers;
    private final UserAccounts users;

    MemberRecipients(Viewers viewers, UserAccounts users) {
        this.viewers = viewers;
        this.users = users;
    }

    @Override
    public boolean maySee(String username, String collaborationId, String issueId) {
        if (!users.find(username).map(UserAccounts.Account::enabled).orElse(false)) {
            return false;
        }
        return viewers.ofMember(collaborationId, username)
                      .map(viewer -> viewers.sees(collaborationId, issueId, viewer))
                      .orElse(false);
    }
}
