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
        byte[] pattern = delimiter;
        int state = matched;
        long found = delimiters;
        for (int i = chunk.position(), end = chunk.limit(); i < end; i++) {
            byte b = chunk.get(i);
            while (state > 0 && b != pattern[state]) {
                state = fallback[state - 1];
            }
            if (b == pattern[state] && ++state == pattern.length) {
                found++;
                state = fallback[state - 1];
            }
        }
        matched = state;
        delimiters = found;
        return parts() <= maxParts;
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
