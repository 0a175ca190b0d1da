package org.concordia.infra.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Administrators create the users of the built-in store (an account event records it). The password must meet the
 * password rules (400 naming the rule); {@code mustChangePassword} makes it a temporary one; {@code reason} is
 * optional. Reserved names ({@code system}, {@code admin}, …) are refused (400), a taken one is 409.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class UserController {

    record CreateUserRequest(
            @NotBlank @Pattern(regexp = "^[a-z][a-z0-9._-]{1,63}$",
                               message = "must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
            String username,
            @NotBlank @Size(max = 200) String displayName,
            @NotNull String password,
            Boolean mustChangePassword,
            @Size(max = 2000) String reason) {
    }

    record UserCreated(String username, String displayName) {
    }

    private final AccountService accounts;

    UserController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<UserCreated> create(@Valid @RequestBody CreateUserRequest body, Authentication caller) {
        accounts.createPasswordAccount(body.username(), body.displayName(), body.password(), false,
                                       Boolean.TRUE.equals(body.mustChangePassword()), body.reason(),
                                       caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + body.username()))
                             .body(new UserCreated(body.username(), body.displayName()));
    }
}
