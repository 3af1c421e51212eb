package io.vigil.engine.onnx;

import static io.vigil.engine.onnx.GraphBuilder.attr;
import static io.vigil.engine.onnx.GraphBuilder.floatsAttr;
import static io.vigil.engine.onnx.GraphBuilder.intsAttr;
import static io.vigil.engine.onnx.GraphBuilder.stringsAttr;

import io.vigil.engine.features.FeatureEncoder;
import io.vigil.engine.features.NumericEncoder;
import io.vigil.engine.features.OneHotEncoder;
import io.vigil.engine.features.OrdinalEncoder;
import io.vigil.engine.features.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.OnnxMl.TensorProto.DataType;

/**
 * A fitted {@link Pipeline} as ONNX operators: one graph input per raw column, named as the
 * column ({@code [N, 1]}: doubles for numeric inputs, strings for categories), and the float
 * features {@code [N, F]} the model reads, made exactly as the encoders make them:
 * <ul>
 * <li>numeric: an infinity is missing, a missing value (NaN) gets the fitted fill,
 *     {@code (x - center) / scale} in double, then float, an overflow saturated at the float range;</li>
 * <li>one-hot: {@code LabelEncoder} to the kept value's slot (the "other" slot by default), then
 *     a comparison with the slots' numbers, so a missing value without a fitted fill sets no slot;</li>
 * <li>ordinal: {@code LabelEncoder} to the value's code, the unknown code for a missing value, the
 *     unseen code by default.</li>
 * </ul>
 * A category reads as missing when it is one of {@link #MISSING_TOKENS} (the empty string first),
 * as Vigil reads a missing cell; the graph cannot trim or fold case, so send values trimmed.
 */
final class PipelineGraph {
    /** The spellings of a missing category the graph knows (Vigil's own test is case-insensitive and trims). */
    static final List<String> MISSING_TOKENS = List.of("", "?", "NA", "na", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL",
            "Null", "inf", "Inf", "INF", "+inf", "-inf", "Infinity", "+Infinity", "-Infinity", "infinity");

    private PipelineGraph() {
    }

    /** Adds the pipeline's inputs and encoders to {@code g}; returns the name of the feature tensor. */
    static String add(GraphBuilder g, Pipeline pipeline) {
        List<String> parts = new ArrayList<>();
        for (FeatureEncoder encoder : pipeline.encoders()) {
            String column = encoder.column();
            if (encoder instanceof NumericEncoder n) {
                g.input(column, DataType.DOUBLE, "numeric: a number (true/false as 1/0, a timestamp as epoch seconds); NaN when missing");
                parts.add(numeric(g, column, n));
            } else if (encoder instanceof OneHotEncoder h) {
                g.input(column, DataType.STRING, "category, trimmed; \"\" when missing");
                parts.add(oneHot(g, column, h));
            } else {
                g.input(column, DataType.STRING, "category, trimmed; \"\" when missing");
                parts.add(ordinal(g, column, (OrdinalEncoder) encoder));
            }
        }
        return parts.size() == 1 ? parts.get(0) : g.op("Concat", parts, attr("axis", 1L));
    }

    private static String numeric(GraphBuilder g, String x, NumericEncoder n) {
        String nan = g.doubles("nan", new double[] {Double.NaN});
        String v = g.op("Where", List.of(g.op("IsInf", List.of(x)), nan, x)); // an infinity reads as missing
        if (!Double.isNaN(n.fill())) {
            v = g.op("Where", List.of(g.op("IsNaN", List.of(v)), g.doubles("fill", new double[] {n.fill()}), v));
        }
        v = g.op("Sub", List.of(v, g.doubles("center", new double[] {n.center()})));
        v = g.op("Div", List.of(v, g.doubles("scale", new double[] {n.scale()})));
        String f = g.op("Cast", List.of(v), attr("to", (long) DataType.FLOAT.getNumber()));
        // beyond the float range: saturated, as NumericEncoder does (XGBoost refuses infinities)
        String saturated = g.op("Mul", List.of(g.op("Sign", List.of(f)), g.floats("float_max", new float[] {Float.MAX_VALUE})));
        return g.op("Where", List.of(g.op("IsInf", List.of(f)), saturated, f));
    }

    private static String oneHot(GraphBuilder g, String x, OneHotEncoder h) {
        List<String> values = h.values();
        Map<String, Long> slots = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) slots.putIfAbsent(values.get(i), (long) i);
        long other = values.size();
        // a missing value takes the fitted fill's slot (or "other" if the fill is not kept), or none
        long missing = h.missingValue() == null ? -1 : slots.getOrDefault(h.missingValue(), other);
        for (String token : MISSING_TOKENS) slots.putIfAbsent(token, missing);
        String slot = g.ml("LabelEncoder", List.of(x), stringsAttr("keys_strings", List.copyOf(slots.keySet())),
                intsAttr("values_int64s", slots.values().stream().mapToLong(Long::longValue).toArray()), attr("default_int64", other));
        long[] numbers = new long[values.size() + 1];
        for (int i = 0; i < numbers.length; i++) numbers[i] = i;
        String hot = g.op("Equal", List.of(slot, g.longs("slots", numbers, 1, numbers.length)));
        return g.op("Cast", List.of(hot), attr("to", (long) DataType.FLOAT.getNumber()));
    }

    private static String ordinal(GraphBuilder g, String x, OrdinalEncoder o) {
        Map<String, Float> codes = new LinkedHashMap<>();
        for (int i = 0; i < o.values().size(); i++) codes.putIfAbsent(o.values().get(i), (float) i);
        for (String token : MISSING_TOKENS) codes.putIfAbsent(token, o.unknownCode());
        float unseen = o.unseenCode() != null ? o.unseenCode() : o.unknownCode();
        float[] values = new float[codes.size()];
        int i = 0;
        for (float c : codes.values()) values[i++] = c;
        return g.ml("LabelEncoder", List.of(x), stringsAttr("keys_strings", List.copyOf(codes.keySet())), floatsAttr("values_floats", values),
                attr("default_float", unseen));
    }
}
