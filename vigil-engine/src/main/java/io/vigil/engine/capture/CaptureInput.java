package io.vigil.engine.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * The capture's bytes with their position, so that every error can say where it is. A gzip stream
 * that ends early or is corrupt becomes a {@link CaptureFormatException} at the position reached.
 */
final class CaptureInput {

    private final InputStream in;
    private long position;

    CaptureInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far: the offset of the next byte. */
    long position() {
        return position;
    }

    /**
     * Reads exactly {@code length} bytes, or none at a clean end of the capture.
     *
     * @return false when the capture ended before the first byte
     * @throws CaptureFormatException when it ended after some of them: {@code what} (starting at
     *                                {@code start}) is cut
     */
    boolean readFullyOrEnd(byte[] buffer, int offset, int length, String what, long start) throws IOException {
        int read = 0;
        while (read < length) {
            int n = read(buffer, offset + read, length - read);
            if (n < 0) {
                if (read == 0 && position == start) {
                    return false;
                }
                throw new CaptureFormatException("the capture is cut: " + what + " at byte " + start
                        + " ends with the capture at byte " + position + ", " + (length - read) + " bytes short", start);
            }
            read += n;
        }
        return true;
    }

    /** Reads exactly {@code length} bytes; the end of the capture here means {@code what} is cut. */
    void readFully(byte[] buffer, int offset, int length, String what, long start) throws IOException {
        if (!readFullyOrEnd(buffer, offset, length, what, start) && length > 0) {
            throw new CaptureFormatException("the capture is cut: " + what + " at byte " + start + " is missing", start);
        }
    }

    /** Skips exactly {@code count} bytes of {@code what}. */
    void skipFully(long count, byte[] scratch, String what, long start) throws IOException {
        long left = count;
        while (left > 0) {
            int chunk = (int) Math.min(left, scratch.length);
            readFully(scratch, 0, chunk, what, start);
            left -= chunk;
        }
    }

    private int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                position += n;
            }
            return n;
        } catch (EOFException | ZipException e) {
            throw new CaptureFormatException("the gzip compression of the capture is cut or corrupt at byte " + position
                    + " of the decompressed capture", position, e);
        }
    }

    static int int32(byte[] b, int at, boolean bigEndian) {
        return bigEndian
                ? (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff
                : (b[at + 3] & 0xff) << 24 | (b[at + 2] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | b[at] & 0xff;
    }

    static long uint32(byte[] b, int at, boolean bigEndian) {
        return int32(b, at, bigEndian) & 0xffffffffL;
    }

    static int uint16(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (b[at] & 0xff) << 8 | b[at + 1] & 0xff : (b[at + 1] & 0xff) << 8 | b[at] & 0xff;
    }
}
