package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.datasets.SharedData;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.SequenceWindows;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import io.vigil.neural.Dl4jNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures the neural trainers on real data. Prints Markdown. Run by hand (minutes):
 * <pre>
 * ./mvnw -q -B -pl vigil-engine,vigil-neural,vigil-bench package -DskipTests
 * java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.NeuralReport
 * </pre>
 * 1. {@code mlp} on NSL-KDD (train KDDTrain+, test KDDTest+, binary normal/attack).
 * 2. {@code lstm} on NAB realKnownCause: every series z-scored with the mean and deviation of its
 *    first half, cut into windows of {@value #WINDOW} points with {@link SequenceWindows} (key =
 *    series, order = timestamp); label = the window's last point lies inside a labelled anomaly
 *    window. Time split: the first half of every series trains, the second half tests.
 * Per-row scoring time: the model's plain-Java forward pass against DL4J's {@code output()} on one row.
 */
public final class NeuralReport {
    static final long SEED = 42;
    static final int WINDOW = 32;
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws Exception {
        boolean nslKdd = args.length == 0 || Arrays.asList(args).contains("nsl-kdd");
        boolean nab = args.length == 0 || Arrays.asList(args).contains("nab");
        if (nslKdd) nslKdd();
        if (nab) nab();
    }

