package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.datasets.SharedData;
import io.vigil.server.core.Json;
import io.vigil.server.serving.api.PredictRequest;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.Predictor;
import java.nio.file.Path;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's in-process scoring path, without HTTP: request JSON bytes → parse → validate against
 * the model's inputs → pipeline → 100 trees of depth 6 → answer JSON bytes, as
 * {@code POST /ml/predict} runs it (the prediction cache and log left out). Run:
 * {@code java -jar vigil-bench/target/benchmarks.jar ServingPathBenchmark -jvmArgsAppend -Dvigil.shared.dir=../shared}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ServingPathBenchmark {
    static final int BATCH = 1_000;
    private static final ObjectMapper JSON = Json.MAPPER;

    LoadedModel model;
    Predictor predictor;
    byte[][] singleBodies;
    byte[] batchBody;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        BenchData d = new BenchData();
        model = LoadedModel.of(new ModelRef(UUID.randomUUID(), "bench", 1), "intrusion", d.model, 0, false);
        predictor = Predictor.standalone(Clock.systemUTC());
        Path test = SharedData.dataset("nsl-kdd/KDDTest+.txt");
        List<Map<String, Object>> records = ServingLoad.records(test, 2_000);
        singleBodies = new byte[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            singleBodies[i] = JSON.writeValueAsBytes(Map.of("modelType", "intrusion", "features", records.get(i)));
        }
        batchBody = JSON.writeValueAsBytes(Map.of("modelType", "intrusion", "instances", records.subList(0, BATCH)));
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One event: what a single-row request costs the server beyond HTTP. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] singleRecord(Cursor c) throws Exception {
        return answer(c, false);
    }

    /** One event with its TreeSHAP explanation (top 10 inputs). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] singleRecordExplained(Cursor c) throws Exception {
        return answer(c, true);
    }

    /** Request bytes to answer bytes for the cursor's next record. */
    private byte[] answer(Cursor c, boolean explain) throws Exception {
        byte[] body = singleBodies[c.next++ % singleBodies.length];
        PredictRequest r = JSON.readValue(body, PredictRequest.class);
        return JSON.writeValueAsBytes(predictor.predict(model, r.features(), explain, Predictor.DEFAULT_TOP_K));
    }

    /** A request of 1,000 records; the score is rows per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public byte[] batchOf1000() throws Exception {
        PredictRequest r = JSON.readValue(batchBody, PredictRequest.class);
        return predictor.predictInstances(model, r.instances()).toJson();
    }

    /** The same 1,000 records, parsing only: how much of a batch is JSON in. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public PredictRequest batchParseOnly() throws Exception {
        return JSON.readValue(batchBody, PredictRequest.class);
    }
}
