package org.concordia.infra.mail;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.UnsubscribeLinks;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The one-click unsubscribe link of every notification mail: {@code GET /app/unsubscribe?u=&t=}, open without a
 * sign-in, turns the named user's mail off when the signature is theirs (it can do nothing else) and says so; a
 * link not signed for that user changes nothing (400).
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class UnsubscribePage {

    private final UnsubscribeLinks links;
    private final NotificationPreferences preferences;

    UnsubscribePage(UnsubscribeLinks links, NotificationPreferences preferences) {
        this.links = links;
        this.preferences = preferences;
    }

    @GetMapping("/app/unsubscribe")
    String unsubscribe(@RequestParam(name = "u", required = false) String username,
                       @RequestParam(name = "t", required = false) String token, Model model,
                       HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean valid = links.verify(username, token);
        if (valid) {
            preferences.turnOff(username);
        } else {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("unsubscribed", valid);
        return "unsubscribed";
    }
}
