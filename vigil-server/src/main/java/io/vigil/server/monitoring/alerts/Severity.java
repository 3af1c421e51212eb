package io.vigil.server.monitoring.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is: what a rule says its alerts are. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    /** The name in JSON, the database and the metrics: {@code info}, {@code warning}, {@code critical}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String text) {
        return byWire(values(), text);
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(Severity::wire).toList());
    }

    /** The constant of {@code values} whose lower-case name is {@code text} (in any case, trimmed). */
    static <E extends Enum<E>> Optional<E> byWire(E[] values, String text) {
        return text == null ? Optional.empty()
                : Arrays.stream(values).filter(e -> e.name().equalsIgnoreCase(text.strip())).findFirst();
    }
}
