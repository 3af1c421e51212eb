package io.vigil.server.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Open Inference Protocol v2 request body, read as it streams: tensor elements go straight into
 * a primitive array, with no tree, map or boxed number per element (a 1,000-row batch has tens of
 * thousands of them). Members may come in any order; unknown ones, such as {@code parameters}, are skipped.
 *
 * @param outputs the output names asked for; empty means all
 */
record InferenceRequest(String id, List<Tensor> inputs, List<String> outputs) {

    /** One input tensor; {@code shape} is null when the request left it out. */
    record Tensor(String name, String datatype, long[] shape, Elements data) {
        long declaredSize() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        String shapeText() {
            return shape == null ? "(none)" : Arrays.toString(shape);
        }
    }

    /** A tensor's elements, flattened row-major: numbers as doubles; text, booleans and nulls beside them. */
    static final class Elements {
        static final Object NULL = new Object() {
            @Override
            public String toString() {
                return "null";
            }
        };
        private double[] numbers = new double[256];
        private Object[] others; // made when the first element that is not a number comes
        private int size;

        int size() {
            return size;
        }

        boolean isNumber(int i) {
            return others == null || others[i] == null;
        }

        double number(int i) {
            return numbers[i];
        }

        /** The element as a String, Boolean, {@link #NULL} or (for a number) a Double. */
        Object value(int i) {
            return isNumber(i) ? (Object) numbers[i] : others[i];
        }

        private void addNumber(double v) {
            grow();
            numbers[size++] = v;
        }

        private void addOther(Object v) {
            grow();
            if (others == null) {
                others = new Object[numbers.length];
            }
            numbers[size] = Double.NaN;
            others[size++] = v;
        }

        private void grow() {
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
                if (others != null) {
                    others = Arrays.copyOf(others, size * 2);
                }
            }
        }
    }

    static InferenceRequest read(byte[] body) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be an inference request object");
            }
            String id = null;
            List<Tensor> inputs = null;
            List<String> outputs = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                switch (member) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "inputs" -> inputs = tensors(p);
                    case "outputs" -> outputs = outputNames(p);
                    default -> p.skipChildren();
                }
            }
            if (inputs == null || inputs.isEmpty()) {
                throw ApiException.badRequest("'inputs' must be a non-empty list of tensors");
            }
            return new InferenceRequest(id, inputs, outputs);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    private static List<Tensor> tensors(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ApiException.badRequest("'inputs' must be a non-empty list of tensors");
        }
        List<Tensor> tensors = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String datatype = null;
            long[] shape = null;
            Elements data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "name" -> name = p.getValueAsString();
                    case "datatype" -> datatype = p.getValueAsString();
                    case "shape" -> shape = shape(p, name);
                    case "data" -> {
                        data = new Elements();
                        elements(p, data, name);
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest("every input tensor needs a 'name'");
            }
            if (data == null) {
                throw ApiException.badRequest("input '" + name + "' has no 'data'");
            }
            tensors.add(new Tensor(name, datatype, shape, data));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw ApiException.badRequest("'inputs' must be a list of tensor objects");
        }
        return tensors;
    }

    private static long[] shape(JsonParser p, String name) throws IOException {
        List<Long> dims = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
                dims.add(p.getLongValue());
            }
        }
        if (p.currentToken() != JsonToken.END_ARRAY || dims.isEmpty()) {
            throw ApiException.badRequest("input '" + (name == null ? "?" : name) + "': 'shape' must be a list of sizes, such as [2] or [2, 3]");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Flat or nested per dimension, the elements in row-major order. */
    private static void elements(JsonParser p, Elements out, String name) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.addNumber(p.getDoubleValue());
            case VALUE_STRING -> out.addOther(p.getText());
            case VALUE_TRUE -> out.addOther(Boolean.TRUE);
            case VALUE_FALSE -> out.addOther(Boolean.FALSE);
            case VALUE_NULL -> out.addOther(Elements.NULL);
            case START_ARRAY -> {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    elements(p, out, name);
                }
            }
            default -> throw ApiException.badRequest("input '" + (name == null ? "?" : name)
                    + "': tensor data holds numbers, text, booleans or null, not " + t.asString());
        }
    }

    private static List<String> outputNames(JsonParser p) throws IOException {
        List<String> names = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ApiException.badRequest("'outputs' must be a list of {\"name\": ...} objects");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                if (member.equals("name")) {
                    name = p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw ApiException.badRequest("every requested output needs a 'name'");
            }
            names.add(name);
        }
        return names;
    }
}
