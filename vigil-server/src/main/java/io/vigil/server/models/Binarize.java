package io.vigil.server.models;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;

/**
 * Turns a many-class label into a two-class one: {@code negativeClass} stays, every other label
 * becomes {@code positiveClass}. NSL-KDD's 23 attack names become "attack" against "normal" this way,
 * so a test set with attacks never seen in training still evaluates.
 */
public record Binarize(String negativeClass, String positiveClass) {
    public Binarize {
        if (positiveClass == null || positiveClass.isBlank()) {
            positiveClass = "attack";
        }
    }

    /** The classes as a request gave them: a named class that stays, and another for the rest. */
    void check(FieldErrors errors) {
        if (errors.required("binarize.negativeClass", negativeClass, "is required: the class that stays (e.g. normal)")
                && errors.name("binarize.negativeClass", negativeClass, RequestLimits.DATA_NAME_LENGTH)
                && errors.name("binarize.positiveClass", positiveClass, RequestLimits.DATA_NAME_LENGTH)
                && positiveClass.equals(negativeClass)) {
            errors.add("binarize.positiveClass", "must differ from negativeClass");
        }
    }

    public String apply(String label) {
        return label == null ? null : label.equals(negativeClass) ? negativeClass : positiveClass;
    }
}
