package io.vigil.server.serving.scoring;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.server.core.FieldError;
import io.vigil.server.serving.models.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks one record against a model's input schema before it is encoded: every required input must
 * be present (null means "missing, impute it"; an input the training data lacked in some rows may
 * be left out, as a sparse log leaves out what a line does not have), no field the model does not
 * know (its label and the columns dropped for training are known, and ignored), and numeric inputs
 * get numbers. Every problem is listed, so a caller fixes a record in one go.
 */
public final class FeatureValidator {
    private FeatureValidator() {}

    /** The problems of {@code record}, each field named under {@code prefix}; empty when it is valid. */
    static List<FieldError> check(LoadedModel model, Map<String, Object> record, String prefix) {
        if (record == null) {
            return List.of(new FieldError(prefix, "must be an object of feature name to value"));
        }
        List<FieldError> errors = null;
        FieldNames.Hints hints = null;
        int known = 0;
        for (Map.Entry<String, Object> e : record.entrySet()) {
            InputField input = model.inputFields().get(e.getKey());
            if (input == null && (model.isLeftOut(e.getKey()) || EntityFields.isEntityKey(e.getKey()))) {
                continue; // e.g. the full event with its identifiers, or a labelled record replayed
            }
            if (input == null) {
                hints = hints == null ? new FieldNames.Hints(model) : hints;
                errors = add(errors, prefix + "." + e.getKey(), hints.unknown(e.getKey(), "feature"));
            } else {
                known++;
                String problem = typeProblem(input, e.getValue());
                if (problem != null) {
                    errors = add(errors, prefix + "." + e.getKey(), problem);
                }
            }
        }
        if (known < model.inputNames().size()) { // as many known fields as inputs means none is missing
            List<FieldError> missing = null;
            List<String> names = model.inputNames();
            for (int i = 0; i < names.size(); i++) {
                if (!model.isOptional(i) && !record.containsKey(names.get(i))) {
                    missing = add(missing, prefix + "." + names.get(i), "is required (send null for an unknown value)");
                }
            }
            if (missing != null && errors != null) {
                missing.addAll(errors); // missing fields first, then the others
            }
            errors = missing != null ? missing : errors;
        }
        return errors == null ? List.of() : errors;
    }

    /** A field of a batch the model does not know: its column, and what to say of it (said once per batch). */
    record UnknownField(String name, RawColumn column, String message) {}

    /**
     * The problems of record {@code row} of a batch read by columns, by the same rules as
     * {@link #check(LoadedModel, Map, String)}. {@code byInput} holds each input's column (null when
     * no record has it), {@code unknown} the fields the model does not know.
     */
    static List<FieldError> check(LoadedModel model, Instances in, RawColumn[] byInput, List<UnknownField> unknown, int row) {
        if (!in.isObject(row)) {
            return List.of(new FieldError("instances[" + row + "]", "must be an object of feature name to value"));
        }
        List<FieldError> errors = null;
        List<String> names = model.inputNames();
        for (int i = 0; i < byInput.length; i++) {
            if ((byInput[i] == null || byInput[i].value(row) == Instances.ABSENT) && !model.isOptional(i)) {
                errors = add(errors, "instances[" + row + "]." + names.get(i), "is required (send null for an unknown value)");
            }
        }
        for (int i = 0; i < byInput.length; i++) {
            RawColumn column = byInput[i];
            if (column == null) {
                continue;
            }
            if (column.isNumber(row)) { // a number fits any input, but a true/false one takes only 1 and 0
                InputField input = model.inputFields().get(names.get(i));
                if (notTrueOrFalse(input, column.number(row))) {
                    errors = add(errors, "instances[" + row + "]." + names.get(i), expected(input) + ", got " + NumericColumn.text(column.number(row)));
                }
                continue;
            }
            Object v = column.value(row);
            String problem = v == Instances.ABSENT ? null : typeProblem(model.inputFields().get(names.get(i)),
                    v == RawColumn.NULL ? null : v);
            if (problem != null) {
                errors = add(errors, "instances[" + row + "]." + names.get(i), problem);
            }
        }
        for (UnknownField field : unknown) {
            if (field.column().value(row) != Instances.ABSENT) {
                errors = add(errors, "instances[" + row + "]." + field.name(), field.message());
            }
        }
        return errors == null ? List.of() : errors;
    }

    private static String typeProblem(InputField input, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof NestedValue nested) { // a category reads its JSON text, as a JSON Lines upload trained it
            return input.kind() == ColumnKind.CATEGORICAL ? null : "must be a single value, not an " + (nested.object() ? "object" : "array");
        }
        if (input.kind() == ColumnKind.NUMERIC && !(value instanceof Number) && !(value instanceof Boolean) && !isNumericText(value)) {
            return expected(input) + ", got " + (value instanceof String s ? "'" + s + "'" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        if (input.valueType() == ColumnType.BOOLEAN && !(value instanceof Boolean)
                && notTrueOrFalse(input, value instanceof Number n ? n.doubleValue() : RecordValues.number("", value))) {
            return expected(input) + ", got " + (value instanceof String s ? "'" + s + "'" : value);
        }
        return null;
    }

    /**
     * Whether {@code v}, a true/false input's value read as a number, is neither 1 nor 0 (nor missing):
     * a 2 or a 0.5 would fall on one side of the input's splits or the other, silently.
     */
    static boolean notTrueOrFalse(InputField input, double v) {
        return input.valueType() == ColumnType.BOOLEAN && v == v && v != 0 && v != 1;
    }

    /** What a numeric input takes, in the words of the column it was trained on. */
    static String expected(InputField input) {
        return switch (input.valueType()) {
            case BOOLEAN -> "must be true or false (or yes/no, 1/0)";
            case TIMESTAMP -> "must be a timestamp (ISO-8601 such as 2026-11-02T00:00:00Z, or epoch seconds)";
            default -> "must be a number";
        };
    }

    /** Text the engine reads as a number, a timestamp or a missing value: one rule, {@link RecordValues#number}. */
    private static boolean isNumericText(Object value) {
        if (!(value instanceof String)) {
            return false;
        }
        try {
            RecordValues.number("", value);
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    private static List<FieldError> add(List<FieldError> errors, String field, String message) {
        List<FieldError> list = errors == null ? new ArrayList<>() : errors;
        list.add(new FieldError(field, message));
        return list;
    }
}
