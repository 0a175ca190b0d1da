package org.concordia.infra.config;

import jakarta.mail.internet.MimeMessage;
import org.concordia.infra.notification.MailTransport;
import org.concordia.infra.notification.NotificationProperties;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The notifications' {@link MailTransport} over SMTP (Spring's {@link JavaMailSenderImpl}), from {@code concordia.mail.*}. */
final class SmtpMailTransport implements MailTransport {

    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
    private final String from;

    SmtpMailTransport(NotificationProperties mail) {
        sender.setHost(mail.host());
        sender.setPort(mail.port());
        if (mail.username() != null && !mail.username().isBlank()) {
            sender.setUsername(mail.username());
            sender.setPassword(mail.password());
        }
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties smtp = sender.getJavaMailProperties();
        String timeout = Long.toString(mail.timeout().toMillis());
        smtp.put("mail.smtp.connectiontimeout", timeout);
        smtp.put("mail.smtp.timeout", timeout);
        smtp.put("mail.smtp.writetimeout", timeout);
        smtp.put("mail.smtp.auth", Boolean.toString(mail.username() != null && !mail.username().isBlank()));
        if (mail.starttls()) {
            smtp.put("mail.smtp.starttls.enable", "true");
            smtp.put("mail.smtp.starttls.required", "true");
        }
        this.from = mail.from();
    }

    @Override
    public void send(Mail mail) throws Exception {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(mail.to());
        helper.setSubject(mail.subject());
        helper.setText(mail.text(), mail.html());
        for (var header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        sender.send(message);
    }
}
