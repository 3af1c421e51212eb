package io.vigil.server.serving;

import io.vigil.engine.features.InputField;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.ColumnKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One prediction as kept for monitoring: what came in, which model version answered and what it said. */
record PredictionRecord(Instant at, LoadedModel model, Map<String, Object> features, PredictionResult result) {

    /**
     * Splits a record's inputs by kind, in input order: numbers (NaN where missing) into
     * {@code numbers} from {@code n}, categories (null where missing) into {@code categories} from
     * {@code c}; the log's {@code numbers} and {@code categories} arrays. Returns how many numbers.
     */
    static int splitInputs(List<InputField> inputs, Map<String, Object> record, float[] numbers, int n, String[] categories,
                           int c) {
        int from = n;
        for (InputField input : inputs) {
            Object value = record.get(input.name());
            if (input.kind() == ColumnKind.NUMERIC) {
                numbers[n++] = (float) RecordValues.number(input.name(), value);
            } else {
                categories[c++] = RecordValues.category(value);
            }
        }
        return n - from;
    }

    /** A result's probabilities in the version's class order, into {@code out} from {@code at}. */
    static void probabilities(List<String> classes, PredictionResult result, float[] out, int at) {
        for (int k = 0; k < classes.size(); k++) {
            out[at + k] = result.probabilities().get(classes.get(k)).floatValue();
        }
    }
}
