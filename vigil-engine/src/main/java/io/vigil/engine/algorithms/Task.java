package io.vigil.engine.algorithms;

/** What a model does. */
public enum Task {
    /** Predicts one of two or more classes, with a probability per class. */
    CLASSIFICATION,
    /**
     * Scores how anomalous a record is, in [0, 1]; classes are {@code normal} and {@code anomaly}.
     * Such a model has one margin, and it is the anomaly score ({@link ScoredRows#anomalyScore}).
     */
    ANOMALY_DETECTION
}
