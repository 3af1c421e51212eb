package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted preprocessing pipeline: turns raw records (or a whole {@link Table}) into the
 * feature vectors a model was trained on, and labels into class indices. It is fitted once on
 * training data ({@link PipelineFitter}) and saved inside the model bundle as JSON.
 *
 * <p>Defined behaviour at prediction time: a field absent from the record, null or blank is
 * missing and gets the fitted imputation (or NaN for trees); an unseen category goes to the
 * one-hot "other" bucket, or to the ordinal unknown code; fields the model does not use are
 * ignored; text in a numeric field is an {@link InvalidRecordException}.
 *
 * @param inputs   the raw fields read, in order (the input schema)
 * @param encoders one encoder per input, writing consecutive features
 * @param target   the label column (null for unsupervised detectors)
 * @param classes  class names; a label's index in this list is its class index (empty without target)
 * @param dropped  training columns left out on purpose (identifiers, leaky columns): a record may
 *                 still carry them, like its label (empty in bundles written before it was kept)
 */
public record Pipeline(List<InputField> inputs, List<FeatureEncoder> encoders, String target, List<String> classes,
                       List<String> dropped) {

    /** More classes than any security label has; a measurement chosen as target has thousands (one tree per class and round). */
    public static final int MAX_CLASSES = 200;

    public Pipeline {
        inputs = List.copyOf(inputs);
        encoders = List.copyOf(encoders);
        classes = List.copyOf(classes);
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    /** True for a field of the training records the model does not read: the label or a dropped column. */
    public boolean isLeftOut(String field) {
        return field.equals(target) || dropped.contains(field);
    }

    /** Fits a pipeline on training data. */
    public static Pipeline fit(Table table, PipelineSpec spec) {
        return PipelineFitter.fit(table, spec);
    }

    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (FeatureEncoder e : encoders) names.addAll(e.outputNames());
        return names;
    }

    public int featureCount() {
        int n = 0;
        for (FeatureEncoder e : encoders) n += e.width();
        return n;
    }

    /** Encodes every row of a table; a column the table lacks is missing in every row. */
    public FeatureMatrix transform(Table table) {
        int cols = featureCount();
        int rows = table.rowCount();
        float[] data = new float[Math.multiplyExact(rows, cols)];
        int offset = 0;
        for (FeatureEncoder encoder : encoders) {
            Column column = table.has(encoder.column()) ? table.column(encoder.column()) : null;
            if (column == null) column = new NumericColumn(encoder.column(), nanColumn(rows));
            encoder.encodeColumn(column, data, cols, offset);
            offset += encoder.width();
        }
        return new FeatureMatrix(data, rows, cols, featureNames());
    }

    /** Encodes one raw record (field name to Number / String / Boolean / null). */
    public float[] encode(Map<String, ?> record) {
        return encode(record, new float[featureCount()]);
    }

    /** Encodes one raw record into {@code out} (length {@link #featureCount()}), allocation-free. */
    public float[] encode(Map<String, ?> record, float[] out) {
        int offset = 0;
        for (FeatureEncoder encoder : encoders) {
            encoder.encodeValue(record.get(encoder.column()), out, offset);
            offset += encoder.width();
        }
        return out;
    }

    /** Encodes one row of text cells given in the order of {@link #inputs()}. */
    public float[] encodeRow(String[] cells) {
        if (cells.length != inputs.size()) {
            throw new InvalidRecordException("expected " + inputs.size() + " cells " + inputNames() + ", got " + cells.length);
        }
        float[] out = new float[featureCount()];
        int offset = 0;
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).encodeValue(cells[i], out, offset);
            offset += encoders.get(i).width();
        }
        return out;
    }

    public List<String> inputNames() {
        return inputs.stream().map(InputField::name).toList();
    }

    /**
     * The required inputs (those the training data always had, see {@link InputField#optional()})
     * that data with these columns lacks: empty when it can be scored.
     */
    public List<String> requiredInputsMissingFrom(java.util.Collection<String> columns) {
        return inputs.stream().filter(i -> !i.optional() && !columns.contains(i.name())).map(InputField::name).toList();
    }

    public int classIndex(String label) {
        int i = classes.indexOf(label);
        if (i < 0) throw new IllegalArgumentException("unknown class '" + label + "' (classes: " + classes + ")");
        return i;
    }

    /** Class index of every row's label; a missing or unknown label is an error naming the row. */
    public int[] labels(Table table) {
        if (target == null) throw new IllegalStateException("this pipeline has no target column");
        Column column = table.column(target);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int[] y = new int[table.rowCount()];
        if (column instanceof CategoricalColumn c) {
            int[] byCode = new int[c.dictionary().size()];
            for (int code = 0; code < byCode.length; code++) byCode[code] = index.getOrDefault(c.dictionary().get(code), -1);
            for (int r = 0; r < y.length; r++) {
                y[r] = c.code(r) < 0 ? -1 : byCode[c.code(r)];
                if (y[r] < 0) throw badLabel(r, c.text(r));
            }
        } else {
            for (int r = 0; r < y.length; r++) {
                Integer i = column.text(r) == null ? null : index.get(column.text(r));
                if (i == null) throw badLabel(r, column.text(r));
                y[r] = i;
            }
        }
        return y;
    }

    private IllegalArgumentException badLabel(int row, String label) {
        return new IllegalArgumentException("row " + (row + 1) + ": " + (label == null ? "missing label" : "unknown label '" + label + "'")
                + " in '" + target + "' (classes: " + classes + ")");
    }

    private static double[] nanColumn(int rows) {
        double[] values = new double[rows];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }
}
