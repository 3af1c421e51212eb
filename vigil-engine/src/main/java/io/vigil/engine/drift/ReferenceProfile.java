package io.vigil.engine.drift;

import io.vigil.engine.ModelJson;
import io.vigil.engine.features.InputField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a model version saw at training time, kept in its bundle ({@code reference-profile.json}) so
 * that live traffic can be compared with it: each input's distribution as the training rows had it
 * (after the split, before encoding), and the distribution of the model's own predictions on those
 * rows (class frequencies, or a detector's anomaly scores). Computed by {@link ReferenceProfiler};
 * compared with a window of live rows by {@link DriftDetector}.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param rows          reference rows (the training rows the model saw)
 * @param seed          the training seed, which drew the numeric samples
 * @param bins          numeric bins asked for (an input with repeated values has fewer)
 * @param sampleSize    numeric values sampled at most per input
 * @param topCategories categories kept at most per input (the rest are "other")
 * @param inputs        one profile per model input, in the model's input order
 * @param prediction    the predictions' profile: categorical over the classes, or numeric over anomaly scores
 */
public record ReferenceProfile(int formatVersion, long rows, long seed, int bins, int sampleSize, int topCategories,
                               List<InputProfile> inputs, InputProfile prediction) {
    public static final int FORMAT_VERSION = 1;

    public ReferenceProfile {
        inputs = inputs == null ? null : List.copyOf(inputs);
    }

    /** The profile of input {@code name}, or null. */
    public InputProfile input(String name) {
        for (InputProfile p : inputs) {
            if (p.name().equals(name)) return p;
        }
        return null;
    }

    public byte[] toJson() {
        try {
            return ModelJson.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks a profile; {@link IllegalArgumentException} says what is wrong with it. */
    public static ReferenceProfile fromJson(byte[] json) {
        ReferenceProfile p;
        try {
            p = ModelJson.MAPPER.readValue(json, ReferenceProfile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reference profile (" + e.getMessage() + ")", e);
        }
        if (p == null) throw new IllegalArgumentException("the reference profile is empty");
        p.check();
        return p;
    }

    /** Refuses a profile this engine cannot compare with: a newer format, or parts that do not fit together. */
    public void check() {
        NumericSketch.require(formatVersion >= 1 && formatVersion <= FORMAT_VERSION, "reference profile format " + formatVersion
                + " is not one this engine reads (1 to " + FORMAT_VERSION + ")");
        NumericSketch.require(inputs != null && prediction != null, "the reference profile lacks its inputs or its prediction profile");
        NumericSketch.require(rows >= 0, "the reference profile has a negative row count");
        for (InputProfile input : inputs) {
            NumericSketch.require(input != null, "the reference profile lists an empty input");
            input.check();
        }
        prediction.check();
    }

    /** Refuses a profile whose inputs are not the model's, in the model's order. */
    public void checkMatches(List<InputField> modelInputs) {
        NumericSketch.require(modelInputs.size() == inputs.size(), "the reference profile has " + inputs.size()
                + " inputs, the model " + modelInputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            InputField field = modelInputs.get(i);
            InputProfile p = inputs.get(i);
            NumericSketch.require(field.name().equals(p.name()) && field.kind() == p.kind(), "the reference profile's input " + (i + 1)
                    + " is '" + p.name() + "' (" + p.kind() + "), the model's '" + field.name() + "' (" + field.kind() + ")");
        }
    }
}
