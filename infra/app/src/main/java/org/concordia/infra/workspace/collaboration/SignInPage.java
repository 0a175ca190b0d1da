package org.concordia.infra.workspace.collaboration;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security handles its POST, and sign-out. */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class SignInPage {

    @GetMapping("/login")
    String signIn() {
        return "login";
    }
}
