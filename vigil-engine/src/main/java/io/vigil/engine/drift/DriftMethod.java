package io.vigil.engine.drift;

import io.vigil.engine.table.ColumnKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one input's live values are compared with its reference. A test ({@link #KS},
 * {@link #CHI_SQUARE}) finds drift when its p-value is below the threshold; a distance
 * ({@link #JENSEN_SHANNON}, {@link #PSI}, {@link #WASSERSTEIN}) when it reaches the threshold.
 * Default thresholds are Evidently's.
 */
public enum DriftMethod {
    /** Two-sample Kolmogorov-Smirnov test against the reference sample (numeric inputs). */
    KS("ks", 0.05, true, true, false),
    /** Pearson's chi-square test that reference and live counts share one distribution (categories, or a numeric input's bins). */
    CHI_SQUARE("chisquare", 0.05, true, true, true),
    /** Jensen-Shannon distance (base 2, from 0 to 1) over the reference bins or categories. */
    JENSEN_SHANNON("jensenshannon", 0.1, false, true, true),
    /** Population stability index over the reference bins or categories. */
    PSI("psi", 0.1, false, true, true),
    /** Wasserstein distance to the reference sample, divided by the reference's standard deviation (numeric inputs). */
    WASSERSTEIN("wasserstein", 0.1, false, true, false);

    /** Reference values up to which the statistical tests are the defaults (Evidently's rule). */
    public static final long SMALL_REFERENCE = 1_000;
    /** Distinct values up to which a numeric input is judged like a categorical one (Evidently's rule). */
    public static final long FEW_VALUES = 5;

    private final String wire;
    private final double defaultThreshold;
    private final boolean pValue;
    private final boolean numeric;
    private final boolean categorical;

    DriftMethod(String wire, double defaultThreshold, boolean pValue, boolean numeric, boolean categorical) {
        this.wire = wire;
        this.defaultThreshold = defaultThreshold;
        this.pValue = pValue;
        this.numeric = numeric;
        this.categorical = categorical;
    }

    /** The name in settings and answers: {@code ks}, {@code chisquare}, ... */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return wire;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether the statistic is judged by its p-value (below the threshold is drift), not by its size. */
    public boolean isTest() {
        return pValue;
    }

    public boolean appliesTo(ColumnKind kind) {
        return kind == ColumnKind.NUMERIC ? numeric : categorical;
    }

    /** Whether {@code value} can be this method's threshold: a p-value in (0, 1), a Jensen-Shannon distance in (0, 1], else (0, 100]. */
    public boolean acceptsThreshold(double value) {
        if (!Double.isFinite(value) || value <= 0) return false;
        if (pValue) return value < 1;
        return this == JENSEN_SHANNON ? value <= 1 : value <= 100;
    }

    /**
     * Evidently's choice ({@code _get_default_stattest}): with at most {@value #SMALL_REFERENCE}
     * reference values, Kolmogorov-Smirnov for a numeric input and chi-square for a categorical one
     * or a numeric one of at most {@value #FEW_VALUES} distinct values; with more, the normed
     * Wasserstein distance for a numeric input and Jensen-Shannon for the others. Evidently counts
     * distinct values in reference and live data together, Vigil in the reference alone, so that a
     * version always judges an input the same way.
     */
    public static DriftMethod auto(ColumnKind kind, long referenceValues, long distinctValues) {
        boolean categoryLike = kind == ColumnKind.CATEGORICAL || distinctValues <= FEW_VALUES;
        if (referenceValues <= SMALL_REFERENCE) return categoryLike ? CHI_SQUARE : KS;
        return categoryLike ? JENSEN_SHANNON : WASSERSTEIN;
    }

    /** The method named {@code name} (case-insensitive), or null. */
    public static DriftMethod named(String name) {
        if (name == null) return null;
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (DriftMethod m : values()) {
            if (m.wire.equals(wanted)) return m;
        }
        return null;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(DriftMethod::wire).toList();
    }
}
