package io.vigil.engine.features;

/** How a missing numeric value is filled at training and prediction time. */
public enum Imputation {
    MEAN,
    MEDIAN,
    MOST_FREQUENT,
    /** Leave it as NaN: for algorithms that learn where missing values go (tree ensembles). */
    NATIVE
}
