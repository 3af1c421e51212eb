package io.vigil.server.datasets;

import io.vigil.engine.data.DataFormatException;
import io.vigil.server.storage.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A file a client uploaded straight to the object store, read through the dataset intake: it must
 * be the bytes the client says it sent. At the end of the stream (before the intake commits
 * anything) a different SHA-256 or size fails the read as bad data, so the dataset is refused
 * and nothing is kept. Longer than declared fails as soon as it is.
 */
final class ExpectedContentStream extends FilterInputStream {
    private final String expectedSha256;
    private final Long expectedSize;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean checked;

    /** @param expectedSize null when the client did not say */
    ExpectedContentStream(InputStream in, String expectedSha256, Long expectedSize) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            checkAtEnd();
            return n;
        }
        digest.update(buffer, offset, n);
        count += n;
        if (expectedSize != null && count > expectedSize) {
            throw new DataFormatException("the uploaded object is larger than the declared size of " + expectedSize + " bytes", 0);
        }
        return n;
    }

    /** Every byte must be hashed: skipping reads. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkAtEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (expectedSize != null && count != expectedSize) {
            throw new DataFormatException("the uploaded object has " + count + " bytes, not the declared " + expectedSize, 0);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new DataFormatException("the uploaded object's SHA-256 is " + actual + ", not the declared " + expectedSha256
                    + ": it changed or was damaged on the way", 0);
        }
    }
}
