package io.vigil.server.monitoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.testing.Timing;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the per-minute figures cost a prediction, measured, not asserted (a shared machine's timing
 * is no test): on the request thread, the two clock reads that time a prediction, against a
 * whole single prediction through the predictor; on the prediction log's writer thread, counting a
 * record. The figures go to BENCHMARKS.md.
 */
class MonitoringCostTest {
    private static final int WARM = 200_000;
    private static final int N = 1_000_000;

    @Test
    void countingAPredictionCostsTheRequestTwoClockReads() {
        TrainedModel trained = TinyModels.gbm(500, 100, 6);
        LoadedModel model = LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", 1), "intrusion", trained, 0, false);
        List<PredictionBatchRecord> kept = new ArrayList<>();
        PredictionLog log = new PredictionLog() { // the log as the request sees it, keeping the last records for the writer's side
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void record(PredictionBatchRecord b) {
                if (kept.size() < 1_000) {
                    kept.add(b);
                }
            }
        };
        Predictor predictor = new Predictor(new PredictionCache(0, Duration.ZERO), log, Clock.systemUTC());
        Map<String, Object> features = new java.util.HashMap<>(Map.of("x", 0.5, "proto", "tcp"));
        long[] sink = new long[1];

        double clockRead = clockRead();
        double prediction = perCall(() -> sink[0] += predictor.predict(model, features, false, 0).label().length(), N / 5);
        MinuteAggregator aggregator = new MinuteAggregator(counts -> { }, Clock.systemUTC());
        PredictionBatchRecord one = kept.get(0);
        double counted = perCall(() -> aggregator.recorded(one), N);
        double unrecorded = perCall(() -> aggregator.unrecorded(one, 1), N);
        assertThat(sink[0]).isNotZero();
        System.out.printf("monitoring, one thread: request thread: two clock reads %.1f ns (a single prediction through the"
                        + " predictor: %.2f us, so %.2f %%); prediction log's writer: counting a record %.1f ns;"
                        + " a prediction the log leaves out: %.1f ns more on the request thread%n",
                2 * clockRead, prediction / 1e3, 100 * 2 * clockRead / prediction, counted, unrecorded);
    }

    /** One {@code System.nanoTime()} read, in a loop of its own (a lambda's call would cost as much as the read). */
    private static double clockRead() {
        long sum = 0;
        for (int i = 0; i < WARM; i++) {
            sum += System.nanoTime();
        }
        long start = System.nanoTime();
        for (int i = 0; i < N; i++) {
            sum += System.nanoTime();
        }
        double each = (System.nanoTime() - start) / (double) N;
        assertThat(sum).isNotZero();
        return each;
    }

    private static double perCall(Runnable r, int n) {
        return Timing.perCall(r, WARM, n);
    }
}
