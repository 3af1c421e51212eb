package io.vigil.bench.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.datasets.nab.NabCorpus;
import io.vigil.engine.datasets.nab.NabProfile;
import io.vigil.engine.datasets.nab.NabResult;
import io.vigil.engine.datasets.nab.NabScorer;
import io.vigil.engine.datasets.nab.NabSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks Vigil's NAB scorer against NAB's own: scores the {@code anomaly_score} column of the
 * published results of NAB's detectors ({@code results/<detector>/<category>/<detector>_<file>.csv}
 * in a checkout of numenta/NAB) and prints its scores next to {@code results/final_results.json}:
 * at the threshold Vigil's scorer finds (the exact optimum of NAB's sweep), and at the one NAB
 * stored in {@code config/thresholds.json} (found by NAB's optimizer when the table was made).
 * A by-hand check, not run by the build (the results are not among the shared datasets):
 * {@code java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.nab.NabScorerCheck
 * /path/to/NAB numenta windowedGaussian ...}
 */
public final class NabScorerCheck {

    private NabScorerCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path nab = Path.of(args[0]);
        Path results = nab.resolve("results");
        JsonNode published = new ObjectMapper().readTree(results.resolve("final_results.json").toFile());
        JsonNode thresholds = new ObjectMapper().readTree(nab.resolve("config/thresholds.json").toFile());
        List<NabSeries> corpus = NabCorpus.all();
        NabScorer scorer = NabScorer.of(corpus);
        System.out.println("| detector | profile | NAB's final_results.json | Vigil's scorer, its threshold | difference |"
                + " Vigil's scorer at NAB's threshold | difference |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int a = 1; a < args.length; a++) {
            String detector = args[a];
            List<double[]> scores = new ArrayList<>();
            for (NabSeries series : corpus) {
                String[] parts = series.name().split("/");
                scores.add(read(results.resolve(detector).resolve(parts[0]).resolve(detector + "_" + parts[1]), series.size()));
            }
            for (NabProfile profile : NabProfile.ALL) {
                NabResult mine = scorer.score(scores, profile);
                double theirs = published.path(detector).path(profile.name()).asDouble(Double.NaN);
                double threshold = thresholds.path(detector).path(profile.name()).path("threshold").asDouble(Double.NaN);
                NabResult atTheirs = scorer.scoreAt(scores, profile, threshold);
                System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.2g | %.4f | %.2g |%n", detector, profile.name(), theirs,
                        mine.normalized(), mine.normalized() - theirs, atTheirs.normalized(), atTheirs.normalized() - theirs);
            }
        }
    }

    /** The anomaly_score column (the third) of a NAB results file. */
    private static double[] read(Path file, int rows) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] scores = new double[rows];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                scores[n++] = Double.parseDouble(line.split(",")[2]);
            }
        }
        if (n != rows) {
            throw new IllegalStateException(file + " has " + n + " rows, the data file " + rows);
        }
        return scores;
    }
}
