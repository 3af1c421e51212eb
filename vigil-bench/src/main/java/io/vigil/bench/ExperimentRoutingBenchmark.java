package io.vigil.bench;

import io.vigil.engine.datasets.SharedData;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.models.TrafficSplit;
import io.vigil.server.serving.models.TrafficSplits;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing by experiments costs a prediction: the one lookup every {@code modelType} prediction
 * makes when its slot runs no experiment; with one, the lookup, the champion check and the sticky
 * key's MurmurHash3 (a new host each call); and a whole single NSL-KDD prediction in process (41
 * features, 100 trees of depth 6) without and with that routing. Run:
 * {@code java -jar vigil-bench/target/benchmarks.jar ExperimentRoutingBenchmark -jvmArgsAppend -Dvigil.shared.dir=../shared}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExperimentRoutingBenchmark {
    LoadedModel model;
    Predictor predictor;
    TrafficSplits none;
    TrafficSplits running;
    List<Map<String, Object>> records;
    String[] hosts;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        model = LoadedModel.of(new ModelRef(UUID.randomUUID(), "bench", 1), "intrusion", new BenchData().model, 0, false);
        predictor = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC());
        none = new TrafficSplits();
        none.replace(List.of(split("fraud"))); // another slot runs one
        running = new TrafficSplits();
        running.replace(List.of(split("intrusion")));
        records = ServingLoad.records(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 2_000);
        hosts = new String[4096];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
        }
    }

    private TrafficSplit split(String type) {
        return new TrafficSplit(UUID.randomUUID(), type, model.ref().id(), 1, UUID.randomUUID(), 2, TrafficSplit.Mode.AB, 0.1,
                "header:X-Sensor-Host");
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** The slot runs no experiment: one map lookup. */
    @Benchmark
    public TrafficSplit slotLookupNoExperiment() {
        return none.of("intrusion");
    }

    /** The slot runs one: lookup, champion check, the key hashed into an arm. */
    @Benchmark
    public ExperimentArm routeByStickyKey(Cursor c) {
        TrafficSplit s = running.of("intrusion");
        return s != null && s.championIs(model) ? s.assign(hosts[c.next++ & 4095]) : null;
    }

    /** One record, as without experiments. */
    @Benchmark
    public PredictionResult singleRecord(Cursor c) {
        return predictor.predict(model, records.get(c.next++ % records.size()), false, Predictor.DEFAULT_TOP_K);
    }

    /** One record routed by a running experiment first (every key lands on the champion's version here: the same model). */
    @Benchmark
    public PredictionResult singleRecordRouted(Cursor c) {
        int i = c.next++;
        TrafficSplit s = running.of("intrusion");
        ExperimentArm arm = s != null && s.championIs(model) ? s.assign(hosts[i & 4095]) : null;
        return predictor.predict(model, records.get(i % records.size()), false, Predictor.DEFAULT_TOP_K, arm);
    }
}
