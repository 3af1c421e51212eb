package io.vigil.bench.nab;

import io.vigil.engine.anomaly.NoveltyDetector;
import io.vigil.engine.anomaly.StreamingDetector;
import io.vigil.engine.datasets.nab.NabCorpus;
import io.vigil.engine.datasets.nab.NabProfile;
import io.vigil.engine.datasets.nab.NabResult;
import io.vigil.engine.datasets.nab.NabScorer;
import io.vigil.engine.datasets.nab.NabSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints the NAB table of the named detectors (all of them without arguments); {@code --series}
 * adds each file's part; {@code --grid} scores the 24 neighbours of {@link NoveltyDetector}'s
 * defaults that were tried while it was tuned (floors, profile and error weights), to show how
 * much of its score is the choice among them.
 */
public final class NabReportRunner {

    private NabReportRunner() {
    }

    public static void main(String[] args) {
        List<String> names = new ArrayList<>();
        boolean perSeries = false;
        boolean grid = false;
        for (String arg : args) {
            if (arg.equals("--series")) perSeries = true;
            else if (arg.equals("--grid")) grid = true;
            else names.add(arg);
        }
        if (names.isEmpty() && !grid) names.addAll(NabDetectors.NAMED.keySet());
        List<NabSeries> corpus = NabCorpus.all();
        long points = corpus.stream().mapToLong(NabSeries::size).sum();
        NabScorer scorer = NabScorer.of(corpus);
        System.out.printf(Locale.ROOT, "NAB: %d series, %d points, %d windows (%d after the probationary periods)%n%n",
                corpus.size(), points, scorer.labelledWindows(), scorer.scorableWindows());
        System.out.println("| detector | standard | reward low FP | reward low FN | windows found (standard) | false positives (standard) | time | per point |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<NabResult> details = new ArrayList<>();
        for (String name : names) {
            Supplier<StreamingDetector> detector = NabDetectors.named(name);
            long start = System.nanoTime();
            List<double[]> scores = NabRun.scores(corpus, detector);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<NabResult> results = NabProfile.ALL.stream().map(p -> scorer.score(scores, p)).toList();
            NabResult standard = results.get(0);
            details.add(standard);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d / %d | %d | %.1f s | %.2f µs |%n", name,
                    results.get(0).normalized(), results.get(1).normalized(), results.get(2).normalized(),
                    standard.detected(), standard.windows(), standard.falsePositives(), seconds, seconds * 1e6 / points);
        }
        if (grid) {
            grid(corpus, scorer);
        }
        if (perSeries) {
            for (int d = 0; d < names.size(); d++) {
                System.out.printf(Locale.ROOT, "%n%s, standard profile, threshold %.6f:%n", names.get(d), details.get(d).threshold());
                for (NabResult.Series s : details.get(d).series()) {
                    System.out.printf(Locale.ROOT, "  %-60s %6.2f  windows %d/%d  FP %d%n", s.name(), s.score(), s.detected(),
                            s.windows(), s.falsePositives());
                }
            }
        }
    }

    private static void grid(List<NabSeries> corpus, NabScorer scorer) {
        NoveltyDetector.Settings d = NoveltyDetector.Settings.DEFAULTS;
        List<double[]> figures = new ArrayList<>();
        System.out.printf("%n| level floor | profile floor | profile weight | error weight | standard | reward low FP | reward low FN |%n");
        System.out.println("|---|---|---|---|---|---|---|");
        for (double levelFloor : new double[] {3, 4}) {
            for (double profileFloor : new double[] {4, 5, 6}) {
                for (double profileWeight : new double[] {0.1, 0.3}) {
                    for (double errorWeight : new double[] {0.01, 0.05}) {
                        NoveltyDetector.Settings s = new NoveltyDetector.Settings(d.smoothing(), d.window(), d.memory(), d.warmUp(),
                                levelFloor, profileFloor, d.quietPoints(), profileWeight, errorWeight);
                        List<double[]> scores = NabRun.scores(corpus, () -> new NoveltyDetector(s));
                        double[] f = NabProfile.ALL.stream().mapToDouble(p -> scorer.score(scores, p).normalized()).toArray();
                        figures.add(f);
                        System.out.printf(Locale.ROOT, "| %.0f | %.0f | %.2f | %.2f | %.1f | %.1f | %.1f |%n", levelFloor, profileFloor,
                                profileWeight, errorWeight, f[0], f[1], f[2]);
                    }
                }
            }
        }
        for (int p = 0; p < 3; p++) {
            int profile = p;
            double[] sorted = figures.stream().mapToDouble(f -> f[profile]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s: min %.1f, median %.1f, max %.1f%n", NabProfile.ALL.get(p).name(), sorted[0],
                    (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2, sorted[sorted.length - 1]);
        }
    }
}
