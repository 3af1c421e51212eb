package io.vigil.server.storage;

import java.io.IOException;

/** The bytes read back do not hash to the blob's key: the stored copy is damaged. */
public class BlobCorruptedException extends IOException {
    private final String key;

    public BlobCorruptedException(String key, String actualSha256) {
        super("blob " + key + " is corrupted: content hashes to sha256 " + actualSha256);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
