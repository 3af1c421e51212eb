package io.vigil.engine.anomaly;

/** The stored form of an isolation forest (its native file), flat arrays as in the evaluator. */
record IsolationForestState(int featureCount, int sampleSize, double threshold, int[] roots, int[] feature,
                            float[] split, int[] left, int[] right, float[] pathLength) {
}