    static void nslKdd() {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table test = NslKdd.load("KDDTest+.txt", true);
        PipelineSpec spec = PipelineSpec.forLinear(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack");
        System.out.printf(Locale.ROOT, "KDDTrain+ %d rows, KDDTest+ %d rows, seed %d%n%n", train.rowCount(), test.rowCount(), SEED);
        System.out.println("| algorithm | settings | accuracy | F1 (attack) | ROC AUC | PR AUC | train s | µs/row Java | µs/row DL4J output() |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        mlpRow("defaults (64,32 relu, 20 epochs, batch 128, Adam 0.001)", Map.of(), spec, train, test);
        mlpRow("64,32, dropout 0.2, l2 1e-4, early stopping (patience 3 on 10 %)",
                Map.of("dropout", 0.2, "l2", 1e-4, "patience", 3, "epochs", 50), spec, train, test);
        mlpRow("128,64,32, 10 epochs, batch 256", Map.of("hidden_layers", "128,64,32", "epochs", 10, "batch_size", 256), spec, train, test);
        System.out.println();
    }

    static void mlpRow(String settings, Map<String, ?> params, PipelineSpec spec, Table train, Table test) {
        long start = System.nanoTime();
        TrainedModel m = Training.of(train, Algorithms.trainer("mlp")).pipeline(spec).params(params).seed(SEED).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        FeatureMatrix x = m.features(test);
        EvaluationReport r = Evaluator.evaluate(m.model(), x, m.pipeline().labels(test));
        double java = javaMicros(m.model(), x);
        double dl4j = dl4jMicros(m.model(), x);
        System.out.printf(Locale.ROOT, "| mlp | %s | %.4f | %.4f | %.4f | %.4f | %.1f | %.2f | %.1f |%n", settings, r.accuracy(), r.positiveF1(),
                r.rocAuc(), r.prAuc(), seconds, java, dl4j);
    }

    /** Median over 5 passes of one {@code margins} call per row of {@code x}. */
    static double javaMicros(Model model, FeatureMatrix x) {
        double[] margins = new double[model.marginCount()];
        double[] passes = new double[5];
        double sink = 0;
        for (int p = -2; p < passes.length; p++) {
            long t = System.nanoTime();
            for (int r = 0; r < x.rows(); r++) {
                model.margins(x.data(), r * x.cols(), margins);
                sink += margins[0];
            }
            if (p >= 0) passes[p] = (System.nanoTime() - t) / 1e3 / x.rows();
        }
        if (sink == 42) System.out.print("");
        Arrays.sort(passes);
        return passes[passes.length / 2];
    }

    /** DL4J's {@code output()} on one row at a time, over the first 5,000 rows after 1,000 warm-up calls. */
    static double dl4jMicros(Model model, FeatureMatrix x) {
        MultiLayerNetwork net = Dl4jNetworks.of(model);
        int rows = Math.min(5000, x.rows());
        INDArray[] inputs = new INDArray[rows];
        for (int r = 0; r < rows; r++) inputs[r] = Dl4jNetworks.input(model, x.data(), x.cols(), new int[] {r});
        for (int r = 0; r < 1000; r++) net.output(inputs[r % rows], false);
        long t = System.nanoTime();
        for (int r = 0; r < rows; r++) net.output(inputs[r], false);
        return (System.nanoTime() - t) / 1e3 / rows;
    }

    static void nab() throws Exception {
        Path nab = SharedData.dataset("nab/labels/combined_windows.json").getParent().getParent();
        JsonNode labels = new ObjectMapper().readTree(nab.resolve("labels/combined_windows.json").toFile());
        List<Path> files;
        try (Stream<Path> s = Files.list(nab.resolve("data/realKnownCause"))) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        TableBuilder events = new TableBuilder(List.of("series", "time", "value", "label", "half"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
        List<int[]> testWindows = new ArrayList<>();   // [first row, last row] of labelled windows inside test halves
        int row = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            int n = lines.size() - 1;
            LocalDateTime[] times = new LocalDateTime[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).strip().split(",");
                times[i] = LocalDateTime.parse(cells[0], TS);
                values[i] = Double.parseDouble(cells[1]);
            }
            int half = n / 2;
            double mean = Arrays.stream(values, 0, half).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(values, 0, half).map(v -> (v - mean) * (v - mean)).sum() / half);
            List<LocalDateTime[]> windows = new ArrayList<>();
            for (JsonNode w : labels.path("realKnownCause/" + file.getFileName())) {
                windows.add(new LocalDateTime[] {parse(w.get(0).asText()), parse(w.get(1).asText())});
            }
            for (LocalDateTime[] w : windows) {
                int first = -1;
                int last = -1;
                for (int i = half; i < n; i++) {
                    if (!times[i].isBefore(w[0]) && !times[i].isAfter(w[1])) {
                        if (first < 0) first = i;
                        last = i;
                    }
                }
                if (first >= 0) testWindows.add(new int[] {row + first, row + last});
            }
            for (int i = 0; i < n; i++) {
                boolean anomalous = false;
                for (LocalDateTime[] w : windows) anomalous |= !times[i].isBefore(w[0]) && !times[i].isAfter(w[1]);
                events.addRow(new String[] {file.getFileName().toString(), Long.toString(times[i].toEpochSecond(ZoneOffset.UTC)),
                        Double.toString((values[i] - mean) / (sd == 0 ? 1 : sd)), anomalous ? "anomaly" : "normal", i < half ? "train" : "test"});
            }
            row += n;
        }
        Table all = events.build();
        Table windows = SequenceWindows.of(all, "series", "time", WINDOW, List.of("value"), "label");
        int[] trainRows = rowsWhere(all, "train");
        int[] testRows = rowsWhere(all, "test");
        Table train = windows.select(trainRows);
        Table test = windows.select(testRows);
        System.out.printf(Locale.ROOT, "NAB realKnownCause: %d series, %d windows of %d points (train %d, %d anomalous; test %d, %d anomalous), %d labelled windows in test halves%n%n",
                files.size(), windows.rowCount(), WINDOW, train.rowCount(), count(train, "anomaly"), test.rowCount(), count(test, "anomaly"),
                testWindows.size());
        System.out.println("| algorithm | settings | ROC AUC | PR AUC | F1 (anomaly) | test windows hit (p > 0.5) | test points flagged outside windows | train s | µs/row Java | µs/row DL4J output() |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        int[] testIndex = new int[all.rowCount()];
        Arrays.fill(testIndex, -1);
        for (int i = 0; i < testRows.length; i++) testIndex[testRows[i]] = i;
        nabRow("lstm", "32 units, 1 layer, 5 epochs, batch 128, Adam 0.005",
                Map.of("timesteps", WINDOW, "units", 32, "epochs", 5, "batch_size", 128), train, test, testWindows, testIndex);
        nabRow("mlp", "same windows as 32 flat features: 64,32, 10 epochs", Map.of("hidden_layers", "64,32", "epochs", 10), train, test, testWindows, testIndex);
        nabRow("gbm", "same windows as 32 flat features: defaults", Map.of(), train, test, testWindows, testIndex);
    }

    static void nabRow(String algorithm, String settings, Map<String, ?> params, Table train, Table test, List<int[]> testWindows, int[] testIndex) {
        PipelineSpec spec = Algorithms.trainer(algorithm).defaultPipeline("label").withPositiveClass("anomaly");
        long start = System.nanoTime();
        TrainedModel m = Training.of(train, Algorithms.trainer(algorithm)).pipeline(spec).params(params).seed(SEED).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        FeatureMatrix x = m.features(test);
        EvaluationReport r = Evaluator.evaluate(m.model(), x, m.pipeline().labels(test));
        double[] scores = m.model().scores(x);
        int hit = 0;
        boolean[] inside = new boolean[x.rows()];
        for (int[] w : testWindows) {
            boolean any = false;
            for (int i = w[0]; i <= w[1]; i++) {
                inside[testIndex[i]] = true;
                any |= scores[testIndex[i]] > 0.5;
            }
            if (any) hit++;
        }
        int outside = 0;
        for (int i = 0; i < scores.length; i++) if (!inside[i] && scores[i] > 0.5) outside++;
        double micros = javaMicros(m.model(), x);
        String dl4j = algorithm.equals("gbm") ? "" : String.format(Locale.ROOT, "%.1f", dl4jMicros(m.model(), x));
        System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %d/%d | %d | %.1f | %.2f | %s |%n", algorithm, settings, r.rocAuc(), r.prAuc(),
                r.positiveF1(), hit, testWindows.size(), outside, seconds, micros, dl4j);
    }

    static int[] rowsWhere(Table t, String half) {
        var c = t.categorical("half");
        return java.util.stream.IntStream.range(0, t.rowCount()).filter(i -> half.equals(c.text(i))).toArray();
    }

    static long count(Table t, String label) {
        var c = t.categorical("label");
        return java.util.stream.IntStream.range(0, t.rowCount()).filter(i -> label.equals(c.text(i))).count();
    }

    static LocalDateTime parse(String labelTime) {
        return LocalDateTime.parse(labelTime.substring(0, 19), TS);
    }
}
