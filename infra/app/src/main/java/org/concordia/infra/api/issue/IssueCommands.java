package org.concordia.infra.api.issue;

import org.concordia.command.issue.Issue;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.web.EntityTags;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Sends a command to an issue the way every issue endpoint does: the issue must belong to the collaboration of the
 * path and be visible to the caller (404), {@code If-Match} is honoured (412), the answer is {@code {id, version}}
 * with an ETag.
 */
@Component
class IssueCommands {

    private final CommandDispatcher commands;
    private final ApiSupport api;
    private final Viewers viewers;

    IssueCommands(CommandDispatcher commands, ApiSupport api, Viewers viewers) {
        this.commands = commands;
        this.api = api;
        this.viewers = viewers;
    }

    ResponseEntity<CommandResponse> send(String cid, String iid, String ifMatch, Object command) {
        return send(cid, iid, ifMatch, () -> command);
    }

    /** {@code command} is built only once the issue is known to be in the collaboration (signing happens there). */
    ResponseEntity<CommandResponse> send(String cid, String iid, String ifMatch, Supplier<Object> command) {
        Long expected = EntityTags.expectedVersion(ifMatch);
        // as the read answers: 404 for a restricted issue the caller may not see (not the domain's 403)
        String caller = SecurityContextHolder.getContext().getAuthentication().getName();
        viewers.requireVisible(cid, iid, viewers.of(cid, caller));
        long version = commands.dispatch(command.get(), Issue.class, expected).versionOf(iid);
        return CommandResponse.ok(iid, version);
    }

    void requireIssueIn(String cid, String iid) {
        api.requireIssueIn(cid, iid);
    }
}
