package io.vigil.server.monitoring.alerts;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.monitoring.health.ModelHealth;
import io.vigil.server.monitoring.live.MetricsWindow;
import java.time.Duration;

/**
 * Lengths of time as rules write them, read as the live metrics read their windows: {@code <n>m},
 * {@code <n>h} or {@code <n>d}, one minute to 30 days ({@link MetricsWindow}); a cool-down may
 * also be {@code 0} (none).
 */
final class Spans {
    private Spans() {}

    /** The length {@code text} names; an error on {@code field} (and null) if it names none. */
    static Duration window(FieldErrors errors, String field, String text) {
        try {
            return ModelHealth.lengthOf(text);
        } catch (VigilException e) {
            errors.add(field, "give a span such as 15m, 1h, 24h or 7d (minutes m, hours h or days d), from 1m to "
                    + MetricsWindow.LONGEST.toDays() + "d; got '" + text + "'");
            return null;
        }
    }

    /** As {@link #window}, and {@code 0} for none. */
    static Duration cooldown(FieldErrors errors, String field, String text) {
        return text.strip().matches("0+[mhd]?") ? Duration.ZERO : window(errors, field, text);
    }

    /** A length known to be valid (a stored rule's). */
    static Duration of(String text, boolean zeroAllowed) {
        FieldErrors errors = new FieldErrors();
        Duration d = zeroAllowed ? cooldown(errors, "span", text) : window(errors, "span", text);
        if (d == null) {
            throw new IllegalStateException("a stored span is not valid: " + text);
        }
        return d;
    }
}
