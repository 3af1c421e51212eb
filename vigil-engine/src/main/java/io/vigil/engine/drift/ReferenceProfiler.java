package io.vigil.engine.drift;

import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link ReferenceProfile} from the rows a model was trained on (raw, before encoding):
 * each input's sketch, and the model's predictions on those rows.
 *
 * <pre>{@code
 * ReferenceProfile profile = ReferenceProfiler.profile(trained, trainingRows, seed);
 * ModelBundle.write(trained, profile, out);
 * }</pre>
 */
public final class ReferenceProfiler {
    /** Equal-frequency bins per numeric input (fewer when values repeat). */
    public static final int BINS = 20;
    /** Numeric values sampled per input for Kolmogorov-Smirnov and Wasserstein. */
    public static final int SAMPLE_SIZE = 5_000;
    /** Categories kept per input; the rest count as "other". */
    public static final int TOP_CATEGORIES = 100;

    private ReferenceProfiler() {
    }

    /** The profile with the default {@link #BINS}, {@link #SAMPLE_SIZE} and {@link #TOP_CATEGORIES}. */
    public static ReferenceProfile profile(TrainedModel trained, Table rows, long seed) {
        return profile(trained, rows, seed, BINS, SAMPLE_SIZE, TOP_CATEGORIES);
    }

    public static ReferenceProfile profile(TrainedModel trained, Table rows, long seed, int bins, int sampleSize, int topCategories) {
        if (bins < 2 || sampleSize < 1 || topCategories < 1) {
            throw new IllegalArgumentException("a profile needs at least 2 bins, a sample of 1 and 1 category");
        }
        Pipeline pipeline = trained.pipeline();
        List<InputProfile> inputs = new ArrayList<>();
        List<InputField> fields = pipeline.inputs();
        for (int i = 0; i < fields.size(); i++) {
            InputField field = fields.get(i);
            Column column = rows.has(field.name()) ? rows.column(field.name()) : null;
            long inputSeed = seed ^ (0x9E3779B97F4A7C15L * (i + 1));
            inputs.add(field.kind() == ColumnKind.NUMERIC
                    ? InputProfile.numeric(field.name(), NumericSketch.of(numbers(column, rows.rowCount()), bins, sampleSize, inputSeed))
                    : InputProfile.categorical(field.name(), categories(column, rows.rowCount(), topCategories)));
        }
        ScoredRows scored = Scorer.score(trained.model(), trained.features(rows));
        return new ReferenceProfile(ReferenceProfile.FORMAT_VERSION, rows.rowCount(), seed, bins, sampleSize, topCategories, inputs,
                prediction(scored, bins, sampleSize, seed));
    }

    /** Class frequencies of the predictions (every class, even one never predicted), or a detector's anomaly scores. */
    private static InputProfile prediction(ScoredRows scored, int bins, int sampleSize, long seed) {
        if (scored.hasAnomalyScores()) {
            double[] scores = Arrays.copyOf(scored.anomalyScores(), scored.rows());
            return InputProfile.numeric(DriftDetector.PREDICTION, NumericSketch.of(scores, bins, sampleSize, seed));
        }
        long[] perClass = new long[scored.classCount()];
        for (int r = 0; r < scored.rows(); r++) perClass[scored.classIndex(r)]++;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int k = 0; k < perClass.length; k++) counts.put(scored.classes().get(k), perClass[k]);
        return InputProfile.categorical(DriftDetector.PREDICTION, CategorySketch.of(counts, 0, Math.max(1, perClass.length)));
    }

    private static double[] numbers(Column column, int rows) {
        if (column instanceof NumericColumn n) return n.values();
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            String text = column == null ? null : column.text(r);
            out[r] = parse(text);
        }
        return out;
    }

    private static double parse(String text) {
        if (text == null) return Double.NaN;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static CategorySketch categories(Column column, int rows, int top) {
        Map<String, Long> counts = new HashMap<>();
        long missing = 0;
        if (column instanceof CategoricalColumn c) {
            int[] perCode = c.counts();
            for (int code = 0; code < perCode.length; code++) {
                if (perCode[code] > 0) counts.merge(c.dictionary().get(code), (long) perCode[code], Long::sum);
            }
            for (int code : c.codes()) missing += code == CategoricalColumn.MISSING ? 1 : 0;
        } else {
            for (int r = 0; r < rows; r++) {
                String text = column == null ? null : column.text(r);
                if (text == null) missing++; else counts.merge(text, 1L, Long::sum);
            }
        }
        return CategorySketch.of(counts, missing, top);
    }
}
