package org.concordia.infra.mail;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.concordia.infra.notification.NotificationProperties;
import org.concordia.infra.notification.NotificationSender;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The caller's email notifications: where to and how (each notice at once, a daily digest, or none). Nobody gets
 * mail before choosing it here or on the workspace's account page.
 */
@Tag(name = "Me", description = "The signed-in caller: account, password, email notifications")
@RestController
@RequestMapping(path = "/api/v1/me/notifications", produces = "application/json")
class NotificationSettingsController {

    @Schema(description = "How the caller is told: email address and delivery")
    record NotificationSettings(
            @Schema(description = "Where mail goes; required unless delivery is OFF", example = "cora@example.org")
            String email,
            @Schema(description = "IMMEDIATE: one mail per notice; DAILY_DIGEST: one mail a day; OFF: none")
            Delivery delivery,
            @Schema(description = "When the next digests go out (UTC)", accessMode = Schema.AccessMode.READ_ONLY)
            Instant nextDigestAt,
            @Schema(description = "Whether this server sends mail at all (an SMTP server is configured)",
                    accessMode = Schema.AccessMode.READ_ONLY)
            Boolean mailEnabled) {
    }

    private final NotificationPreferences preferences;
    private final NotificationSender sender;
    private final NotificationProperties mail;

    NotificationSettingsController(NotificationPreferences preferences, NotificationSender sender,
                                   NotificationProperties mail) {
        this.preferences = preferences;
        this.sender = sender;
        this.mail = mail;
    }

    @Operation(summary = "Your email notification settings")
    @GetMapping
    NotificationSettings get(Authentication caller) {
        return settings(preferences.find(caller.getName()));
    }

    /** 200 with the settings stored; 400 naming the field for a missing or malformed address or delivery. */
    @Operation(summary = "Choose how you are told by email (immediately, a daily digest, or off)")
    @PutMapping(consumes = "application/json")
    NotificationSettings put(@RequestBody NotificationSettings body, Authentication caller) {
        Preference chosen = new Preference(caller.getName(), body.email(), body.delivery());
        preferences.save(chosen);
        return settings(chosen);
    }

    private NotificationSettings settings(Preference p) {
        return new NotificationSettings(p.email(), p.delivery(), sender.nextDigestAt(), mail.sends());
    }
}
