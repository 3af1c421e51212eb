package io.vigil.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Counts the parts of a multipart body as its bytes arrive, so that a body of thousands of tiny
 * parts is refused as soon as the first part past the limit has arrived, before the rest is stored
 * and long before a parser makes an object of each. It counts the delimiters ({@code --} and the boundary, RFC 2046) with
 * Knuth-Morris-Pratt, one comparison per byte in the common case, across chunks of any size.
 * A body has one delimiter more than it has parts (the closing one).
 */
final class MultipartParts {
    private final byte[] delimiter;
    private final int[] fallback;
    private final int maxParts;
    private int matched;
    private long delimiters;

    MultipartParts(String boundary, int maxParts) {
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = failureFunction(delimiter);
        this.maxParts = maxParts;
    }

    /** Counts the delimiters in {@code chunk} (left as it is); false once the body has more parts than allowed. */
    boolean accept(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            scan(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.arrayOffset() + chunk.limit());
        } else {
            byte[] copy = new byte[Math.min(chunk.remaining(), 64 * 1024)];
            for (ByteBuffer rest = chunk.duplicate(); rest.hasRemaining(); ) {
                int n = Math.min(copy.length, rest.remaining());
                rest.get(copy, 0, n);
                scan(copy, 0, n);
            }
        }
        return parts() <= maxParts;
    }

    private void scan(byte[] bytes, int from, int to) {
        byte[] pattern = delimiter;
        byte first = pattern[0];
        int state = matched;
        long found = delimiters;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (state == 0 && b != first) {
                continue; // nearly every byte of a file
            }
            while (state > 0 && b != pattern[state]) {
                state = fallback[state - 1];
            }
            if (b == pattern[state] && ++state == pattern.length) {
                found++;
                state = 0; // delimiters never overlap: "-----" closing a body of boundary "-" is one
            }
        }
        matched = state;
        delimiters = found;
    }

    /** The parts seen so far: delimiters less the closing one (a body cut short may have one part more than this). */
    long parts() {
        return Math.max(0, delimiters - 1);
    }

    int maxParts() {
        return maxParts;
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] f = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = f[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }
}
