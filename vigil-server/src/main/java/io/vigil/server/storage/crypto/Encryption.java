package io.vigil.server.storage.crypto;

import io.vigil.server.storage.BlobStore;
import java.util.Map;
import java.util.Optional;

/** Puts encryption at rest in front of a driver, or checks that nothing needs it. */
public final class Encryption {
    private Encryption() {}

    /**
     * With keys: re-wraps what earlier keys wrapped ({@link KeyRotation}) and returns the driver
     * behind {@link EncryptedBlobStore}. Without: the driver itself, unless encrypted blobs exist,
     * which a plain store would hand out as ciphertext, so the start is refused.
     *
     * @throws IllegalStateException without keys while encrypted blobs exist
     */
    public static BlobStore protect(BlobStore driver, Optional<EncryptionKeys> keys, DataKeys dataKeys) {
        if (keys.isPresent()) {
            KeyRotation.run(keys.get(), dataKeys);
            return new EncryptedBlobStore(driver, keys.get(), dataKeys);
        }
        Map<String, Long> encrypted = dataKeys.countByKeyId();
        if (!encrypted.isEmpty()) {
            throw new IllegalStateException(encrypted.values().stream().mapToLong(Long::longValue).sum()
                    + " blobs are encrypted (by master key ids " + encrypted.keySet() + ") but no key is configured: set "
                    + "storage.encryption.key (VIGIL_STORAGE_ENCRYPTION_KEY) and storage.encryption.keyId to the key that wrapped them");
        }
        return driver;
    }
}
