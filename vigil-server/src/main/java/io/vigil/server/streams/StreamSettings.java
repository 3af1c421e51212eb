package io.vigil.server.streams;

import io.vigil.server.core.FieldErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code streams} runtime section ({@code /ml/config/streams}), whose start-time default comes from
 * {@code vigil.yaml} ({@code streams:} and {@code kafka.bootstrapServers}): the brokers streams use unless
 * they name their own, and the streams. A change starts, stops or restarts consumers on every instance.
 *
 * <pre>{@code
 * {"bootstrapServers": "kafka-1:9092,kafka-2:9092",
 *  "streams": [{"name": "ids", "inputTopic": "ids-events", "outputTopic": "ids-verdicts", "alertsTopic": "ids-alerts",
 *               "deadLetterTopic": "ids-dead", "modelType": "intrusion", "batchSize": 500}]}
 * }</pre>
 */
public record StreamSettings(String bootstrapServers, List<StreamDefinition> streams) {
    public static final String SECTION = "streams";
    public static final StreamSettings NONE = new StreamSettings(null, List.of());
    static final int MAX_STREAMS = 100;

    public StreamSettings {
        // kept as given, nulls and all, for the check to name; never changed after
        streams = streams == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(streams));
    }

    /** The stream called {@code name}, or null. */
    public StreamDefinition stream(String name) {
        return streams.stream().filter(s -> s != null && name.equals(s.name())).findFirst().orElse(null);
    }

    public static FieldErrors validate(StreamSettings value) {
        return validate(value, null);
    }

    /** The brokers of a stream that names none: the section's, else {@code fallback} ({@code kafka.bootstrapServers}). */
    public String brokersOf(StreamDefinition stream, String fallback) {
        return stream.brokers(bootstrapServers == null || bootstrapServers.isBlank() ? fallback : bootstrapServers);
    }

    /** Every bad field; {@code fallbackBrokers}: the brokers of {@code vigil.yaml} ({@code kafka.bootstrapServers}), or null. */
    public static FieldErrors validate(StreamSettings value, String fallbackBrokers) {
        FieldErrors errors = new FieldErrors();
        if (value.bootstrapServers() != null) {
            errors.text("bootstrapServers", value.bootstrapServers(), 2_000);
        }
        if (!errors.size("streams", value.streams(), MAX_STREAMS)) {
            return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < value.streams().size(); i++) {
            StreamDefinition s = value.streams().get(i);
            String at = "streams[" + i + "]";
            if (!errors.required(at, s, "a stream: name, inputTopic, outputTopic, deadLetterTopic, modelType...")) {
                continue;
            }
            s.check(at, errors);
            if (s.name() != null && !names.add(s.name())) {
                errors.add(at + ".name", "another stream is called '" + s.name() + "'");
            }
            if (s.isEnabled() && value.brokersOf(s, fallbackBrokers) == null) {
                errors.add(at + ".bootstrapServers", "no brokers: set bootstrapServers here, in the section, or kafka.bootstrapServers");
            }
        }
        return errors;
    }
}
