package org.concordia.infra.notification;

import org.concordia.infra.notification.MailTransport.Mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The mails: one notice, or a digest of several; plain text and a simple HTML alternative, each notice with a link to
 * its issue in the workspace, and at the foot why the mail came, where to change that, and the signed one-click
 * unsubscribe link (also as {@code List-Unsubscribe}). A mail holds only what the notice holds: the issue's key and
 * title and one line of what happened — never its description or discussion.
 */
final class MailComposer {

    private final String baseUrl;
    private final UnsubscribeLinks links;

    MailComposer(String baseUrl, UnsubscribeLinks links) {
        this.baseUrl = baseUrl;
        this.links = links;
    }

    Mail single(Notice n, String to) {
        String subject = "[" + n.issueKey() + "] " + n.kind().phrase.replaceFirst("^New in your inbox: ", "");
        String text = n.kind().phrase + ".\n\n" + n.issueKey() + " — " + n.title() + "\n" + n.detail() + "\n\nOpen it: "
                      + issueUrl(n) + "\n" + textFoot(n.username(), "as each thing happens");
        String html = "<p><strong>" + esc(n.kind().phrase) + ".</strong></p>\n" + htmlItem(n) + htmlFoot(n.username(),
                "as each thing happens");
        return new Mail(to, subject, text, wrap(html), headers(n.username()));
    }

    Mail digest(String username, List<Notice> notices, String to) {
        String subject = "Concordia: your daily digest — " + notices.size() + (notices.size() == 1 ? " notice" : " notices");
        StringBuilder text = new StringBuilder("Since your last digest:\n");
        StringBuilder html = new StringBuilder("<p><strong>Since your last digest:</strong></p>\n<ul>\n");
        for (Notice n : notices) {
            text.append("\n* ").append(n.kind().phrase).append("\n  ").append(n.issueKey()).append(" — ")
                .append(n.title()).append("\n  ").append(n.detail()).append("\n  ").append(issueUrl(n)).append('\n');
            html.append("<li><p><strong>").append(esc(n.kind().phrase)).append("</strong></p>").append(htmlItem(n))
                .append("</li>\n");
        }
        html.append("</ul>\n");
        text.append(textFoot(username, "once a day, in one digest"));
        html.append(htmlFoot(username, "once a day, in one digest"));
        return new Mail(to, subject, text.toString(), wrap(html.toString()), headers(username));
    }

    String issueUrl(Notice n) {
        return baseUrl + "/app/c/" + enc(n.collaborationId()) + "/issues/" + enc(n.issueId());
    }

    private String htmlItem(Notice n) {
        return "<p><a href=\"" + esc(issueUrl(n)) + "\">" + esc(n.issueKey()) + " — " + esc(n.title()) + "</a><br>"
               + esc(n.detail()) + "</p>\n";
    }

    private String textFoot(String username, String how) {
        return "\n-- \nYou get Concordia email " + how + " because you asked for it. Change this: " + baseUrl
               + "/app/account\nUnsubscribe with one click: " + links.url(username) + "\n";
    }

    private String htmlFoot(String username, String how) {
        return "<hr><p style=\"font-size:small;color:#555\">You get Concordia email " + esc(how)
               + " because you asked for it. <a href=\"" + esc(baseUrl + "/app/account") + "\">Change this</a> or <a href=\""
               + esc(links.url(username)) + "\">unsubscribe with one click</a>.</p>\n";
    }

    private Map<String, String> headers(String username) {
        // RFC 8058: a mail client may unsubscribe with one POST to the link, without opening a page
        return Map.of("List-Unsubscribe", "<" + links.url(username) + ">",
                      "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    private static String wrap(String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Concordia</title></head>"
               + "<body style=\"font-family:sans-serif\">\n" + body + "</body></html>\n";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
