package io.vigil.server.streams;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionExplanation;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.ThreatVerdict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A verdict as a stream writes it to its output (and alerts) topic, one JSON object per input record,
 * keyed like it.
 *
 * @param predictionId       derived from the stream and the input's topic, partition and offset
 *                           ({@link #idOf}): a record scored again after a restart or a rebalance gets the same id,
 *                           so a consumer of the output recognises duplicates
 * @param loggedPredictionId the id this scoring has in Vigil's prediction log (for {@code /ml/feedback}); it differs
 *                           between two scorings of one record, as the log keys predictions by time
 * @param alert              whether the verdict also went to the alerts topic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamVerdict(UUID predictionId, UUID loggedPredictionId, String stream, Source source, ModelRef model, String label,
                            Map<String, Double> probabilities, double confidence, Double anomalyScore, Boolean anomaly,
                            ThreatVerdict threat, PredictionExplanation explanation, Map<String, Double> windowFeatures,
                            boolean alert) {

    /** Where the scored record was read. */
    public record Source(String topic, int partition, long offset) {}

    static StreamVerdict of(String stream, Source source, PredictionResult r, boolean alert) {
        return new StreamVerdict(idOf(stream, source.topic(), source.partition(), source.offset()), r.predictionId(), stream, source,
                r.model(), r.label(), r.probabilities(), r.confidence(), r.anomalyScore(), r.anomaly(), r.threat(), r.explanation(),
                r.windowFeatures(), alert);
    }

    /**
     * The prediction id of the record at {@code offset} of {@code topic}'s {@code partition} read by
     * {@code stream}: a name-based (version 3) UUID of {@code vigil-stream:<stream>:<topic>:<partition>:<offset>}.
     */
    public static UUID idOf(String stream, String topic, int partition, long offset) {
        return UUID.nameUUIDFromBytes(("vigil-stream:" + stream + ":" + topic + ":" + partition + ":" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }
}
