package io.vigil.bench;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.drift.DriftDetector;
import io.vigil.engine.drift.DriftReport;
import io.vigil.engine.drift.DriftSettings;
import io.vigil.engine.drift.LiveWindow;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.engine.drift.ReferenceProfiler;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The comparison alone (no database): 100,000 live predictions of NSL-KDD's 41 inputs (38 numeric,
 * 3 categorical; the last 100,000 rows of KDDTrain+, scored by the model) against the reference
 * profile of a model trained on its first 20,000 rows, by each way of judging the numeric inputs.
 * {@code auto}: Evidently's defaults (normed Wasserstein and Jensen-Shannon for this reference).
 * Run: {@code java -Dvigil.shared.dir=../shared -jar vigil-bench/target/benchmarks.jar DriftBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DriftBenchmark {
    @Param({"auto", "ks", "jensenshannon", "psi", "wasserstein"})
    public String numericMethod;

    ReferenceProfile profile;
    LiveWindow window;
    DriftSettings settings;

    @Setup
    public void setup() {
        Table all = NslKdd.load("KDDTrain+.txt", true);
        Table train = all.select(IntStream.range(0, 20_000).toArray());
        Table live = all.select(IntStream.range(all.rowCount() - 100_000, all.rowCount()).toArray());
        TrainedModel model = Training.of(train, Algorithms.trainer("gbm"))
                .pipeline(PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY)).params(Map.of("rounds", 20)).seed(7).run();
        profile = ReferenceProfiler.profile(model, train, 7);
        window = LiveWindow.scored(model, live);
        settings = new DriftSettings(numericMethod, null, null, null, null, null, null, null, null).over(DriftSettings.DEFAULTS);
    }

    @Benchmark
    public DriftReport detect() {
        return DriftDetector.detect(profile, settings, window);
    }
}
