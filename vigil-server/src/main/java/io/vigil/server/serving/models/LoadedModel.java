package io.vigil.server.serving.models;

import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.explain.Explainer;
import io.vigil.engine.features.FeatureEncoder;
import io.vigil.engine.features.InputField;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.windows.OnlineWindows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version ready to score: its bundle fully read, plus what the hot path needs precomputed
 * (input schema, feature-to-input map, explainer). Immutable, so a swap is one reference change.
 *
 * @param inputFields    the model's inputs by name
 * @param inputOfFeature for each encoded feature, the index of the input field it comes from
 * @param numericInputs  how many of its inputs are numeric (the prediction log splits inputs by kind)
 * @param weight         its bundle's size in bytes: most of what it counts against the memory budget ({@link #memoryBytes})
 * @param cacheable      whether its predictions may be served from the prediction cache
 * @param predictionIds  ids of its single predictions (consecutive, so the log writes them in runs)
 * @param windows        its per-entity window state, for a model with window features (the version's one,
 *                       {@link WindowStates}); null without any
 */
public record LoadedModel(ModelRef ref, String modelType, TrainedModel trained, Map<String, InputField> inputFields,
                          List<String> inputNames, int[] inputOfFeature, int numericInputs, Explainer explainer, long weight,
                          boolean cacheable, PredictionIds predictionIds, OnlineWindows windows) {

    /** Without window features. */
    public LoadedModel(ModelRef ref, String modelType, TrainedModel trained, Map<String, InputField> inputFields, List<String> inputNames,
                       int[] inputOfFeature, int numericInputs, Explainer explainer, long weight, boolean cacheable,
                       PredictionIds predictionIds) {
        this(ref, modelType, trained, inputFields, inputNames, inputOfFeature, numericInputs, explainer, weight, cacheable, predictionIds,
                null);
    }

    /** A trained model made ready to serve (what a deploy loads from the bundle), without window features' state. */
    public static LoadedModel of(ModelRef ref, String modelType, TrainedModel trained, long weight, boolean cacheable) {
        return of(ref, modelType, trained, weight, cacheable, null);
    }

    /** The same, with its window features' state ({@code windows}: null for a model without any). */
    public static LoadedModel of(ModelRef ref, String modelType, TrainedModel trained, long weight, boolean cacheable,
                                 OnlineWindows windows) {
        if ((trained.windows() == null) != (windows == null)) {
            throw new IllegalArgumentException("model " + ref.name() + " version " + ref.version()
                    + (windows == null ? " has window features but no state for them" : " has no window features to keep a state of"));
        }
        List<InputField> inputs = trained.pipeline().inputs();
        Map<String, InputField> byName = new HashMap<>();
        Map<String, Integer> indexOf = new HashMap<>();
        int numeric = 0;
        for (int i = 0; i < inputs.size(); i++) {
            numeric += inputs.get(i).kind() == ColumnKind.NUMERIC ? 1 : 0;
            byName.put(inputs.get(i).name(), inputs.get(i));
            indexOf.put(inputs.get(i).name(), i);
        }
        int[] inputOfFeature = new int[trained.pipeline().featureCount()];
        int f = 0;
        for (FeatureEncoder encoder : trained.pipeline().encoders()) {
            for (int k = 0; k < encoder.width(); k++) {
                inputOfFeature[f++] = indexOf.getOrDefault(encoder.column(), -1);
            }
        }
        Explainer explainer = Explainer.supports(trained.model()) ? Explainer.of(trained) : null;
        return new LoadedModel(ref, modelType, trained, Map.copyOf(byName), trained.pipeline().inputNames(), inputOfFeature,
                numeric, explainer, weight, cacheable, new PredictionIds(), windows);
    }

    /** What it counts against the memory budget: its bundle's bytes, plus the explanation tables once built. */
    public long memoryBytes() {
        return weight + (explainer == null ? 0 : explainer.memoryBytes());
    }

    /** Whether a record may leave input {@code i} out (the training data lacked it in some rows). */
    public boolean isOptional(int i) {
        return trained.pipeline().inputs().get(i).optional();
    }

    /** A field a record may carry that the model does not read: its label or a column dropped for training. */
    public boolean isLeftOut(String field) {
        return trained.pipeline().isLeftOut(field);
    }

    /** Whether it is an anomaly detector: its answers carry an anomaly score. */
    public boolean isDetector() {
        return trained.model().task() == Task.ANOMALY_DETECTION;
    }

    public int featureCount() {
        return inputOfFeature.length;
    }
}
