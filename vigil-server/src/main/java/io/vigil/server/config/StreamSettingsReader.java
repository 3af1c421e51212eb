package io.vigil.server.config;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** Kafka stream scoring's settings ({@code streams}, {@code kafka.bootstrapServers}): the start-time value of the runtime section {@code streams}. */
final class StreamSettingsReader {
    static final Setting<String> STREAMS = Setting.text("streams", "VIGIL_STREAMS", "");
    static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.text("kafka.bootstrapServers", "VIGIL_KAFKA_BOOTSTRAP_SERVERS", "");


    static final List<Setting<?>> ALL = List.of(STREAMS, KAFKA_BOOTSTRAP_SERVERS);

    private StreamSettingsReader() {}

    /** The streams of {@code vigil.yaml} (a sequence of mappings, kept as JSON) checked as {@code PUT /ml/config/streams} checks them. */
    static io.vigil.server.streams.StreamSettings read(SettingValues values) {
        String brokers = values.of(KAFKA_BOOTSTRAP_SERVERS).strip();
        String text = values.of(STREAMS).strip();
        List<io.vigil.server.streams.StreamDefinition> streams = List.of();
        if (!text.isEmpty()) {
            try {
                streams = io.vigil.server.core.Json.MAPPER.readValue(text,
                        new com.fasterxml.jackson.core.type.TypeReference<List<io.vigil.server.streams.StreamDefinition>>() {});
            } catch (IOException e) {
                String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new ConfigException("setting '" + STREAMS.key() + "' (" + STREAMS.env() + ") must be a list of streams"
                        + " (a YAML sequence of mappings: name, inputTopic, outputTopic, deadLetterTopic, modelType...): " + detail);
            }
        }
        io.vigil.server.streams.StreamSettings settings = new io.vigil.server.streams.StreamSettings(brokers.isEmpty() ? null : brokers,
                streams);
        io.vigil.server.core.FieldErrors problems = io.vigil.server.streams.StreamSettings.validate(settings);
        if (!problems.isEmpty()) {
            throw new ConfigException("setting '" + STREAMS.key() + "' (" + STREAMS.env() + "): " + problems.list().stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return settings;
    }
}
