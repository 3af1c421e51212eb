package io.vigil.server.storage;

import java.io.InputStream;
import org.apache.commons.io.input.BoundedInputStream;

/** The checks and the cut of {@link BlobStore#open(String, long, long)}, shared by every driver. */
public final class BlobRanges {
    private BlobRanges() {}

    /** Refuses a negative offset or length. */
    public static void check(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a blob range needs offset >= 0 and length >= 0, not " + offset + " and " + length);
        }
    }

    /** At most {@code length} bytes of {@code in}; closing the result closes {@code in}. */
    public static InputStream limit(InputStream in, long length) {
        try {
            return BoundedInputStream.builder().setInputStream(in).setMaxCount(length).setPropagateClose(true).get();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the builder reads nothing: it cannot fail here
        }
    }
}
