package io.vigil.server.serving.scoring;

import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.FieldError;
import io.vigil.server.serving.models.LoadedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record for a model with window features carries the raw event (its key fields, its time and its
 * value columns, with the model's other inputs); the server computes the window features from the
 * entity's events and adds them to the record, which then goes through validation and scoring like
 * any other. The event updates the version's state only once the whole record is valid.
 */
final class WindowInputs {
    /** A record with its window features: what the model reads, the event for the log, the values for the answer. */
    record Windowed(Map<String, Object> record, WindowEvent event, Map<String, Double> values) {}

    private WindowInputs() {}

    /**
     * The problems of a record's event, each field named under {@code prefix}: its key fields and its
     * time present, the time a timestamp, value columns the model does not read otherwise numbers
     * (those it reads are the validator's), and no window column sent by the client.
     */
    static List<FieldError> check(LoadedModel model, Map<String, Object> record, String prefix) {
        if (record == null) {
            return List.of(); // the validator says what a record must be
        }
        WindowSpec spec = model.trained().windows().spec();
        List<FieldError> errors = new ArrayList<>();
        for (String key : spec.keys()) {
            if (!record.containsKey(key)) {
                errors.add(new FieldError(prefix + "." + key, "is required: the entity key of the model's window features"
                        + " (null: an event of no entity)"));
            }
        }
        Object time = record.get(spec.time());
        if (time == null || RecordValues.category(time) == null) {
            errors.add(new FieldError(prefix + "." + spec.time(), "is required: the event's time (ISO-8601 or epoch seconds)"));
        } else if (!readable(spec.time(), time)) {
            errors.add(new FieldError(prefix + "." + spec.time(), "must be a timestamp (ISO-8601, e.g. 2024-03-01T10:15:30Z) or epoch"
                    + " seconds, got '" + RecordValues.category(time) + "'"));
        }
        for (String column : spec.valueColumns()) {
            if (!model.inputFields().containsKey(column) && record.containsKey(column) && !readable(column, record.get(column))) {
                errors.add(new FieldError(prefix + "." + column, "must be a number"));
            }
        }
        for (String computed : model.windows().featureNames()) {
            if (record.containsKey(computed)) {
                errors.add(new FieldError(prefix + "." + computed, "is a window feature the server computes from the entity's events;"
                        + " leave it out"));
            }
        }
        return errors;
    }

    /** The record with a stand-in for each window feature, so that the validator finds every input of the model. */
    static Map<String, Object> withStandIns(LoadedModel model, Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>(record);
        for (String computed : model.windows().featureNames()) {
            out.put(computed, 0.0);
        }
        return out;
    }

    /** Takes the record's event into the version's state: the record with its window features (missing ones null). */
    static Windowed apply(LoadedModel model, Map<String, Object> record) {
        OnlineWindows state = model.windows();
        WindowEvent event = state.event(record);
        double[] features = state.update(event);
        Map<String, Object> out = new LinkedHashMap<>(record);
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> names = state.featureNames();
        for (int f = 0; f < features.length; f++) {
            Double v = Double.isNaN(features[f]) ? null : features[f];
            out.put(names.get(f), v);
            values.put(names.get(f), v);
        }
        return new Windowed(out, event, values);
    }

    private static boolean readable(String field, Object value) {
        try {
            RecordValues.number(field, value);
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }
}
