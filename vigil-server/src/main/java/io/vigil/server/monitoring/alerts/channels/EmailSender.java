package io.vigil.server.monitoring.alerts.channels;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Email through the SMTP server of {@code alerts.smtp.*} (Jakarta Mail, Eclipse Angus): one plain-text
 * message ({@link EmailMessage}) to the channel's recipients. With {@code startTls} the connection must
 * upgrade (a server that does not offer STARTTLS is a failure, never a plain fallback) and the
 * server's certificate must name its host. The password goes to the server only.
 */
final class EmailSender implements ChannelSender {
    private final SmtpSettings smtp;
    private final Session session;
    private final Clock clock;

    EmailSender(SmtpSettings smtp, Duration connectTimeout, Duration timeout, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", smtp.host());
        p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        p.setProperty("mail.smtp.auth", Boolean.toString(!smtp.username().isEmpty()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        this.session = Session.getInstance(p);
    }

    /** Whether {@code address} is one email address as Jakarta Mail reads it strictly ({@code soc@example.com}). */
    static boolean validAddress(String address) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            return parsed.getAddress().equals(address) && address.indexOf('@') > 0;
        } catch (AddressException e) {
            return false;
        }
    }

    @Override
    public Integer send(Channel channel, Outgoing message) {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(smtp.from(), true));
            mail.setRecipients(Message.RecipientType.TO, addresses(channel.recipients()));
            mail.setSubject(EmailMessage.subject(message), "UTF-8");
            mail.setText(EmailMessage.body(message), "UTF-8");
            mail.setSentDate(Date.from(clock.instant()));
            mail.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no out-of-office answers
            mail.setHeader(WebhookSignature.DELIVERY_HEADER, message.deliveryId().toString());
            if (smtp.username().isEmpty()) {
                Transport.send(mail);
            } else {
                Transport.send(mail, smtp.username(), smtp.password());
            }
            return null;
        } catch (MessagingException e) {
            throw new DeliveryFailure("SMTP server " + smtp.host() + ":" + smtp.port() + " refused or failed: " + reason(e), null);
        }
    }

    private static InternetAddress[] addresses(List<String> recipients) throws AddressException {
        InternetAddress[] to = new InternetAddress[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(recipients.get(i), true);
        }
        return to;
    }

    /** The innermost message (a connection refused, a 5xx reply), one line. */
    private static String reason(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String said = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return NoticeText.cut(said.strip().replaceAll("\\p{Cntrl}+", " "), 300);
    }
}
