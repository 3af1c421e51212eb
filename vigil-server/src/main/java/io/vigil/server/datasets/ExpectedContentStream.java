package io.vigil.server.datasets;

import io.vigil.engine.data.DataFormatException;
import io.vigil.server.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file a client uploaded straight to the object store, read through the dataset intake: it must
 * be the bytes the client says it sent. At the end of the stream (before the intake commits
 * anything) a different SHA-256 or size fails the read as bad data, so the dataset is refused
 * and nothing is kept. Longer than declared fails as soon as it is.
 */
final class ExpectedContentStream extends HashingInputStream {
    private final String expectedSha256;
    private final Long expectedSize;

    /** @param expectedSize null when the client did not say */
    ExpectedContentStream(InputStream in, String expectedSha256, Long expectedSize) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
    }

    @Override
    protected void afterRead(long size) throws IOException {
        if (expectedSize != null && size > expectedSize) {
            throw new DataFormatException("the uploaded object is larger than the declared size of " + expectedSize + " bytes", 0);
        }
    }

    @Override
    protected void atEnd(String actual, long size) throws IOException {
        if (expectedSize != null && size != expectedSize) {
            throw new DataFormatException("the uploaded object has " + size + " bytes, not the declared " + expectedSize, 0);
        }
        if (!actual.equals(expectedSha256)) {
            throw new DataFormatException("the uploaded object's SHA-256 is " + actual + ", not the declared " + expectedSha256
                    + ": it changed or was damaged on the way", 0);
        }
    }
}
