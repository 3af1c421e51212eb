package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;
import java.util.List;

/**
 * Encoded training data: features, class index per row (null for unsupervised detectors) and class names.
 */
public record TrainingData(FeatureMatrix features, int[] labels, List<String> classes) {

    public TrainingData {
        if (labels != null && labels.length != features.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + features.rows() + " rows");
        }
        classes = List.copyOf(classes);
    }

    public int rows() {
        return features.rows();
    }

    public TrainingData select(int[] rows) {
        int[] y = null;
        if (labels != null) {
            y = new int[rows.length];
            for (int i = 0; i < rows.length; i++) y[i] = labels[rows[i]];
        }
        return new TrainingData(features.select(rows), y, classes);
    }
}
