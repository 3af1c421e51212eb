package io.vigil.server.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.settings.Thresholds;
import io.vigil.server.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A stream on three scoring threads whose scoring fails once mid-stream (a real broker, a real consumer and
 * producer; the scoring is a stand-in that labels every record): the consumer starts again from its commits, so
 * every input record still gets its verdict, the error is shown, and nothing queued behind the failure was
 * committed unscored.
 */
class StreamLaneFailureIT {

    @Test
    void aScoringFailureOnALaneLosesNoRecord() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String in = KafkaBroker.topic("lanes-in");
        String out = KafkaBroker.topic("lanes-out");
        String dead = KafkaBroker.topic("lanes-dead");
        kafka.createTopic(in, 3);
        kafka.createTopic(out, 1);
        kafka.createTopic(dead, 1);
        int n = 3_000;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < n; i++) {
                producer.send(KafkaTopics.record(in, "k" + (i % 10), "{\"x\": " + i + "}"));
            }
        }
        ModelRef model = new ModelRef(UUID.randomUUID(), "stand-in", 1);
        AtomicInteger batches = new AtomicInteger();
        StreamScoring scoring = (type, records, explain) -> {
            if (batches.incrementAndGet() == 5) {
                throw new IllegalStateException("scoring broke");
            }
            List<Object> answers = new ArrayList<>();
            for (int r = 0; r < records.size(); r++) {
                answers.add(new PredictionResult(UUID.randomUUID(), "ok", Map.of("ok", 1.0), 1.0, null, null, model, null, null, null,
                        null));
            }
            return new BatchResult(model, records.size(), 0, false, null, answers);
        };
        StreamDefinition definition = new StreamDefinition("lanes", in, out, null, dead, "t", null, null, null, 100, null, 3, null, null);
        StreamCounters counters = new StreamCounters(Clock.systemUTC());
        try (StreamRunner runner = new StreamRunner(definition, kafka.bootstrapServers(), scoring, () -> Thresholds.DEFAULT, counters,
                new StreamMeters(null, "lanes", counters)).start()) {
            Set<String> offsets = new HashSet<>();
            List<ConsumerRecord<byte[], byte[]>> verdicts = KafkaTopics.readUntil(kafka.bootstrapServers(), out, got -> {
                offsets.clear();
                for (ConsumerRecord<byte[], byte[]> r : got) {
                    JsonNode source = read(r).get("source");
                    offsets.add(source.get("partition").asInt() + "/" + source.get("offset").asLong());
                }
                return offsets.size() >= n;
            }, Duration.ofSeconds(60));
            assertThat(offsets).as("every input record has a verdict").hasSize(n);
            assertThat(batches.get()).isGreaterThan(5);
            StreamStatus status = runner.status();
            assertThat(status.errors()).isPositive();
            assertThat(status.lastError().message()).contains("scoring broke");
            System.out.printf("lane failure: %d records, %d verdicts (%d scored again after the failure)%n", n, verdicts.size(),
                    verdicts.size() - n);
        }
    }

    private static JsonNode read(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
