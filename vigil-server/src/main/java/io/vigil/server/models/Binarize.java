package io.vigil.server.models;

/**
 * Turns a many-class label into a two-class one: {@code negativeClass} stays, every other label
 * becomes {@code positiveClass}. NSL-KDD's 23 attack names become "attack" against "normal" this way,
 * so a test set with attacks never seen in training still evaluates.
 */
public record Binarize(String negativeClass, String positiveClass) {
    public Binarize {
        if (negativeClass == null || negativeClass.isBlank()) {
            throw new IllegalArgumentException("binarize.negativeClass is required");
        }
        if (positiveClass == null || positiveClass.isBlank()) {
            positiveClass = "attack";
        }
        if (positiveClass.equals(negativeClass)) {
            throw new IllegalArgumentException("binarize.positiveClass must differ from negativeClass");
        }
    }

    public String apply(String label) {
        return label == null ? null : label.equals(negativeClass) ? negativeClass : positiveClass;
    }
}
