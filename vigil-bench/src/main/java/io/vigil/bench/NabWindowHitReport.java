package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.datasets.SharedData;
import io.vigil.engine.features.FeatureMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the isolation forest and the statistical detectors over NAB's realKnownCause series
 * (each detector fitted on the series it scores, value only, no time context) and reports how
 * many labelled anomaly windows get at least one flagged point, and how many points are flagged
 * outside every window. This is not the NAB score (which needs NAB's own scorer). Run by hand:
 * {@code java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.NabWindowHitReport}
 */
public final class NabWindowHitReport {
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws Exception {
        Path nab = SharedData.dataset("nab/labels/combined_windows.json").getParent().getParent();
        JsonNode windows = new ObjectMapper().readTree(nab.resolve("labels/combined_windows.json").toFile());
        List<Path> files;
        try (Stream<Path> s = Files.list(nab.resolve("data/realKnownCause"))) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<String> detectors = List.of("isolation_forest", "zscore", "iqr", "mad");
        Map<String, Map<String, Object>> params = Map.of("isolation_forest", Map.of("contamination", 0.01));
        System.out.println("| series | points | windows | " + String.join(" | ", detectors.stream().map(d -> d + " windows hit / points flagged outside").toList()) + " |");
        System.out.println("|---|---|---|" + "---|".repeat(detectors.size()));
        int[] hitTotal = new int[detectors.size()];
        long[] fpTotal = new long[detectors.size()];
        int windowTotal = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            List<LocalDateTime> times = new ArrayList<>();
            float[] values = new float[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).strip().split(",");
                times.add(LocalDateTime.parse(cells[0], TS));
                values[i - 1] = Float.parseFloat(cells[1]);
            }
            List<LocalDateTime[]> labelled = new ArrayList<>();
            for (JsonNode w : windows.path("realKnownCause/" + file.getFileName())) {
                labelled.add(new LocalDateTime[] {parse(w.get(0).asText()), parse(w.get(1).asText())});
            }
            windowTotal += labelled.size();
            FeatureMatrix x = new FeatureMatrix(values, values.length, 1, List.of("value"));
            StringBuilder row = new StringBuilder("| " + file.getFileName() + " | " + values.length + " | " + labelled.size() + " |");
            for (int d = 0; d < detectors.size(); d++) {
                Trainer trainer = Algorithms.trainer(detectors.get(d));
                Model model = trainer.train(new TrainingData(x, null, List.of()), trainer.validate(params.getOrDefault(detectors.get(d), Map.of())),
                        TrainingContext.of(42));
                int[] flagged = model.classify(x);
                boolean[] hit = new boolean[labelled.size()];
                long outside = 0;
                for (int i = 0; i < flagged.length; i++) {
                    if (flagged[i] != 1) continue;
                    boolean inside = false;
                    for (int w = 0; w < labelled.size(); w++) {
                        if (!times.get(i).isBefore(labelled.get(w)[0]) && !times.get(i).isAfter(labelled.get(w)[1])) {
                            hit[w] = true;
                            inside = true;
                        }
                    }
                    if (!inside) outside++;
                }
                int hits = 0;
                for (boolean h : hit) if (h) hits++;
                hitTotal[d] += hits;
                fpTotal[d] += outside;
                row.append(String.format(Locale.ROOT, " %d/%d / %d |", hits, labelled.size(), outside));
            }
            System.out.println(row);
        }
        StringBuilder total = new StringBuilder("| **all 7** | | " + windowTotal + " |");
        for (int d = 0; d < detectors.size(); d++) total.append(String.format(Locale.ROOT, " **%d/%d / %d** |", hitTotal[d], windowTotal, fpTotal[d]));
        System.out.println(total);
    }

    static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.substring(0, 19), TS);
    }
}
