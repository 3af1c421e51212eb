package io.vigil.bench;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.anomaly.DetectorModel;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How each anomaly detector treats a spike: a usual KDDTest+ connection (one the detector calls
 * normal) whose {@code src_bytes}, or whose {@code src_bytes}, {@code dst_bytes} and
 * {@code duration}, are set to 1,000 times their largest value in KDDTrain+. Detectors are fitted
 * on KDDTrain+ without labels. Prints Markdown. Run by hand:
 * <pre>
 * ./mvnw -q -B -pl vigil-engine,vigil-bench package -DskipTests
 * java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.SpikeReport
 * </pre>
 */
public final class SpikeReport {
    static final int ROWS = 500;

    public static void main(String[] args) throws Exception {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table test = NslKdd.load("KDDTest+.txt", true);
        PipelineSpec spec = PipelineSpec.forDetectors(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack");
        System.out.printf(Locale.ROOT, "The first %d KDDTest+ rows each detector calls normal, then the same rows with spikes:%n%n", ROWS);
        System.out.println("| detector | threshold | usual rows, median score | `src_bytes` x 1,000: median score | flagged | three features x 1,000: median score | flagged |");
        System.out.println("|---|---|---|---|---|---|---|");
        row(train, test, spec, "isolation_forest", Map.of("contamination", 0.02));
        row(train, test, spec, "isolation_forest", Map.of("contamination", 0.1));
        for (String d : List.of("zscore", "iqr", "mad")) row(train, test, spec, d, Map.of());
    }

    static void row(Table train, Table test, PipelineSpec spec, String algorithm, Map<String, ?> params) {
        TrainedModel m = Training.of(train, Algorithms.trainer(algorithm)).pipeline(spec).params(params).seed(7).threads(2).run();
        DetectorModel d = (DetectorModel) m.model();
        List<String> names = m.pipeline().featureNames();
        int[] spiked = {names.indexOf("src_bytes"), names.indexOf("dst_bytes"), names.indexOf("duration")};
        float[] max = largest(m.features(train));
        FeatureMatrix x = m.features(test);
        List<Double> usual = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<Double> three = new ArrayList<>();
        for (int r = 0; r < x.rows() && usual.size() < ROWS; r++) {
            float[] row = Arrays.copyOfRange(x.data(), r * x.cols(), (r + 1) * x.cols());
            if (d.score(row, 0) >= d.threshold()) continue;
            usual.add(d.score(row, 0));
            row[spiked[0]] = max[spiked[0]] * 1000;
            one.add(d.score(row, 0));
            row[spiked[1]] = max[spiked[1]] * 1000;
            row[spiked[2]] = max[spiked[2]] * 1000;
            three.add(d.score(row, 0));
        }
        System.out.printf(Locale.ROOT, "| %s %s | %.3f | %.3f | %.3f | %d / %d | %.3f | %d / %d |%n", algorithm, params.isEmpty() ? "" : params,
                d.threshold(), median(usual), median(one), flagged(one, d), one.size(), median(three), flagged(three, d), three.size());
    }

    static float[] largest(FeatureMatrix x) {
        float[] max = new float[x.cols()];
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < x.rows(); r++) for (int c = 0; c < x.cols(); c++) max[c] = Math.max(max[c], x.get(r, c));
        return max;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static long flagged(List<Double> scores, DetectorModel d) {
        return scores.stream().filter(s -> s >= d.threshold()).count();
    }
}
