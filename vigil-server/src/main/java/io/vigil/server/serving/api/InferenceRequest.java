package io.vigil.server.serving.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.scoring.RawColumn;
import io.vigil.server.serving.scoring.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Open Inference Protocol v2 request body, read as it streams: tensor elements go straight into
 * a primitive array, with no tree, map or boxed number per element (a 1,000-row batch has tens of
 * thousands of them). Members may come in any order; unknown ones are skipped. With the binary
 * tensor data extension (the default of Triton's clients) the JSON is followed by the tensors'
 * raw little-endian bytes, read without any parsing.
 *
 * @param outputs      the outputs asked for; empty means the default ones
 * @param binaryOutput {@code parameters.binary_data_output}: outputs as binary data unless an output says otherwise
 */
public record InferenceRequest(String id, List<Tensor> inputs, List<Output> outputs, boolean binaryOutput) {

    /** An output asked for; {@code binary} is null when the output did not say. */
    record Output(String name, Boolean binary) {}

    /**
     * Reads a request whose first {@code jsonLength} bytes are the JSON object (the
     * {@code Inference-Header-Content-Length} header; the whole body without it).
     */
    static InferenceRequest read(byte[] body, int jsonLength) {
        if (jsonLength < 0 || jsonLength > body.length) {
            throw VigilException.badRequest("Inference-Header-Content-Length is " + jsonLength + " but the body has " + body.length
                    + " bytes");
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body, 0, jsonLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw VigilException.badRequest("the body must be an inference request object");
            }
            String id = null;
            List<Tensor> inputs = null;
            List<Output> outputs = List.of();
            boolean binaryOutput = false;
            List<Long> binarySizes = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                switch (member) {
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "inputs" -> inputs = tensors(p, binarySizes);
                    case "outputs" -> outputs = outputs(p);
                    case "parameters" -> binaryOutput = Boolean.TRUE.equals(parameters(p).binaryData("binary_data_output"));
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) { // the JSON part is one object: what follows it is a second request, or garbage
                throw VigilException.badRequest("the body must hold one inference request object and nothing after it"
                        + (jsonLength < body.length ? " within its Inference-Header-Content-Length" : ""));
            }
            if (inputs == null || inputs.isEmpty()) {
                throw VigilException.badRequest("'inputs' must be a non-empty list of tensors");
            }
            BinaryTensors.read(inputs, binarySizes, body, jsonLength);
            return new InferenceRequest(id, inputs, outputs, binaryOutput);
        } catch (JsonProcessingException e) {
            throw VigilException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw VigilException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    /** The tensors; {@code binarySizes} gets each one's {@code binary_data_size}, -1 when its data is in the JSON. */
    private static List<Tensor> tensors(JsonParser p, List<Long> binarySizes) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw VigilException.badRequest("'inputs' must be a non-empty list of tensors");
        }
        List<Tensor> tensors = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String datatype = null;
            long[] shape = null;
            RawColumn data = null;
            Long binarySize = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "name" -> name = p.getValueAsString();
                    case "datatype" -> datatype = p.getValueAsString();
                    case "shape" -> shape = shape(p, name);
                    case "data" -> {
                        data = new RawColumn();
                        elements(p, data, name);
                    }
                    case "parameters" -> binarySize = parameters(p).binarySize;
                    default -> p.skipChildren();
                }
            }
            if (name == null || name.isBlank()) {
                throw VigilException.badRequest("every input tensor needs a 'name'");
            }
            if (binarySize != null && data != null) {
                throw VigilException.badRequest("input '" + name + "' has both 'data' and binary_data_size");
            }
            if (binarySize == null && data == null) {
                throw VigilException.badRequest("input '" + name + "' has no 'data'");
            }
            if (binarySize != null && (shape == null || datatype == null)) {
                throw VigilException.badRequest("input '" + name + "' is binary data: it needs its 'shape' and 'datatype'");
            }
            binarySizes.add(binarySize == null ? -1L : binarySize);
            tensors.add(new Tensor(name, datatype, shape, data == null ? new RawColumn() : data));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw VigilException.badRequest("'inputs' must be a list of tensor objects");
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
            throw VigilException.badRequest("input '" + (name == null ? "?" : name) + "': 'shape' must be a list of sizes, such as [2] or [2, 3]");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Flat or nested per dimension, the elements in row-major order. */
    private static void elements(JsonParser p, RawColumn out, String name) throws IOException {
        if (out.addScalar(p)) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw VigilException.badRequest("input '" + (name == null ? "?" : name)
                    + "': tensor data holds numbers, text, booleans or null, not " + p.currentToken().asString());
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            elements(p, out, name);
        }
    }

    private static List<Output> outputs(JsonParser p) throws IOException {
        List<Output> outputs = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw VigilException.badRequest("'outputs' must be a list of {\"name\": ...} objects");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            Boolean binary = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "name" -> name = p.getValueAsString();
                    case "parameters" -> binary = parameters(p).binaryData("binary_data");
                    default -> p.skipChildren();
                }
            }
            if (name == null) {
                throw VigilException.badRequest("every requested output needs a 'name'");
            }
            outputs.add(new Output(name, binary));
        }
        return outputs;
    }

    /** The members of a {@code parameters} object this server reads; the others are skipped. */
    private static final class Parameters {
        Long binarySize;
        private final java.util.Map<String, Boolean> flags = new java.util.HashMap<>();

        Boolean binaryData(String name) {
            return flags.get(name);
        }
    }

    private static Parameters parameters(JsonParser p) throws IOException {
        Parameters out = new Parameters();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw VigilException.badRequest("'parameters' must be an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            JsonToken value = p.nextToken();
            if (member.equals("binary_data_size")) {
                if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                    throw VigilException.badRequest("binary_data_size must be a whole number of bytes");
                }
                out.binarySize = p.getLongValue();
            } else if ((member.equals("binary_data") || member.equals("binary_data_output")) && value.isBoolean()) {
                out.flags.put(member, p.getBooleanValue());
            } else {
                p.skipChildren();
            }
        }
        return out;
    }
}
