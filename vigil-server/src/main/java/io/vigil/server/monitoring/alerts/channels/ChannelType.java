package io.vigil.server.monitoring.alerts.channels;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of channel: where a message goes and in which format. */
public enum ChannelType {
    /** A JSON POST of the notice, signed with HMAC-SHA256 (the channel's secret). */
    WEBHOOK,
    /** A Slack incoming webhook (or one that takes its format): {@code text} and {@code blocks}. */
    SLACK,
    /** An email to the channel's recipients through {@code alerts.smtp.*}. */
    EMAIL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelType> read(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ChannelType::wire).toList();
    }

    /** Whether the channel calls a URL (and so needs {@code url}). */
    boolean callsUrl() {
        return this != EMAIL;
    }
}
