package io.vigil.engine.features;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to fit: the target column, the columns to drop (identifiers, leaky columns), and how to
 * impute, scale and encode. Immutable; the {@code with...} methods return modified copies.
 *
 * @param target             the label column; null for unsupervised detectors
 * @param drop               columns never used as features
 * @param imputation         numeric missing values
 * @param scaling            numeric rescaling
 * @param encoding           categorical encoding
 * @param maxOneHotValues    at most this many one-hot features per column; rarer values go to "other"
 * @param positiveClass      for binary targets, the class reported as positive (index 1); null = second in sort order
 * @param unseenStandsOut    ordinal encoding: a category never seen in training gets a code of its own,
 *                           past every known one, instead of the missing value's. For anomaly
 *                           detectors, where a protocol or service never seen before is a reason to
 *                           look, not something to fill in.
 */
public record PipelineSpec(String target, Set<String> drop, Imputation imputation, Scaling scaling,
                           CategoricalEncoding encoding, int maxOneHotValues, String positiveClass, boolean unseenStandsOut) {

    public PipelineSpec {
        drop = Set.copyOf(drop);
        Objects.requireNonNull(imputation, "imputation");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(encoding, "encoding");
        if (maxOneHotValues < 1) throw new IllegalArgumentException("maxOneHotValues must be >= 1, got " + maxOneHotValues);
        if (target != null && drop.contains(target)) throw new IllegalArgumentException("the target '" + target + "' cannot also be dropped");
    }

    /** Trees: missing values stay NaN (learned direction), no scaling, ordinal categories. */
    public static PipelineSpec forTrees(String target) {
        return new PipelineSpec(target, Set.of(), Imputation.NATIVE, Scaling.NONE, CategoricalEncoding.ORDINAL, 32, null, false);
    }

    /** Linear models and neural nets: mean imputation, standard scaling, one-hot (max 32 values per column). */
    public static PipelineSpec forLinear(String target) {
        return new PipelineSpec(target, Set.of(), Imputation.MEAN, Scaling.STANDARD, CategoricalEncoding.ONE_HOT, 32, null, false);
    }

    /**
     * Anomaly detectors: median imputation (isolation trees cannot route NaN), no scaling, ordinal
     * categories with unseen values standing out. {@code target} may be null; if given it is kept out of the features and used only
     * to evaluate the detector (its positive class should be the anomalous one).
     */
    public static PipelineSpec forDetectors(String target) {
        return new PipelineSpec(target, Set.of(), Imputation.MEDIAN, Scaling.NONE, CategoricalEncoding.ORDINAL, 32, null, true);
    }

    public PipelineSpec withTarget(String value) {
        return new PipelineSpec(value, drop, imputation, scaling, encoding, maxOneHotValues, positiveClass, unseenStandsOut);
    }

    public PipelineSpec withDrop(String... columns) {
        return new PipelineSpec(target, Set.copyOf(List.of(columns)), imputation, scaling, encoding, maxOneHotValues, positiveClass,
                unseenStandsOut);
    }

    public PipelineSpec withImputation(Imputation value) {
        return new PipelineSpec(target, drop, value, scaling, encoding, maxOneHotValues, positiveClass, unseenStandsOut);
    }

    public PipelineSpec withScaling(Scaling value) {
        return new PipelineSpec(target, drop, imputation, value, encoding, maxOneHotValues, positiveClass, unseenStandsOut);
    }

    public PipelineSpec withEncoding(CategoricalEncoding value) {
        return new PipelineSpec(target, drop, imputation, scaling, value, maxOneHotValues, positiveClass, unseenStandsOut);
    }

    public PipelineSpec withMaxOneHotValues(int value) {
        return new PipelineSpec(target, drop, imputation, scaling, encoding, value, positiveClass, unseenStandsOut);
    }

    public PipelineSpec withPositiveClass(String value) {
        return new PipelineSpec(target, drop, imputation, scaling, encoding, maxOneHotValues, value, unseenStandsOut);
    }
}
