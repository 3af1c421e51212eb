package io.vigil.engine.anomaly;

/**
 * The stored form of an isolation forest (its native file), flat arrays as in the evaluator.
 *
 * @param nodeRows sampled training rows that reached each node (TreeSHAP's covers); null in
 *                 forests stored before it was kept, which then cannot explain their scores
 */
record IsolationForestState(int featureCount, int sampleSize, double threshold, int[] roots, int[] feature,
                            float[] split, int[] left, int[] right, float[] pathLength, int[] nodeRows) {
}
