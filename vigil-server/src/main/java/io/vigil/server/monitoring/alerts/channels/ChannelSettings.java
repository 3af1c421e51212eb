package io.vigil.server.monitoring.alerts.channels;

/**
 * The alert channels' settings: the SMTP server of email channels, the retry and circuit-breaker
 * policy of deliveries, and the address people reach Vigil at, for links in messages.
 *
 * @param publicUrl Vigil's address as people reach it ({@code https://vigil.soc.example}), or empty: messages carry no link
 */
public record ChannelSettings(SmtpSettings smtp, DeliveryPolicy delivery, String publicUrl) {
    public static final ChannelSettings DEFAULTS = new ChannelSettings(SmtpSettings.NONE, DeliveryPolicy.DEFAULTS, "");

    public ChannelSettings {
        publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    public ChannelSettings withDelivery(DeliveryPolicy value) {
        return new ChannelSettings(smtp, value, publicUrl);
    }

    public ChannelSettings withSmtp(SmtpSettings value) {
        return new ChannelSettings(value, delivery, publicUrl);
    }

    /** The link to an alert in Vigil's API, or null without a public URL. */
    public String alertLink(java.util.UUID alertId) {
        return publicUrl.isEmpty() || alertId == null ? null : publicUrl + "/ml/alerts/" + alertId;
    }
}
