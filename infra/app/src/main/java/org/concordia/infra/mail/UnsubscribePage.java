package org.concordia.infra.mail;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.UnsubscribeLinks;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The unsubscribe link of every notification mail, open without a sign-in and signed for one user (it can do nothing
 * else; a link not signed for that user changes nothing: 400). Following the link ({@code GET /app/unsubscribe?u=&t=})
 * only asks to confirm, because mail scanners and link previews fetch links nobody clicked; the change is a
 * {@code POST} to the same address: the page's button, or a mail client's one-click unsubscribe (RFC 8058, announced
 * by the {@code List-Unsubscribe-Post} header).
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
    String confirm(@RequestParam(name = "u", required = false) String username,
                   @RequestParam(name = "t", required = false) String token, Model model,
                   HttpServletResponse response) {
        return answer(username, token, false, model, response);
    }

    @PostMapping("/app/unsubscribe")
    String unsubscribe(@RequestParam(name = "u", required = false) String username,
                       @RequestParam(name = "t", required = false) String token, Model model,
                       HttpServletResponse response) {
        return answer(username, token, true, model, response);
    }

    private String answer(String username, String token, boolean change, Model model, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean valid = links.verify(username, token);
        if (!valid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } else if (change) {
            preferences.turnOff(username);
        }
        model.addAttribute("valid", valid);
        model.addAttribute("unsubscribed", valid && change);
        model.addAttribute("username", username);
        model.addAttribute("token", token);
        return "unsubscribed";
    }
}
