package io.vigil.server.monitoring.feedback;

import io.vigil.server.models.Binarize;
import java.util.List;

/**
 * Reads the true label a caller sent as a class of the version that made the prediction. A
 * classifier takes one of its classes, or a label its model's {@code binarize} maps to one (an
 * NSL-KDD attack name such as {@code neptune} is {@code attack}). A detector takes {@code normal}
 * or {@code anomaly}, the boolean {@code anomaly}, or a label of the data it was checked against
 * ({@code attack} for a detector trained on labelled flows).
 */
final class ActualLabels {
    private static final int NAMES_SHOWN = 20;

    /** The class the label names, or why it names none. */
    record Reading(String label, String refusal) {
        static Reading of(String label) {
            return new Reading(label, null);
        }

        static Reading refused(String why) {
            return new Reading(null, why);
        }
    }

    private ActualLabels() {}

    /**
     * {@code actualLabel} (text, or null) and {@code anomaly} (or null) as a class of {@code v};
     * {@code version} names the model version in a refusal.
     */
    static Reading read(VersionClasses.Of v, Binarize binarize, String actualLabel, Boolean anomaly, String version) {
        if (!v.detector()) {
            if (anomaly != null) {
                return Reading.refused("'anomaly' is for anomaly detectors; " + version + " is a classifier: send actualLabel, one of "
                        + names(v.classes()));
            }
            String mapped = binarize == null ? null : binarize.apply(actualLabel);
            if (v.classes().contains(actualLabel)) {
                return Reading.of(actualLabel);
            }
            if (mapped != null && v.classes().contains(mapped)) {
                return Reading.of(mapped);
            }
            return Reading.refused("'" + actualLabel + "' is not a class of " + version + " (classes: " + names(v.classes()) + ")");
        }
        String fromFlag = anomaly == null ? null : v.classes().get(anomaly ? 1 : 0);
        if (actualLabel == null) {
            return Reading.of(fromFlag);
        }
        String fromLabel = detectorClass(v, binarize, actualLabel);
        if (fromLabel == null) {
            return Reading.refused("'" + actualLabel + "' is not a label of " + version + ", an anomaly detector: send "
                    + String.join(" or ", v.classes()) + (v.labelNames().isEmpty() ? "" : " (or its data's labels " + names(v.labelNames()) + ")")
                    + ", or \"anomaly\": true or false");
        }
        if (fromFlag != null && !fromFlag.equals(fromLabel)) {
            return Reading.refused("actualLabel '" + actualLabel + "' and \"anomaly\": " + anomaly + " disagree");
        }
        return Reading.of(fromLabel);
    }

    /** The detector class a label names: the class itself (any case), or its data's label in the same place. */
    private static String detectorClass(VersionClasses.Of v, Binarize binarize, String label) {
        for (String c : v.classes()) {
            if (c.equalsIgnoreCase(label.strip())) {
                return c;
            }
        }
        int i = v.labelNames().indexOf(label);
        if (i < 0 && binarize != null) {
            i = v.labelNames().indexOf(binarize.apply(label));
        }
        return i >= 0 && i < v.classes().size() ? v.classes().get(i) : null;
    }

    private static String names(List<String> names) {
        return names.size() <= NAMES_SHOWN ? names.toString()
                : names.subList(0, NAMES_SHOWN).toString().replace("]", ", ... " + (names.size() - NAMES_SHOWN) + " more]");
    }
}
