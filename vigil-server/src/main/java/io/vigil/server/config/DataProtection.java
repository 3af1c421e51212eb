package io.vigil.server.config;

import io.vigil.server.privacy.PrivacySettings;
import io.vigil.server.storage.crypto.EncryptionKeys;
import java.util.Optional;

/**
 * Data protection's part of the configuration: the master keys of encryption at rest
 * ({@code storage.encryption.*}; empty: blobs are stored as they are) and {@code privacy.*} /
 * {@code retention.*}.
 */
public record DataProtection(Optional<EncryptionKeys> encryption, PrivacySettings privacy) {
    public static DataProtection none() {
        return new DataProtection(Optional.empty(), PrivacySettings.none());
    }

    public DataProtection withEncryption(EncryptionKeys keys) {
        return new DataProtection(Optional.of(keys), privacy);
    }

    public DataProtection withPrivacy(PrivacySettings newPrivacy) {
        return new DataProtection(encryption, newPrivacy);
    }
}
