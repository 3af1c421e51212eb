package io.vigil.engine.features;

/** How a categorical column becomes numbers. */
public enum CategoricalEncoding {
    /** One 0/1 feature per frequent value, plus an "other" bucket for the rest and for unseen values. */
    ONE_HOT,
    /** One feature holding the value's code (by descending frequency); good enough for trees. */
    ORDINAL
}
