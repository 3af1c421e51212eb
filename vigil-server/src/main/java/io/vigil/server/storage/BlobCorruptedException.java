package io.vigil.server.storage;

import java.io.IOException;

/** The bytes read back do not hash to the blob's key, or do not decrypt: the stored copy is damaged. */
public class BlobCorruptedException extends IOException {
    private final String key;

    public BlobCorruptedException(String key, String actualSha256) {
        this(key, "blob " + key + " is corrupted: content hashes to sha256 " + actualSha256, null);
    }

    private BlobCorruptedException(String key, String message, Void unused) {
        super(message);
        this.key = key;
    }

    /** An encrypted blob whose content fails its authentication: tampered, cut short or under another data key. */
    public static BlobCorruptedException undecryptable(String key, String reason) {
        return new BlobCorruptedException(key, "blob " + key + " is corrupted: " + reason, null);
    }

    public String key() {
        return key;
    }
}
