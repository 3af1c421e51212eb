package io.vigil.server.grpc;

import com.google.protobuf.ByteString;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import io.vigil.engine.features.InputField;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.scoring.RawColumn;
import io.vigil.server.serving.scoring.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input tensors of a {@code ModelInferRequest}, from their typed {@code contents} or from
 * {@code raw_input_contents} (little-endian, row-major; BYTES elements each after a 4-byte length),
 * each checked against its datatype and shape: a mistake is a bad request naming the tensor. The
 * values become serving's {@link Tensor}s (scored by columns) or records (scored one by one).
 * A NaN is a missing value, as {@code null} is in JSON.
 */
final class InferInputs {
    private final List<Input> inputs;
    private final int rows;

    private InferInputs(List<Input> inputs, int rows) {
        this.inputs = inputs;
        this.rows = rows;
    }

    /** One tensor's values: numbers in {@code numbers}, or text and booleans in {@code others}. */
    record Input(String name, String datatype, long[] shape, double[] numbers, Object[] others) {
        int size() {
            return numbers != null ? numbers.length : others.length;
        }

        Object value(int i) {
            if (numbers == null) {
                return others[i];
            }
            double v = numbers[i];
            return Double.isNaN(v) ? null : (Object) v;
        }

        Tensor tensor() {
            RawColumn column = new RawColumn();
            column.reserve(size());
            for (int i = 0; i < size(); i++) {
                if (numbers != null) {
                    column.addNumber(numbers[i]);
                } else {
                    column.addOther(others[i]);
                }
            }
            return new Tensor(name, datatype, shape, column);
        }
    }

