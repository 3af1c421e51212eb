package io.vigil.engine.drift;

import io.vigil.engine.table.ColumnKind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Compares a window of live traffic with a version's {@link ReferenceProfile}: each input by the
 * method its {@link DriftSettings} choose (PSI alongside), the share of drifted inputs, and the
 * predictions' distribution. Inputs are independent, so they are compared on every core.
 *
 * <pre>{@code
 * DriftReport report = DriftDetector.detect(profile, DriftSettings.DEFAULTS, window);
 * }</pre>
 */
public final class DriftDetector {
    /** The name the predictions' profile and drift go by. */
    public static final String PREDICTION = "prediction";

    private DriftDetector() {
    }

    public static DriftReport detect(ReferenceProfile profile, DriftSettings settings, LiveWindow window) {
        int minRows = settings.minRowsOrDefault();
        List<InputProfile> inputs = profile.inputs();
        int[] column = new int[inputs.size()]; // each input's column in the window: numeric and categorical counted apart
        int numeric = 0;
        int categorical = 0;
        for (int i = 0; i < inputs.size(); i++) column[i] = inputs.get(i).kind() == ColumnKind.NUMERIC ? numeric++ : categorical++;
        if (numeric != window.numeric().length || categorical != window.categorical().length) {
            throw new IllegalArgumentException("the window has " + window.numeric().length + " numeric and " + window.categorical().length
                    + " categorical columns, the profile " + numeric + " and " + categorical);
        }
        InputDrift[] results = new InputDrift[inputs.size()];
        IntStream.range(0, inputs.size()).parallel().forEach(i -> {
            InputProfile p = inputs.get(i);
            DriftSettings.Rule rule = settings.ruleFor(p, false);
            results[i] = p.kind() == ColumnKind.NUMERIC
                    ? numeric(p, rule, window.numeric()[column[i]], window.rows(), minRows)
                    : categorical(p, rule, window.categorical()[column[i]], window.rows(), minRows);
        });
        InputProfile predicted = profile.prediction();
        DriftSettings.Rule predictionRule = settings.ruleFor(predicted, true);
        InputDrift prediction = predicted.kind() == ColumnKind.NUMERIC
                ? numeric(predicted, predictionRule, window.anomalyScores() == null ? nan(window.rows()) : window.anomalyScores(),
                        window.rows(), minRows)
                : categorical(predicted, predictionRule, window.labels(), window.rows(), minRows);

        int tested = 0;
        int drifted = 0;
        for (InputDrift d : results) {
            if (d.drifted() != null) {
                tested++;
                drifted += d.drifted() ? 1 : 0;
            }
        }
        double threshold = settings.driftShareOrDefault();
        Double share = tested == 0 ? null : (double) drifted / tested;
        Boolean datasetDrift = share == null ? null : share >= threshold;
        String status = share == null ? InputDrift.NOT_ENOUGH_DATA : datasetDrift ? InputDrift.DRIFT : InputDrift.NO_DRIFT;
        return new DriftReport(window.rows(), profile.rows(), minRows, List.of(results), tested, drifted, share, threshold, datasetDrift,
                prediction, status);
    }

    private static InputDrift numeric(InputProfile p, DriftSettings.Rule rule, float[] values, int rows, int minRows) {
        NumericSketch ref = p.numeric();
        long[] reference = new long[ref.counts().length + 1]; // the bins, then the missing
        System.arraycopy(ref.counts(), 0, reference, 0, ref.counts().length);
        reference[reference.length - 1] = ref.missing();
        long[] live = new long[reference.length];
        float[] edges = ref.edges();
        for (int r = 0; r < rows; r++) {
            float v = values[r];
            live[Float.isNaN(v) ? live.length - 1 : NumericSketch.bin(edges, v)]++;
        }
        long missing = live[live.length - 1];
        long present = rows - missing;
        if (present < minRows || ref.count() == 0) return notEnough(p, rule, present, missing, ref.count());
        double psi = Distances.psi(reference, live);
        Distances.Result result = switch (rule.method()) {
            case KS -> Distances.kolmogorovSmirnov(ref.sample(), values, rows);
            case WASSERSTEIN -> new Distances.Result(Distances.wasserstein(ref.sample(), values, rows, ref.std()), Double.NaN);
            case PSI -> new Distances.Result(psi, Double.NaN);
            case JENSEN_SHANNON -> new Distances.Result(Distances.jensenShannon(reference, live), Double.NaN);
            case CHI_SQUARE -> Distances.chiSquare(reference, live);
        };
        return verdict(p, rule, result, psi, present, missing, ref.count());
    }

    private static InputDrift categorical(InputProfile p, DriftSettings.Rule rule, String[] values, int rows, int minRows) {
        CategorySketch ref = p.categorical();
        int kept = ref.categories().size();
        long[] reference = new long[kept + 2]; // the kept categories, other, missing
        System.arraycopy(ref.counts(), 0, reference, 0, kept);
        reference[kept] = ref.other();
        reference[kept + 1] = ref.missing();
        Map<String, Integer> index = new HashMap<>(kept * 2);
        for (int i = 0; i < kept; i++) index.put(ref.categories().get(i), i);
        long[] live = new long[reference.length];
        String last = null;
        int lastCell = -1;
        for (int r = 0; r < rows; r++) {
            String v = values[r];
            int cell;
            if (v == null) cell = kept + 1;
            else if (v == last) cell = lastCell; // the log's values repeat, often as the same object
            else cell = index.getOrDefault(v, kept);
            live[cell]++;
            last = v;
            lastCell = cell;
        }
        long missing = live[kept + 1];
        long present = rows - missing;
        if (present < minRows || ref.count() == 0) return notEnough(p, rule, present, missing, ref.count());
        double psi = Distances.psi(reference, live);
        Distances.Result result = switch (rule.method()) {
            case CHI_SQUARE -> Distances.chiSquare(reference, live);
            case PSI -> new Distances.Result(psi, Double.NaN);
            case JENSEN_SHANNON -> new Distances.Result(Distances.jensenShannon(reference, live), Double.NaN);
            case KS, WASSERSTEIN -> throw new IllegalStateException(rule.method().wire() + " does not judge categorical inputs");
        };
        return verdict(p, rule, result, psi, present, missing, ref.count());
    }

    private static InputDrift verdict(InputProfile p, DriftSettings.Rule rule, Distances.Result result, double psi, long present,
                                      long missing, long referenceValues) {
        boolean drifted = rule.method().isTest() ? result.pValue() < rule.threshold() : result.statistic() >= rule.threshold();
        return new InputDrift(p.name(), kind(p), rule.method(), rule.threshold(), result.statistic(),
                rule.method().isTest() ? result.pValue() : null, drifted, psi, InputDrift.psiLevel(psi), present, missing, referenceValues,
                drifted ? InputDrift.DRIFT : InputDrift.NO_DRIFT);
    }

    private static InputDrift notEnough(InputProfile p, DriftSettings.Rule rule, long present, long missing, long referenceValues) {
        return new InputDrift(p.name(), kind(p), rule.method(), rule.threshold(), null, null, null, null, null, present, missing,
                referenceValues, InputDrift.NOT_ENOUGH_DATA);
    }

    private static String kind(InputProfile p) {
        return p.kind().name().toLowerCase(Locale.ROOT);
    }

    private static float[] nan(int rows) {
        float[] out = new float[rows];
        java.util.Arrays.fill(out, Float.NaN);
        return out;
    }
}
