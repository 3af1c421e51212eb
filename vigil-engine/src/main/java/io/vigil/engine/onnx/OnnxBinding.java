package io.vigil.engine.onnx;

import java.util.List;

/**
 * How an imported ONNX graph reads records: each record field (a column) and the graph input
 * (tensor) it goes to, and which output holds the class probabilities. Given by whoever imports the
 * graph, completed by {@link OnnxImport} (category values read from the graph, the output found)
 * and stored beside the graph in the bundle ({@code binding.json}).
 *
 * @param inputs  the columns in order; columns sharing a tensor fill its second dimension in this order
 * @param classes the class names in the order of the probabilities' columns (null: the graph's
 *                {@value OnnxExport#CLASSES} metadata, which Vigil's exports carry)
 * @param output  the graph output of probabilities {@code [N, classes]} (null: {@code probabilities}, or the only fitting one)
 */
public record OnnxBinding(List<Input> inputs, List<String> classes, String output) {

    public OnnxBinding {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        classes = classes == null ? null : List.copyOf(classes);
    }

    /**
     * @param column the record field
     * @param tensor the graph input it goes to (null: the input named as the column)
     * @param type   {@code numeric} or {@code category}
     * @param values a category's known values (null: read from the graph's encoder of that input);
     *               any other value reaches the graph as one none of them is, a missing one as {@code ""}
     */
    public record Input(String column, String tensor, String type, List<String> values) {
        public static final String NUMERIC = "numeric";
        public static final String CATEGORY = "category";

        public String tensorName() {
            return tensor == null || tensor.isBlank() ? column : tensor;
        }

        public boolean isCategory() {
            return CATEGORY.equals(type);
        }
    }
}
