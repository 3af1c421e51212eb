package io.vigil.server.serving.scoring;

import io.vigil.engine.features.InputField;
import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the input tensors of an inference request into a table with one column per model input,
 * in input order: either one tensor per input (shape {@code [N]} or {@code [N, 1]}, named like the
 * input) or one {@code [N, F]} tensor whose columns follow the input order. The values follow the
 * pipeline's rules ({@link RecordValues}); every problem is listed before anything is scored.
 */
public final class TensorTable {
    private TensorTable() {}

    public static Table of(LoadedModel model, List<Tensor> tensors) {
        List<InputField> inputs = model.trained().pipeline().inputs();
        Tensor first = tensors.get(0);
        if (tensors.size() == 1 && first.shape() != null && first.shape().length == 2 && !model.inputFields().containsKey(first.name())) {
            return fromMatrix(model, first);
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        Map<String, String> sentAs = new HashMap<>(); // the name each tensor came under, by the name it matched
        long rows = -1;
        for (Tensor t : tensors) {
            long n = rowsOf(t);
            if (t.shape() != null && t.shape().length == 2 && t.shape()[1] != 1) {
                throw VigilException.badRequest("input '" + t.name() + "' has shape " + t.shapeText()
                        + "; one tensor per input is [N] or [N, 1], one tensor for all inputs is [N, " + inputs.size() + "]");
            }
            if (rows >= 0 && n != rows) {
                throw VigilException.badRequest("input '" + t.name() + "' has " + n + " rows, others have " + rows);
            }
            rows = n;
            String name = FieldNames.match(model, t.name());
            if (byName.put(name, t) != null) {
                String other = sentAs.get(name);
                throw VigilException.badRequest("input '" + t.name() + "' is given twice"
                        + (other.equals(t.name()) ? "" : " (also as '" + other + "': the same name once trimmed)"));
            }
            sentAs.put(name, t.name());
        }
        List<FieldError> errors = new ArrayList<>();
        FieldNames.Hints hints = new FieldNames.Hints(model);
        for (String name : byName.keySet()) {
            if (!FieldNames.known(model, name)) {
                errors.add(new FieldError(name, hints.unknown(name, "input")));
            }
        }
        for (InputField input : inputs) {
            if (!byName.containsKey(input.name()) && !input.optional()) {
                errors.add(new FieldError(input.name(), "is required (send null elements for unknown values)"));
            }
        }
        List<Column> columns = new ArrayList<>(inputs.size());
        int[] at = strided(0, 1, (int) rows);
        for (InputField input : inputs) {
            Tensor t = byName.get(input.name());
            if (t != null || input.optional()) {
                columns.add(column(input, t == null ? null : t.data(), at, errors));
            }
        }
        if (!errors.isEmpty()) {
            throw FeatureErrors.unprocessable(model, errors);
        }
        return new Table(columns);
    }

    private static Table fromMatrix(LoadedModel model, Tensor t) {
        List<InputField> inputs = model.trained().pipeline().inputs();
        long rows = rowsOf(t);
        if (t.shape()[1] != inputs.size()) {
            throw VigilException.badRequest("input '" + t.name() + "' has " + t.shape()[1] + " columns; the model takes "
                    + inputs.size() + ": " + inputs.stream().map(InputField::name).toList());
        }
        List<FieldError> errors = new ArrayList<>();
        List<Column> columns = new ArrayList<>(inputs.size());
        for (int c = 0; c < inputs.size(); c++) {
            columns.add(column(inputs.get(c), t.data(), strided(c, inputs.size(), (int) rows), errors));
        }
        if (!errors.isEmpty()) {
            throw FeatureErrors.unprocessable(model, errors);
        }
        return new Table(columns);
    }

    /** The rows of a tensor, after checking its shape against its data. */
    private static long rowsOf(Tensor t) {
        long size = t.data().size();
        if (t.shape() != null && t.declaredSize() != size) {
            throw VigilException.badRequest("input '" + t.name() + "' has shape " + t.shapeText() + " but " + size + " values");
        }
        long rows = t.shape() == null ? size : t.shape()[0];
        if (rows < 1 || rows > RequestLimits.PREDICTION_RECORDS) {
            throw VigilException.badRequest("input '" + t.name() + "' has " + rows + " rows; a request scores 1 to "
                    + RequestLimits.PREDICTION_RECORDS);
        }
        return rows;
    }

    /**
     * The records {@code rows} of a batch read by {@link Instances}, already validated: {@code byInput}
     * holds each input's column, in input order.
     */
    static Table of(LoadedModel model, RawColumn[] byInput, int[] rows) {
        List<InputField> inputs = model.trained().pipeline().inputs();
        List<FieldError> errors = new ArrayList<>();
        List<Column> columns = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            columns.add(column(inputs.get(i), byInput[i], rows, errors));
        }
        if (!errors.isEmpty()) {
            throw FeatureErrors.unprocessable(model, errors);
        }
        return new Table(columns);
    }

    private static int[] strided(int offset, int stride, int rows) {
        int[] at = new int[rows];
        for (int r = 0; r < rows; r++) {
            at[r] = offset + r * stride;
        }
        return at;
    }

    /**
     * Values {@code at[0]}, {@code at[1]}, ... as the input's column; the first bad value is reported.
     * An optional input no record has ({@code data} null), or a record left out, is missing.
     */
    private static Column column(InputField input, RawColumn data, int[] at, List<FieldError> errors) {
        String name = input.name();
        int rows = at.length;
        if (data == null) {
            if (input.kind() == ColumnKind.NUMERIC) {
                double[] missing = new double[rows];
                java.util.Arrays.fill(missing, Double.NaN);
                return new NumericColumn(name, missing);
            }
            int[] missing = new int[rows];
            java.util.Arrays.fill(missing, CategoricalColumn.MISSING);
            return new CategoricalColumn(name, missing, List.of());
        }
        if (input.kind() == ColumnKind.NUMERIC) {
            double[] values = new double[rows];
            for (int r = 0; r < rows; r++) {
                int i = at[r];
                if (data.isNumber(i)) {
                    values[r] = RecordValues.finite(data.number(i));
                } else {
                    Object v = data.value(i);
                    try {
                        values[r] = v == RawColumn.NULL || v == Instances.ABSENT ? Double.NaN : RecordValues.number(name, v);
                    } catch (InvalidRecordException e) {
                        errors.add(new FieldError(name, "row " + r + ": " + FeatureValidator.expected(input) + ", got '" + v + "'"));
                        break;
                    }
                }
                if (FeatureValidator.notTrueOrFalse(input, values[r])) {
                    errors.add(new FieldError(name, "row " + r + ": " + FeatureValidator.expected(input) + ", got "
                            + NumericColumn.text(values[r])));
                    break;
                }
            }
            return new NumericColumn(name, values);
        }
        int[] codes = new int[rows];
        Map<String, Integer> codeOf = new HashMap<>();
        List<String> dictionary = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Object v = data.value(at[r]);
            String category = v == RawColumn.NULL || v == Instances.ABSENT ? null : RecordValues.category(v);
            if (category == null) {
                codes[r] = CategoricalColumn.MISSING;
                continue;
            }
            Integer code = codeOf.get(category);
            if (code == null) {
                code = dictionary.size();
                codeOf.put(category, code);
                dictionary.add(category);
            }
            codes[r] = code;
        }
        return new CategoricalColumn(name, codes, dictionary);
    }
}