    static InferInputs read(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            throw VigilException.badRequest("the request has no inputs: send one tensor per model input (see ModelMetadata), "
                    + "or one [N, F] tensor in the model's input order");
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw VigilException.badRequest("raw_input_contents has " + request.getRawInputContentsCount() + " entries for "
                    + request.getInputsCount() + " inputs: give one per input, in the same order");
        }
        List<Input> inputs = new ArrayList<>(request.getInputsCount());
        int rows = -1;
        for (int t = 0; t < request.getInputsCount(); t++) {
            InferInputTensor tensor = request.getInputs(t);
            if (raw && tensor.hasContents() && contentCount(tensor.getContents()) > 0) {
                throw VigilException.badRequest("input '" + tensor.getName() + "' has contents while raw_input_contents is used: "
                        + "give all inputs one way");
            }
            Input input = raw ? fromRaw(tensor, request.getRawInputContents(t)) : fromContents(tensor);
            int n = rowsOf(input);
            if (rows >= 0 && n != rows) {
                throw VigilException.badRequest("input '" + input.name() + "' has " + n + " rows, others have " + rows);
            }
            rows = n;
            inputs.add(input);
        }
        return new InferInputs(inputs, rows);
    }

    int rows() {
        return rows;
    }

    List<Tensor> tensors() {
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (Input input : inputs) {
            tensors.add(input.tensor());
        }
        return tensors;
    }

    /**
     * The rows as records named like the model's inputs, as {@code /ml/predict} takes them: one tensor
     * per input, or one [N, F] matrix in the model's input order.
     */
    List<Map<String, Object>> records(LoadedModel model) {
        List<Map<String, Object>> records = new ArrayList<>(rows);
        Input first = inputs.get(0);
        boolean matrix = inputs.size() == 1 && first.shape() != null && first.shape().length == 2 && first.shape()[1] != 1
                && !model.inputFields().containsKey(first.name());
        List<InputField> order = model.trained().pipeline().inputs();
        if (matrix && first.shape()[1] != order.size()) {
            throw VigilException.badRequest("input '" + first.name() + "' has " + first.shape()[1] + " columns; the model takes "
                    + order.size() + ": " + order.stream().map(InputField::name).toList());
        }
        for (int r = 0; r < rows; r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            if (matrix) {
                for (int c = 0; c < order.size(); c++) {
                    record.put(order.get(c).name(), first.value(r * order.size() + c));
                }
            } else {
                for (Input input : inputs) {
                    if (input.shape() != null && input.shape().length == 2 && input.shape()[1] != 1) {
                        throw VigilException.badRequest("input '" + input.name() + "' has shape " + java.util.Arrays.toString(input.shape())
                                + "; one tensor per input is [N] or [N, 1], one tensor for all inputs is [N, " + order.size() + "]");
                    }
                    record.put(input.name(), input.value(r));
                }
            }
            records.add(record);
        }
        return records;
    }

    /** The rows a tensor holds, once its shape is checked against its values. */
    private static int rowsOf(Input input) {
        long size = input.size();
        long[] shape = input.shape();
        if (shape != null) {
            long declared = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw VigilException.badRequest("input '" + input.name() + "' has shape " + java.util.Arrays.toString(shape)
                            + ": a request's dimensions are not negative");
                }
                declared *= d;
            }
            if (declared != size) {
                throw VigilException.badRequest("input '" + input.name() + "' has shape " + java.util.Arrays.toString(shape) + " but "
                        + size + " values");
            }
            if (shape.length > 2) {
                throw VigilException.badRequest("input '" + input.name() + "' has shape " + java.util.Arrays.toString(shape)
                        + "; an input is [N], [N, 1] or, for all inputs at once, [N, F]");
            }
        }
        long rows = shape == null ? size : shape[0];
        if (rows < 1 || rows > RequestLimits.PREDICTION_RECORDS) {
            throw VigilException.badRequest("input '" + input.name() + "' has " + rows + " rows; a request scores 1 to "
                    + RequestLimits.PREDICTION_RECORDS);
        }
        return (int) rows;
    }

    private static long[] shape(InferInputTensor t) {
        if (t.getShapeCount() == 0) {
            return null; // left out: the values decide
        }
        long[] shape = new long[t.getShapeCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getShape(i);
        }
        return shape;
    }

    private static Input fromContents(InferInputTensor t) {
        InferTensorContents c = t.getContents();
        String type = t.getDatatype();
        String name = t.getName();
        long[] shape = shape(t);
        int expected = switch (type) {
            case "BOOL" -> c.getBoolContentsCount();
            case "INT8", "INT16", "INT32" -> c.getIntContentsCount();
            case "INT64" -> c.getInt64ContentsCount();
            case "UINT8", "UINT16", "UINT32" -> c.getUintContentsCount();
            case "UINT64" -> c.getUint64ContentsCount();
            case "FP32" -> c.getFp32ContentsCount();
            case "FP64" -> c.getFp64ContentsCount();
            case "BYTES" -> c.getBytesContentsCount();
            case "FP16", "BF16" -> throw VigilException.badRequest("input '" + name + "' is " + type
                    + ", which has no contents field: send FP32 or FP64");
            default -> throw unknownType(name, type);
        };
        if (expected != contentCount(c)) {
            throw VigilException.badRequest("input '" + name + "' is " + type + " but its values are in another contents field: "
                    + "put them in the field of its datatype (" + field(type) + ")");
        }
        switch (type) {
            case "BOOL" -> {
                Object[] v = new Object[expected];
                for (int i = 0; i < expected; i++) v[i] = c.getBoolContents(i);
                return new Input(name, type, shape, null, v);
            }
            case "BYTES" -> {
                Object[] v = new Object[expected];
                for (int i = 0; i < expected; i++) v[i] = c.getBytesContents(i).toStringUtf8();
                return new Input(name, type, shape, null, v);
            }
            default -> {
                double[] v = new double[expected];
                for (int i = 0; i < expected; i++) {
                    v[i] = switch (type) {
                        case "INT8", "INT16", "INT32" -> c.getIntContents(i);
                        case "INT64" -> c.getInt64Contents(i);
                        case "UINT8", "UINT16", "UINT32" -> Integer.toUnsignedLong(c.getUintContents(i));
                        case "UINT64" -> unsigned(c.getUint64Contents(i));
                        case "FP32" -> c.getFp32Contents(i);
                        default -> c.getFp64Contents(i);
                    };
                }
                return new Input(name, type, shape, v, null);
            }
        }
    }

    private static Input fromRaw(InferInputTensor t, ByteString bytes) {
        String type = t.getDatatype();
        String name = t.getName();
        long[] shape = shape(t);
        ByteBuffer b = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (type.equals("BYTES")) {
            List<Object> values = new ArrayList<>();
            while (b.hasRemaining()) {
                if (b.remaining() < 4) {
                    throw VigilException.badRequest("input '" + name + "': raw BYTES elements are each a 4-byte little-endian length "
                            + "and that many bytes; " + b.remaining() + " bytes are left over");
                }
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw VigilException.badRequest("input '" + name + "': a raw BYTES element of " + Integer.toUnsignedString(length)
                            + " bytes, but only " + b.remaining() + " are left");
                }
                byte[] text = new byte[length];
                b.get(text);
                values.add(new String(text, StandardCharsets.UTF_8));
            }
            return new Input(name, type, shape, null, values.toArray());
        }
        int width = switch (type) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            case "INT64", "UINT64", "FP64" -> 8;
            case "FP16", "BF16" -> throw VigilException.badRequest("input '" + name + "' is " + type + ": send FP32 or FP64");
            default -> throw unknownType(name, type);
        };
        if (b.remaining() % width != 0) {
            throw VigilException.badRequest("input '" + name + "' is " + type + " (" + width + " bytes each) but its raw contents are "
                    + b.remaining() + " bytes");
        }
        int n = b.remaining() / width;
        if (type.equals("BOOL")) {
            Object[] v = new Object[n];
            for (int i = 0; i < n; i++) v[i] = b.get() != 0;
            return new Input(name, type, shape, null, v);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case "INT8" -> b.get();
                case "UINT8" -> b.get() & 0xff;
                case "INT16" -> b.getShort();
                case "UINT16" -> b.getShort() & 0xffff;
                case "INT32" -> b.getInt();
                case "UINT32" -> Integer.toUnsignedLong(b.getInt());
                case "INT64" -> b.getLong();
                case "UINT64" -> unsigned(b.getLong());
                case "FP32" -> b.getFloat();
                default -> b.getDouble();
            };
        }
        return new Input(name, type, shape, v, null);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private static int contentCount(InferTensorContents c) {
        return c.getBoolContentsCount() + c.getIntContentsCount() + c.getInt64ContentsCount() + c.getUintContentsCount()
                + c.getUint64ContentsCount() + c.getFp32ContentsCount() + c.getFp64ContentsCount() + c.getBytesContentsCount();
    }

    private static String field(String type) {
        return switch (type) {
            case "BOOL" -> "bool_contents";
            case "INT8", "INT16", "INT32" -> "int_contents";
            case "INT64" -> "int64_contents";
            case "UINT8", "UINT16", "UINT32" -> "uint_contents";
            case "UINT64" -> "uint64_contents";
            case "FP32" -> "fp32_contents";
            case "FP64" -> "fp64_contents";
            default -> "bytes_contents";
        };
    }

    private static VigilException unknownType(String name, String type) {
        return VigilException.badRequest("input '" + name + "' has datatype '" + type + "'; the protocol's are BOOL, INT8, INT16, "
                + "INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP32, FP64 and BYTES");
    }
}
