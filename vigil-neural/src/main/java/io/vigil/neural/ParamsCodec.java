package io.vigil.neural;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The file format of a network's flattened parameters ({@code params.bin}), deliberately trivial
 * so any language can read it and nothing deserializes objects: the ASCII magic {@code VNP1}, a
 * little-endian int32 count, then that many little-endian IEEE-754 float32 values in DL4J's
 * flattened parameter order.
 */
final class ParamsCodec {
    private static final byte[] MAGIC = {'V', 'N', 'P', '1'};

    private ParamsCodec() {
    }

    static byte[] encode(float[] params) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * params.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(params.length);
        for (float v : params) b.putFloat(v);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || b.get(0) != MAGIC[0] || b.get(1) != MAGIC[1] || b.get(2) != MAGIC[2] || b.get(3) != MAGIC[3]) {
            throw new IllegalArgumentException("params.bin is not a parameter file (bad magic)");
        }
        int count = b.getInt(4);
        if (count < 0 || bytes.length != 8 + 4L * count) {
            throw new IllegalArgumentException("params.bin holds " + (bytes.length - 8) + " bytes of values, header says " + count + " float32");
        }
        float[] out = new float[count];
        b.position(8);
        b.asFloatBuffer().get(out);
        return out;
    }
}
