package org.concordia.infra.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Administrators create the users of the built-in store. */
@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class UserController {

    record CreateUserRequest(
            @NotBlank @Pattern(regexp = "^[a-z][a-z0-9._-]{1,63}$",
                               message = "must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
            String username,
            @NotBlank @Size(max = 200) String displayName,
            @NotBlank @Size(min = 12, max = 200, message = "must be 12 to 200 characters") String password) {
    }

    record UserCreated(String username, String displayName) {
    }

    private final UserAccounts users;

    UserController(UserAccounts users) {
        this.users = users;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<?> create(@Valid @RequestBody CreateUserRequest body) {
        if (!users.create(body.username(), body.displayName(), body.password(), false)) {
            ProblemDetail taken = ProblemResponses.problem(HttpStatus.CONFLICT, "USERNAME_TAKEN", "USERNAME_TAKEN",
                                                           "That username is taken.");
            taken.setProperty("rule", "USERNAME_TAKEN");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(taken);
        }
        return ResponseEntity.created(URI.create("/api/v1/users/" + body.username()))
                             .body(new UserCreated(body.username(), body.displayName()));
    }
}
