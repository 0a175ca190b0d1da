package org.concordia.infra.notification;

import java.util.Map;

/** A port: hands one message to the mail server (the application's SMTP client). Throws when it was not accepted. */
@FunctionalInterface
public interface MailTransport {

    /** One message: plain text and HTML alternatives, and extra headers (e.g. {@code List-Unsubscribe}). */
    record Mail(String to, String subject, String text, String html, Map<String, String> headers) {
        public Mail {
            headers = Map.copyOf(headers);
        }
    }

    void send(Mail mail) throws Exception;
}
