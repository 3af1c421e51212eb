package io.vigil.server.serving.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.testing.Timing;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What routing by experiments costs a prediction for a slot, measured, not asserted (a shared
 * machine's timing is no test): with no experiment, the one map lookup every {@code modelType}
 * prediction now makes; with one, that lookup, the check that the slot still serves the champion,
 * and the sticky key's field read and hashed. Beside them, a whole single prediction through the
 * predictor (100 trees of depth 6, no log) for scale. The figures go to BENCHMARKS.md.
 */
class ExperimentRoutingCostTest {
    private static final int WARM = 300_000;
    private static final int N = 2_000_000;

    @Test
    void routingCostsALookupAndAHash() {
        LoadedModel champion = LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", 1), "intrusion", TinyModels.gbm(500, 100, 6), 0,
                false);
        TrafficSplits none = new TrafficSplits();
        none.replace(List.of(split("fraud", champion))); // another slot runs one: this slot's lookup finds nothing
        TrafficSplits running = new TrafficSplits();
        running.replace(List.of(split("intrusion", champion)));
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 1024; i++) { // a new host each time: no hash is cached anywhere
            records.add(new HashMap<>(Map.of("x", 0.5, "proto", "tcp", "src_ip", "10.0." + (i / 256) + "." + (i % 256))));
        }
        Predictor predictor = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC());
        long[] sink = new long[1];
        int[] next = new int[1];

        double lookup = perCall(() -> sink[0] += none.of("intrusion") == null ? 1 : 0, N);
        double routed = perCall(() -> {
            Map<String, Object> features = records.get(next[0]++ & 1023);
            TrafficSplit s = running.of("intrusion");
            if (s != null && s.championIs(champion)) {
                sink[0] += s.assign(features.get(s.stickyField())).arm().ordinal();
            }
        }, N);
        double put = perCall(() -> sink[0] += records.get(next[0]++ & 1023).size(), N); // the loop and the record's fetch alone
        Map<String, Object> record = Map.of("x", 0.5, "proto", "tcp");
        double prediction = perCall(() -> sink[0] += predictor.predict(champion, record, false, 0).label().length(), N / 10);
        assertThat(sink[0]).isNotZero();
        System.out.printf("experiment routing, one thread: no experiment on the slot %.1f ns; an experiment (lookup, champion check,"
                        + " key read, MurmurHash3, arm) %.1f ns; a single prediction through the predictor %.2f us: %.2f %% and %.2f %% of it%n",
                lookup, routed - put, prediction / 1e3, 100 * lookup / prediction, 100 * (routed - put) / prediction);
    }

    private static TrafficSplit split(String type, LoadedModel champion) {
        return new TrafficSplit(UUID.randomUUID(), type, champion.ref().id(), 1, UUID.randomUUID(), 2, TrafficSplit.Mode.AB, 0.1, "src_ip");
    }

    private static double perCall(Runnable r, int n) {
        return Timing.perCall(r, WARM, n);
    }
}
