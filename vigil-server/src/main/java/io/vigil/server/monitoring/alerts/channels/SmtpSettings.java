package io.vigil.server.monitoring.alerts.channels;

/**
 * The SMTP server email channels send through ({@code alerts.smtp.*}); no host: no email channel.
 *
 * @param username empty for a server that takes mail without logging in
 * @param password never shown: {@link #toString()} masks it
 * @param startTls upgrade the connection with STARTTLS, and refuse a server that does not offer it
 */
public record SmtpSettings(String host, int port, String username, String password, String from, boolean startTls) {
    public static final SmtpSettings NONE = new SmtpSettings("", 587, "", "", "", true);

    public SmtpSettings {
        host = host == null ? "" : host;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        from = from == null ? "" : from;
    }

    /** Whether a host is set: email channels can be made. */
    public boolean configured() {
        return !host.isEmpty();
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password.isEmpty() ? "none" : "****") + ", from=" + from + ", startTls=" + startTls + "]";
    }
}
