package io.vigil.server.monitoring.live;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one model version predicted in one minute, as counted in memory before it is added to
 * {@code prediction_minutes}: scoring calls, predictions, those the log left out, predictions by
 * class and the confidence and latency histograms ({@link Histograms}). Not thread-safe: its
 * aggregator guards it.
 */
final class MinuteCounts {
    /** One model version's minute. */
    record Key(UUID modelId, int version, Instant minute) {}

    long requests;
    long predictions;
    long unrecorded;
    final long[] confidence = new long[Histograms.CONFIDENCE_BINS];
    final long[] latency = new long[Histograms.LATENCY_BINS];
    final Map<String, Long> classes = new LinkedHashMap<>();

    /**
     * One scoring call's {@code labels} and {@code confidences} (the first {@code size} of each),
     * made in {@code nanos} of server time: each prediction counts the call's time per prediction.
     */
    void addCall(String[] labels, float[] confidences, int size, long nanos) {
        requests++;
        predictions += size;
        long perPrediction = size == 0 ? 0 : nanos / size;
        latency[Histograms.latencyBin(perPrediction)] += size;
        String last = null;
        long run = 0;
        for (int i = 0; i < size; i++) {
            confidence[Histograms.confidenceBin(confidences[i])]++;
            if (!labels[i].equals(last)) { // a batch's labels come in runs: one map update per run
                flushRun(last, run);
                last = labels[i];
                run = 0;
            }
            run++;
        }
        flushRun(last, run);
    }

    private void flushRun(String label, long run) {
        if (label != null && run > 0) {
            classes.merge(label, run, Long::sum);
        }
    }

    /** Adds everything {@code other} counted (a flush that failed comes back this way). */
    void addAll(MinuteCounts other) {
        requests += other.requests;
        predictions += other.predictions;
        unrecorded += other.unrecorded;
        Histograms.add(confidence, other.confidence);
        Histograms.add(latency, other.latency);
        other.classes.forEach((label, n) -> classes.merge(label, n, Long::sum));
    }
}
