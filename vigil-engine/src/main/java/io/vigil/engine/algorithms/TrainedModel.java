package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeatures;
import java.util.List;
import java.util.Map;

/**
 * What training produces and a bundle holds: the fitted {@link Pipeline}, the {@link Model},
 * how it was made and how well it did. It predicts from raw records ({@code explain.Explainer#of}
 * explains them).
 *
 * @param metrics named evaluation figures (e.g. {@code accuracy}, {@code roc_auc}); may be empty
 * @param windows the per-entity window features the model reads, fitted with it (null without any):
 *                its pipeline's inputs hold their columns, which a record gets from the entity's
 *                events ({@link WindowFeatures#online}), never from the client
 */
public record TrainedModel(Pipeline pipeline, Model model, Provenance provenance, Map<String, Double> metrics, WindowFeatures windows) {

    public TrainedModel {
        if (pipeline.featureCount() != model.featureCount()) {
            throw new IllegalArgumentException("pipeline makes " + pipeline.featureCount() + " features, model expects " + model.featureCount());
        }
        metrics = Map.copyOf(metrics);
    }

    /** A model without window features. */
    public TrainedModel(Pipeline pipeline, Model model, Provenance provenance, Map<String, Double> metrics) {
        this(pipeline, model, provenance, metrics, null);
    }

    public TrainedModel withMetrics(Map<String, Double> value) {
        return new TrainedModel(pipeline, model, provenance, value, windows);
    }

    public List<String> classes() {
        return model.classes();
    }

    /** Predicts one raw record: field name to Number, String, Boolean or null. */
    public Prediction predict(Map<String, ?> record) {
        return model.predict(pipeline.encode(record));
    }

    /** Predicts one row of text cells in the order of {@code pipeline().inputs()}. */
    public Prediction predict(String[] cells) {
        return model.predict(pipeline.encodeRow(cells));
    }

    public Prediction[] predict(Table table) {
        return model.predict(pipeline.transform(table));
    }

    /** Positive-class probability or anomaly score for every row of {@code table}. */
    public double[] scores(Table table) {
        return model.scores(pipeline.transform(table));
    }

    public FeatureMatrix features(Table table) {
        return pipeline.transform(table);
    }
}
