package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.streams.StreamDefinition;
import io.vigil.server.streams.StreamSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code streams} and {@code kafka.bootstrapServers}: none by default; a YAML list or a JSON array; each bad field named at start. */
class StreamsConfigTest {
    @Test
    void noStreamsByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).streams()).isEqualTo(StreamSettings.NONE);
    }

    @Test
    void aYamlListOfStreamsWithTheBrokersBesideIt() throws IOException {
        Path file = Files.createTempFile("vigil-streams-", ".yaml");
        Files.writeString(file, """
                kafka:
                  bootstrapServers: kafka-1:9092,kafka-2:9092
                streams:
                  - name: ids
                    inputTopic: ids-events
                    outputTopic: ids-verdicts
                    alertsTopic: ids-alerts
                    deadLetterTopic: ids-dead
                    modelType: intrusion
                    batchSize: 1000
                  - name: web
                    inputTopic: web-events
                    outputTopic: web-verdicts
                    deadLetterTopic: web-dead
                    modelType: web-attacks
                    bootstrapServers: other:9092
                    alertLevel: critical
                """);
        StreamSettings s = ConfigLoader.load(file, Map.of()).streams();
        assertThat(s.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(s.streams()).extracting(StreamDefinition::name).containsExactly("ids", "web");
        StreamDefinition ids = s.stream("ids");
        assertThat(ids.batch()).isEqualTo(1000);
        assertThat(ids.group()).isEqualTo("vigil-stream-ids");
        assertThat(ids.inFlight()).isEqualTo(StreamDefinition.DEFAULT_IN_FLIGHT);
        assertThat(s.brokersOf(ids, null)).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(s.brokersOf(s.stream("web"), null)).isEqualTo("other:9092");
        assertThat(s.stream("web").criticalOnly()).isTrue();
    }

    @Test
    void fromTheEnvironmentAsJson() {
        StreamSettings s = ConfigLoader.load(null, Map.of("VIGIL_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "VIGIL_STREAMS",
                "[{\"name\": \"ids\", \"inputTopic\": \"in\", \"outputTopic\": \"out\", \"deadLetterTopic\": \"dead\", \"modelType\": \"t\"}]"))
                .streams();
        assertThat(s.stream("ids").inputTopic()).isEqualTo("in");
    }

    @Test
    void everyBadFieldIsNamedAtStart() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STREAMS", """
                [{"name": "Bad Name", "inputTopic": "in", "outputTopic": "in", "modelType": "t", "batchSize": 0},
                 {"name": "ok", "inputTopic": "a b", "outputTopic": "o", "deadLetterTopic": "d", "modelType": "t", "alertLevel": "loud"}]""")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams[0].name: must be 1-63 lower-case letters")
                .hasMessageContaining("streams[0].deadLetterTopic: is required")
                .hasMessageContaining("streams[0].inputTopic: must differ from the output")
                .hasMessageContaining("streams[0].batchSize")
                .hasMessageContaining("streams[0].bootstrapServers: no brokers")
                .hasMessageContaining("streams[1].inputTopic: must be a Kafka topic name")
                .hasMessageContaining("streams[1].alertLevel: must be event or critical");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STREAMS", "[null]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams[0]: a stream");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STREAMS", "[{\"name\": \"x\", \"topic\": \"t\"}]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a list of streams").hasMessageContaining("topic");
    }

    @Test
    void twoStreamsMayNotShareAName() {
        StreamDefinition a = new StreamDefinition("ids", "in", "out", null, "dead", "t", "b:9092", null, null, null, null, null, null, null);
        assertThat(StreamSettings.validate(new StreamSettings(null, java.util.List.of(a, a))).list())
                .anySatisfy(e -> assertThat(e.field() + ": " + e.message()).isEqualTo("streams[1].name: another stream is called 'ids'"));
    }
}
