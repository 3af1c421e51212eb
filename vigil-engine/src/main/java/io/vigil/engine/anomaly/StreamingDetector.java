package io.vigil.engine.anomaly;

/**
 * An anomaly detector for one stream of measurements (one metric of one asset), fed in time order:
 * each point is scored with only the points before it, then joins its history. Memory is bounded
 * whatever the length of the stream. Not thread-safe: one instance per stream.
 */
public interface StreamingDetector {

    /**
     * The anomaly score of a new point, in [0, 1] (0 while there is too little history to judge),
     * after which the point is part of the history.
     *
     * @param epochMillis the point's time (milliseconds since the epoch), not before the previous point's
     * @param value       the measurement; NaN is a missing point, scored 0 and not remembered
     */
    double score(long epochMillis, double value);
}
