package io.vigil.server.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the input of {@code COPY ... FROM STDIN WITH (FORMAT binary)}: PostgreSQL reads these
 * values without parsing any text, the cheapest way to append many rows. Only the types the server
 * writes are here. Layout from PostgreSQL's documentation ("COPY", "Binary Format"; arrays as
 * {@code array_send} writes them), all integers big-endian. Reusable: {@link #reset()} keeps the buffer.
 */
public final class BinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L; // 2000-01-01T00:00Z in Unix microseconds
    private static final int FLOAT4_OID = 700;
    private static final int FLOAT8_OID = 701;
    private static final int TEXT_OID = 25;

    private static final int ENCODED_CACHE = 4096;

    private byte[] buf = new byte[64 * 1024];
    // a batch repeats the same few label and category strings (the same objects) thousands of times
    private final Map<String, byte[]> encoded = new IdentityHashMap<>();
    private int size;
    private int rows;

    public BinaryCopy() {
        reset();
    }

    /** Empties the buffer and writes the header again. */
    public void reset() {
        encoded.clear();
        size = 0;
        rows = 0;
        bytes(SIGNATURE);
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    /** Starts a row of {@code fields} values. */
    public BinaryCopy row(int fields) {
        rows++;
        int16(fields);
        return this;
    }

    public int rows() {
        return rows;
    }

    public BinaryCopy nullValue() {
        int32(-1);
        return this;
    }

    public BinaryCopy uuid(UUID value) {
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
        return this;
    }

    public BinaryCopy timestamp(Instant value) {
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
        int32(8);
        int64(micros - POSTGRES_EPOCH_MICROS);
        return this;
    }

    public BinaryCopy int4(int value) {
        int32(4);
        int32(value);
        return this;
    }

    public BinaryCopy float4(float value) {
        int32(4);
        int32(Float.floatToIntBits(value)); // NaN stays NaN
        return this;
    }

    public BinaryCopy text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = encoded.get(value);
        if (utf8 == null) {
            // PostgreSQL text cannot hold U+0000, and one such value would fail the whole COPY: a
            // category sent with a NUL in it is logged with U+FFFD (the replacement character) instead
            String storable = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
            utf8 = storable.getBytes(StandardCharsets.UTF_8);
            if (encoded.size() < ENCODED_CACHE) {
                encoded.put(value, utf8);
            }
        }
        int32(utf8.length);
        bytes(utf8);
        return this;
    }

    /** A one-dimensional {@code real[]} of the first {@code n} values. */
    public BinaryCopy float4Array(float[] values, int n) {
        int32(20 + 8 * n);
        arrayHeader(false, FLOAT4_OID, n);
        ensure(8 * n); // once for all elements: a batch's inputs are tens of thousands of them
        byte[] b = buf;
        int at = size;
        for (int i = 0; i < n; i++) { // plain byte stores: a VarHandle here stayed out of line in the writer's loop
            int bits = Float.floatToIntBits(values[i]);
            b[at] = 0;
            b[at + 1] = 0;
            b[at + 2] = 0;
            b[at + 3] = 4; // element length
            b[at + 4] = (byte) (bits >>> 24);
            b[at + 5] = (byte) (bits >>> 16);
            b[at + 6] = (byte) (bits >>> 8);
            b[at + 7] = (byte) bits;
            at += 8;
        }
        size = at;
        return this;
    }

    /** A one-dimensional {@code float8[]} (double precision) of the first {@code n} values. */
    public BinaryCopy float8Array(double[] values, int n) {
        int32(20 + 12 * n);
        arrayHeader(false, FLOAT8_OID, n);
        for (int i = 0; i < n; i++) {
            int32(8);
            int64(Double.doubleToLongBits(values[i])); // NaN stays NaN
        }
        return this;
    }

    /** A one-dimensional {@code text[]}; null elements allowed. */
    public BinaryCopy textArray(String[] values) {
        return textArray(values, values.length);
    }

    /** A one-dimensional {@code text[]} of the first {@code n} values; null elements allowed. */
    public BinaryCopy textArray(String[] values, int n) {
        int lengthAt = size;
        int32(0); // patched below, once the elements' size is known
        boolean hasNull = false;
        for (int i = 0; i < n; i++) {
            hasNull |= values[i] == null;
        }
        arrayHeader(hasNull, TEXT_OID, n);
        for (int i = 0; i < n; i++) {
            text(values[i]);
        }
        int length = size - lengthAt - 4;
        putInt(lengthAt, length);
        return this;
    }

    /** The complete COPY input: header, rows, trailer. */
    public byte[] finish() {
        int16(-1);
        return Arrays.copyOf(buf, size);
    }

    private void arrayHeader(boolean hasNull, int elementOid, int length) {
        int32(1); // dimensions
        int32(hasNull ? 1 : 0);
        int32(elementOid);
        int32(length);
        int32(1); // lower bound
    }

    private void int16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
