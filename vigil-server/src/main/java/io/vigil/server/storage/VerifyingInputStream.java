package io.vigil.server.storage;

import java.io.IOException;
import java.io.InputStream;

/** A blob read back: at end of stream its SHA-256 must be its key's, else {@link BlobCorruptedException}. */
public final class VerifyingInputStream extends HashingInputStream {
    private final String key;
    private final String expectedHex;

    public VerifyingInputStream(InputStream in, String key, String expectedHex) {
        super(in);
        this.key = key;
        this.expectedHex = expectedHex;
    }

    @Override
    protected void atEnd(String sha256, long size) throws IOException {
        if (!sha256.equals(expectedHex)) {
            throw new BlobCorruptedException(key, sha256);
        }
    }
}
