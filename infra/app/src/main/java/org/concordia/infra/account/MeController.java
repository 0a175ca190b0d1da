package org.concordia.infra.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own account: who they are here, and changing their password (21 CFR 11.300(b)). Both stay open to an
 * account that must change its password, and only they do.
 */
@Tag(name = "Me", description = "The signed-in caller: account, password, email notifications")
@RestController
@RequestMapping(path = "/api/v1/me", produces = "application/json")
class MeController {

    record Me(String username, String displayName, boolean admin, boolean mustChangePassword, String signsInWith) {
    }

    record ChangePasswordRequest(@NotNull String currentPassword, @NotNull String newPassword) {
    }

    private final AccountService accounts;

    MeController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Operation(summary = "Who you are signed in as, and how")
    @GetMapping
    Me me(Authentication caller) {
        AccountView account = AccountView.of(accounts.find(caller.getName()));
        return new Me(account.username(), account.displayName(), account.admin(), account.mustChangePassword(),
                      account.signsInWith());
    }

    /** 204 once changed; a wrong current password 403 (429 when repeated), a weak new one 400. */
    @Operation(summary = "Change your own password")
    @PostMapping(path = "/password", consumes = "application/json")
    ResponseEntity<Void> changePassword(@Valid @RequestBody ChangePasswordRequest body, Authentication caller) {
        accounts.changePassword(caller.getName(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }
}
