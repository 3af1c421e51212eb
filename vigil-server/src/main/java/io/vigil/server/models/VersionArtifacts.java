package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.engine.evaluation.BinaryCurves;
import io.vigil.engine.evaluation.Calibration;
import io.vigil.engine.evaluation.ClassMetrics;
import io.vigil.engine.explain.FeatureImportance;
import java.util.List;
import java.util.UUID;

/**
 * What a training job measured beside the headline metrics, stored with the version and served by
 * {@code GET /ml/models/{id}/artifacts}. The labelled figures are absent for a detector trained
 * without a label column, the feature importance for models that are not tree ensembles, the
 * tuning for a training without a search.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionArtifacts(EvaluatedOn evaluatedOn, ConfusionCounts confusionMatrix, List<ClassMetrics> perClass,
                               List<String> classesWithoutTestRows, List<BinaryCurves.Point> rocCurve,
                               List<BinaryCurves.Point> prCurve, List<Calibration.Bin> calibration,
                               Importance featureImportance, TuningReport tuning) {

    /** The same artifacts with what the search tried. */
    VersionArtifacts withTuning(TuningReport report) {
        return new VersionArtifacts(evaluatedOn, confusionMatrix, perClass, classesWithoutTestRows, rocCurve, prCurve, calibration,
                featureImportance, report);
    }

    /**
     * The rows the figures were measured on: a stratified fraction held out of the training dataset,
     * or all the rows of a separate dataset (then without {@code holdOutFraction} and {@code stratified}).
     * A training on another engine (Spark) holds rows out by a hash of their index (not stratified) and
     * measures on a sample of at most {@code training.sampleRows} of them: {@code rows} of {@code sampledFrom}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvaluatedOn(UUID datasetId, Double holdOutFraction, int rows, Boolean stratified, Long sampledFrom) {
        static EvaluatedOn holdOut(UUID datasetId, double fraction, int rows, boolean stratified) {
            return new EvaluatedOn(datasetId, fraction, rows, stratified, null);
        }

        static EvaluatedOn dataset(UUID datasetId, int rows) {
            return new EvaluatedOn(datasetId, null, rows, null, null);
        }

        /** {@code rows} sampled of {@code of} (held out at {@code fraction}, or a separate dataset's when it is null). */
        static EvaluatedOn sampled(UUID datasetId, Double fraction, int rows, long of) {
            return new EvaluatedOn(datasetId, fraction, rows, fraction == null ? null : false, of);
        }
    }

    /** Each feature's share of a tree ensemble's splits, by {@code method} (gain). */
    public record Importance(String method, List<FeatureImportance.Score> features) {}
}
