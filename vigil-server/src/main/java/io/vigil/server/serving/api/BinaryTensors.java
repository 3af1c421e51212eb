package io.vigil.server.serving.api;

import io.vigil.server.core.VigilException;
import io.vigil.server.serving.scoring.RawColumn;
import io.vigil.server.serving.scoring.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The binary tensor data extension of the inference protocol (Triton, KServe): tensors whose JSON
 * carries {@code "parameters": {"binary_data_size": n}} have their elements in the body after the
 * JSON, in input order, little-endian, row-major; a BYTES element is a 4-byte length and its bytes.
 * Also writes outputs that way.
 */
public final class BinaryTensors {
    private BinaryTensors() {}

    /** Fills the data of each binary input from {@code body}, which holds them from {@code offset} on. */
    static void read(List<Tensor> inputs, List<Long> binarySizes, byte[] body, int offset) {
        ByteBuffer in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int at = offset;
        for (int t = 0; t < inputs.size(); t++) {
            long size = binarySizes.get(t);
            if (size < 0) {
                continue;
            }
            Tensor tensor = inputs.get(t);
            if (size > body.length - at) {
                throw VigilException.badRequest("input '" + tensor.name() + "' has binary_data_size " + size + " but only "
                        + (body.length - at) + " bytes follow");
            }
            decode(tensor, in.slice(at, (int) size).order(ByteOrder.LITTLE_ENDIAN));
            at += (int) size;
        }
        if (at != body.length) {
            throw VigilException.badRequest((body.length - at) + " bytes after the JSON belong to no input's binary_data_size");
        }
    }

    private static void decode(Tensor t, ByteBuffer b) {
        long count = t.declaredSize();
        String type = t.datatype().toUpperCase(Locale.ROOT);
        RawColumn out = t.data();
        if (type.equals("BYTES")) {
            for (long i = 0; i < count; i++) {
                if (b.remaining() < 4 || b.getInt(b.position()) < 0 || b.getInt(b.position()) > b.remaining() - 4) {
                    throw wrongSize(t, b.capacity(), "BYTES elements, each a 4-byte length and its bytes");
                }
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                out.addOther(new String(bytes, StandardCharsets.UTF_8));
            }
            if (b.hasRemaining()) {
                throw wrongSize(t, b.capacity(), count + " BYTES elements");
            }
            return;
        }
        int width = width(t, type);
        if ((long) b.capacity() != count * width) {
            throw wrongSize(t, b.capacity(), count + " elements of " + width + " bytes");
        }
        int n = (int) count;
        out.reserve(n);
        switch (type) { // one loop per type: the type is not looked at again for every element
            case "FP32" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.getFloat());
            }
            case "FP64" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.getDouble());
            }
            case "INT8" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.get());
            }
            case "UINT8" -> {
                for (int i = 0; i < n; i++) out.addNumber(Byte.toUnsignedInt(b.get()));
            }
            case "INT16" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.getShort());
            }
            case "UINT16" -> {
                for (int i = 0; i < n; i++) out.addNumber(Short.toUnsignedInt(b.getShort()));
            }
            case "INT32" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.getInt());
            }
            case "UINT32" -> {
                for (int i = 0; i < n; i++) out.addNumber(Integer.toUnsignedLong(b.getInt()));
            }
            case "INT64" -> {
                for (int i = 0; i < n; i++) out.addNumber(b.getLong());
            }
            case "UINT64" -> {
                for (int i = 0; i < n; i++) out.addNumber(unsigned(b.getLong()));
            }
            case "BOOL" -> {
                for (int i = 0; i < n; i++) out.addOther(b.get() != 0);
            }
            default -> throw new IllegalStateException(type); // width() refused it
        }
    }

    /** An unsigned 64-bit integer as the nearest double. */
    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private static int width(Tensor t, String type) {
        return switch (type) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16" -> 2;
            case "FP32", "INT32", "UINT32" -> 4;
            case "FP64", "INT64", "UINT64" -> 8;
            default -> throw VigilException.badRequest("input '" + t.name() + "': binary data of datatype '" + t.datatype()
                    + "' is not supported; send BOOL, INT8-64, UINT8-64, FP32, FP64 or BYTES");
        };
    }

    private static VigilException wrongSize(Tensor t, int size, String expected) {
        return VigilException.badRequest("input '" + t.name() + "' has shape " + t.shapeText() + " and binary_data_size " + size
                + ", which does not hold " + expected);
    }

    /** Appends FP32 elements, little-endian. */
    static void writeFloats(java.io.ByteArrayOutputStream out, double[] values, int count) {
        byte[] b = new byte[count * 4];
        for (int i = 0, at = 0; i < count; i++, at += 4) {
            int bits = Float.floatToRawIntBits((float) values[i]);
            b[at] = (byte) bits;
            b[at + 1] = (byte) (bits >>> 8);
            b[at + 2] = (byte) (bits >>> 16);
            b[at + 3] = (byte) (bits >>> 24);
        }
        out.write(b, 0, b.length);
    }

    /** Appends BYTES elements: each a 4-byte little-endian length and its UTF-8 bytes. */
    static void writeStrings(java.io.ByteArrayOutputStream out, List<String> values) {
        for (String v : values) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length & 0xFF);
            out.write((bytes.length >>> 8) & 0xFF);
            out.write((bytes.length >>> 16) & 0xFF);
            out.write(bytes.length >>> 24);
            out.write(bytes, 0, bytes.length);
        }
    }
}
