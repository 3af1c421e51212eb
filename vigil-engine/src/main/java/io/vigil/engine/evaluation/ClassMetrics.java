package io.vigil.engine.evaluation;

/** Precision, recall, F1 and support of one class. */
public record ClassMetrics(String name, double precision, double recall, double f1, long support) {
}
