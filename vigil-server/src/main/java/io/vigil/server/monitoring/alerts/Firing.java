package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A rule found its condition for one model (or, for a server-wide rule, the server): what
 * {@link Alerts#fire} makes a new alert of, or adds to the open one.
 */
interface Firing {
    AlertRule rule();

    /** The model, or null for a server-wide rule. */
    UUID modelId();

    String modelName();

    Integer version();

    /** When it was last seen. */
    Instant at();

    /** How many occurrences it adds. */
    long occurrences();

    /** The details to store, given the open alert's ({@code previous}) or null for a new alert. */
    Map<String, Object> details(Map<String, Object> previous);

    /** The alert's one-line summary once it counts {@code occurrences} in all. */
    String summary(long occurrences, Map<String, Object> details);

    /** A condition an evaluation round found: one occurrence, its details as they are now. */
    record Condition(AlertRule rule, UUID modelId, String modelName, Integer version, Instant at, String text,
                     Map<String, Object> observed) implements Firing {
        @Override
        public long occurrences() {
            return 1;
        }

        @Override
        public Map<String, Object> details(Map<String, Object> previous) {
            return observed;
        }

        @Override
        public String summary(long occurrences, Map<String, Object> details) {
            return text;
        }
    }
}
