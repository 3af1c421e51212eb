package io.vigil.server.models;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform, seeded sample of at most {@code capacity} rows of a stream of rows of unknown length (reservoir
 * sampling, Vitter's algorithm R): every row offered has the same chance to be kept, and the same rows and seed keep
 * the same sample. Below the capacity every row is kept. Rows are kept packed (each cell's UTF-8 bytes after its
 * length), a few times smaller than arrays of strings, so the bound holds in bytes too.
 */
final class RowSample {
    private final int capacity;
    private final SplittableRandom random;
    private final List<byte[]> kept;
    private long offered;

    RowSample(int capacity, long seed) {
        if (capacity < 1) throw new IllegalArgumentException("a sample keeps at least one row");
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
        this.kept = new ArrayList<>(Math.min(capacity, 1024));
    }

    void offer(String[] row) {
        long n = offered++;
        if (n < capacity) {
            kept.add(pack(row));
        } else {
            long slot = random.nextLong(n + 1);
            if (slot < capacity) kept.set((int) slot, pack(row));
        }
    }

    /** How many rows were offered. */
    long offered() {
        return offered;
    }

    /** How many rows are kept. */
    int size() {
        return kept.size();
    }

    /** True when some offered rows were not kept. */
    boolean sampled() {
        return offered > kept.size();
    }

    /** The kept rows, unpacked one at a time as they are read. */
    List<String[]> rows() {
        return new AbstractList<>() {
            @Override
            public String[] get(int index) {
                return unpack(kept.get(index));
            }

            @Override
            public int size() {
                return kept.size();
            }
        };
    }

    private static byte[] pack(String[] row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * row.length);
        writeLength(out, row.length);
        for (String cell : row) {
            if (cell == null) {
                writeLength(out, 0);
            } else {
                byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
                writeLength(out, bytes.length + 1); // 0 is a missing cell
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    private static String[] unpack(byte[] packed) {
        int[] at = {0};
        String[] row = new String[readLength(packed, at)];
        for (int c = 0; c < row.length; c++) {
            int length = readLength(packed, at);
            if (length > 0) {
                row[c] = new String(packed, at[0], length - 1, StandardCharsets.UTF_8);
                at[0] += length - 1;
            }
        }
        return row;
    }

    /** A base-128 varint: one byte for the short cells of most tables. */
    private static void writeLength(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readLength(byte[] in, int[] at) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in[at[0]++];
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }
}
