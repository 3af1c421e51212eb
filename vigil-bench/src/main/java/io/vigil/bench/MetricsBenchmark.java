package io.vigil.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.engine.datasets.SharedData;
import io.vigil.server.monitoring.metrics.PredictionMeters;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.ScoringMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the prediction meters cost a prediction: one NSL-KDD record (41 features, 100 trees of depth
 * 6) scored in process without and with {@code PredictionMeters} on a Prometheus registry (its
 * version's meters found, its class counted, its time recorded), and the meters alone, from one
 * thread and two. Run:
 * {@code java -jar vigil-bench/target/benchmarks.jar MetricsBenchmark -jvmArgsAppend -Dvigil.shared.dir=../shared}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {
    LoadedModel model;
    Predictor plain;
    Predictor metered;
    ScoringMeters meters;
    List<Map<String, Object>> records;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        model = LoadedModel.of(new ModelRef(UUID.randomUUID(), "bench", 1), "intrusion", new BenchData().model, 0, false);
        meters = new PredictionMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        plain = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC());
        metered = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC(), meters);
        records = ServingLoad.records(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 2_000);
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One record, no meters. */
    @Benchmark
    public PredictionResult singleRecord(Cursor c) {
        return plain.predict(model, records.get(c.next++ % records.size()), false, Predictor.DEFAULT_TOP_K);
    }

    /** One record, counted and timed. */
    @Benchmark
    public PredictionResult singleRecordMetered(Cursor c) {
        return metered.predict(model, records.get(c.next++ % records.size()), false, Predictor.DEFAULT_TOP_K);
    }

    /** The meters alone, as a single prediction uses them. */
    @Benchmark
    public void metersAlone() {
        ScoringMeters.Version v = meters.of(model);
        v.predicted(1, 1);
        v.scored(54_321, true);
    }

    /** The same from two threads at once: the meters' counters and histogram shared. */
    @Benchmark
    @Threads(2)
    public void metersAloneTwoThreads() {
        metersAlone();
    }
}
