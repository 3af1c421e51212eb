package io.vigil.server.streams;

import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.Instances;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.RowOutcome;
import io.vigil.server.settings.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a scoring lane does with a batch: reads its records into columns, scores them through serving's one
 * path, and sends each one's verdict (and alert) or dead letter without waiting for the brokers.
 */
final class BatchScoring {
    private final StreamDefinition definition;
    private final StreamScoring scoring;
    private final Supplier<Thresholds> thresholds;
    private final StreamCounters counters;
    private final StreamMeters meters;

    BatchScoring(StreamDefinition definition, StreamScoring scoring, Supplier<Thresholds> thresholds, StreamCounters counters,
                 StreamMeters meters) {
        this.definition = definition;
        this.scoring = scoring;
        this.thresholds = thresholds;
        this.counters = counters;
        this.meters = meters;
    }

    /** Scores {@code batch} and sends what each record became; a failure other than a refused record propagates. */
    void scoreAndSend(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer) {
        List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>(batch.records.size());
        Instances records = Instances.empty(); // each record read straight into the batch's columns
        for (ConsumerRecord<byte[], byte[]> in : batch.records) {
            String refused = records.add(in.value());
            if (refused != null) {
                deadLetter(batch, producer, in, refused);
            } else {
                good.add(in);
            }
        }
        if (good.isEmpty()) {
            return;
        }
        BatchResult result;
        try {
            result = scoring.score(definition.modelType(), records, definition.explains());
        } catch (VigilException e) { // no model deployed to the type, or it cannot explain: every record says why
            for (ConsumerRecord<byte[], byte[]> in : good) {
                deadLetter(batch, producer, in, e.getMessage());
            }
            return;
        }
        sendVerdicts(batch, producer, good, result);
    }

    private void sendVerdicts(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer, List<ConsumerRecord<byte[], byte[]>> good,
                              BatchResult result) {
        Thresholds.ModelTypeThresholds limits = thresholds.get().of(definition.modelType());
        double alertAt = definition.criticalOnly() ? limits.critical() : limits.event();
        int scored = 0;
        int alerted = 0;
        for (int i = 0; i < good.size(); i++) {
            ConsumerRecord<byte[], byte[]> in = good.get(i);
            Object answer = result.predictions().get(i);
            if (answer instanceof RowOutcome refused) {
                deadLetter(batch, producer, in, StreamRecords.reason(refused));
                continue;
            }
            PredictionResult r = (PredictionResult) answer;
            boolean alert = r.threat() != null && (r.threat().score() >= alertAt
                    || !definition.criticalOnly() && r.threat().rulesFired() != null && !r.threat().rulesFired().isEmpty());
            StreamVerdict verdict = StreamVerdict.of(definition.name(), new StreamVerdict.Source(in.topic(), in.partition(), in.offset()), r,
                    alert);
            byte[] json = Json.bytes(verdict);
            batch.send(producer, StreamRecords.verdict(definition.outputTopic(), in, verdict.predictionId(), json));
            scored++;
            if (alert && definition.alertsTopic() != null) {
                batch.send(producer, StreamRecords.verdict(definition.alertsTopic(), in, verdict.predictionId(), json));
                alerted++;
            }
        }
        counters.scored.addAndGet(scored);
        counters.alerts.addAndGet(alerted);
        meters.scored.increment(scored);
        meters.alerted.increment(alerted);
    }

    private void deadLetter(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> in, String reason) {
        batch.send(producer, StreamRecords.deadLetter(definition.deadLetterTopic(), definition.name(), in, reason));
        counters.deadLettered.incrementAndGet();
        meters.deadLettered.increment();
    }
}
