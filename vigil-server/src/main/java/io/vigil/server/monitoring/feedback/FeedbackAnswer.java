package io.vigil.server.monitoring.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code POST /ml/feedback}: how many items were accepted and refused, how many of
 * the accepted replaced earlier feedback, and each item in request order.
 */
public record FeedbackAnswer(int accepted, int refused, int replaced, List<Outcome> items) {

    /** What became of one item: {@code accepted} (with what it was joined to) or {@code refused} (with why). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(int index, String predictionId, String status, Boolean replaced, UUID modelId, Integer version,
                          String predictedLabel, String actualLabel, Boolean correct, Refusal error, String detail) {

        static Outcome accepted(int index, RecordedPredictions.Recorded p, String actualLabel, boolean replaced) {
            return new Outcome(index, p.id().toString(), "accepted", replaced, p.modelId(), p.version(), p.label(), actualLabel,
                    actualLabel.equals(p.label()), null, null);
        }

        static Outcome refused(int index, String predictionId, Refusal why, String detail) {
            return new Outcome(index, predictionId, "refused", null, null, null, null, null, null, why, detail);
        }

        boolean isAccepted() {
            return error == null;
        }
    }

    /** Why an item was refused, as a stable code (the detail says it in words). */
    public enum Refusal {
        /** No predictionId, or one that is not an id /ml/predict answers. */
        INVALID_PREDICTION_ID("invalid-prediction-id"),
        /** No recorded prediction has the id. */
        UNKNOWN_PREDICTION("unknown-prediction"),
        /** The id is of a prediction made moments ago, not written to the log yet: send it again shortly. */
        NOT_RECORDED_YET("not-recorded-yet"),
        /** No actualLabel (nor, for a detector, anomaly). */
        MISSING_LABEL("missing-label"),
        /** A label the model version does not know. */
        UNKNOWN_LABEL("unknown-label"),
        /** The same predictionId as an earlier item of the batch. */
        REPEATED_IN_BATCH("repeated-in-batch");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        /** The code in JSON: {@code unknown-prediction}, ... */
        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return code;
        }
    }
}
