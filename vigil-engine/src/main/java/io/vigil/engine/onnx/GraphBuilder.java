package io.vigil.engine.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.TypeProto;
import onnx.OnnxMl.ValueInfoProto;

/**
 * One ONNX graph under construction, through the classes protobuf generated from ONNX's own
 * {@code onnx-ml.proto}: nodes with fresh value names, constants as initializers, typed inputs
 * and outputs. Keeps the exporters free of protobuf's builder noise.
 */
final class GraphBuilder {
    static final String ML = "ai.onnx.ml";
    /** The batch dimension of every input and output. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** A value name no other value of this graph has. */
    String fresh(String hint) {
        return hint + "_" + counter++;
    }

    /** A node of the default domain with one output; returns the output's name. */
    String op(String type, List<String> inputs, AttributeProto... attributes) {
        return node(type, "", inputs, attributes);
    }

    /** A node of the {@code ai.onnx.ml} domain with one output. */
    String ml(String type, List<String> inputs, AttributeProto... attributes) {
        return node(type, ML, inputs, attributes);
    }

    private String node(String type, String domain, List<String> inputs, AttributeProto... attributes) {
        String out = fresh(type.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(out).setDomain(domain).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return out;
    }

    /** A node writing {@code output}, a name chosen by the caller (the graph's outputs). */
    void named(String type, String domain, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(output).setDomain(domain).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
    }

    String doubles(String hint, double[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return initializer(hint, TensorProto.DataType.DOUBLE, b.array(), dims);
    }

    String floats(String hint, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return initializer(hint, TensorProto.DataType.FLOAT, b.array(), dims);
    }

    String longs(String hint, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return initializer(hint, TensorProto.DataType.INT64, b.array(), dims);
    }

    private String initializer(String hint, TensorProto.DataType type, byte[] raw, long... dims) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t);
        return name;
    }

    void input(String name, TensorProto.DataType type, String doc) {
        input(name, type, doc, 1);
    }

    /** An input of {@code [N, width]}. */
    void input(String name, TensorProto.DataType type, String doc, long width) {
        graph.addInput(value(name, type, doc, width));
    }

    void output(String name, TensorProto.DataType type, String doc, Long... trailing) {
        graph.addOutput(value(name, type, doc, trailing));
    }

    /** A tensor of {@code [N, trailing...]}; a null trailing dimension is left unnamed. */
    private static ValueInfoProto value(String name, TensorProto.DataType type, String doc, Long... trailing) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (Long d : trailing) {
            shape.addDim(d == null ? TensorShapeProto.Dimension.newBuilder() : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setDocString(doc).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    // ---- attributes

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto intsAttr(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto floatsAttr(String name, float[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) a.addFloats(v);
        return a.build();
    }

    static AttributeProto stringsAttr(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        return a.build();
    }

    /** A tensor attribute of doubles (a one-dimensional tensor), such as the tree ensembles' {@code *_as_tensor}. */
    static AttributeProto doublesAttr(String name, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE.getNumber()).addDims(values.length)
                .setRawData(ByteString.copyFrom(b.array())).build();
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }
}
