package io.vigil.server.config;

import io.vigil.server.privacy.PrivacySettings;
import io.vigil.server.storage.crypto.EncryptionKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The settings of {@link DataProtection}, read by {@link ConfigLoader}. */
final class DataProtectionSettings {
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String SECRET = "(secret) ";

    static final Setting<Optional<byte[]>> ENCRYPTION_KEY = new Setting<>("storage.encryption.key", "VIGIL_STORAGE_ENCRYPTION_KEY", "",
            SECRET + "a 256-bit key in base64 (44 characters, as `openssl rand -base64 32` prints), or empty to store blobs unencrypted",
            s -> s.isEmpty() ? Optional.empty() : key(s) == null ? null : Optional.of(key(s)));
    static final Setting<String> ENCRYPTION_KEY_ID = new Setting<>("storage.encryption.keyId", "VIGIL_STORAGE_ENCRYPTION_KEY_ID", "1",
            "an id of 1 to 64 letters, digits, '.', '_' or '-'", s -> KEY_ID.matcher(s).matches() ? s : null);
    static final Setting<Map<String, byte[]>> ENCRYPTION_PREVIOUS = new Setting<>("storage.encryption.previousKeys",
            "VIGIL_STORAGE_ENCRYPTION_PREVIOUS_KEYS", "",
            SECRET + "a comma-separated list of id=key, each key 256 bits in base64 (earlier master keys, kept to re-wrap what they wrapped)",
            DataProtectionSettings::previousKeys);
    static final Setting<String> PSEUDONYM_KEY = Setting.secret("privacy.pseudonymKey", "VIGIL_PSEUDONYM_KEY", 32,
            "a secret of at least 32 characters that keys the pseudonyms of personal data, or empty for none");
    static final Setting<List<String>> PERSONAL_FIELDS = new Setting<>("privacy.personalFields", "VIGIL_PERSONAL_FIELDS",
            String.join(",", PrivacySettings.DEFAULT_PERSONAL_FIELDS), "a comma-separated list of field names",
            s -> List.of(s.split("\\s*,\\s*")).stream().filter(f -> !f.isEmpty()).toList());
    static final Setting<Boolean> PSEUDONYMISE_DOWNLOADS = Setting.bool("privacy.pseudonymiseDownloads", "VIGIL_PSEUDONYMISE_DOWNLOADS", true);
    static final Setting<Boolean> PSEUDONYMISE_EVENT_LOG = Setting.bool("privacy.pseudonymiseEventLog", "VIGIL_PSEUDONYMISE_EVENT_LOG", true);
    static final Setting<Integer> DATASET_RETENTION_DAYS = Setting.integer("retention.datasetDays", "VIGIL_RETENTION_DATASET_DAYS", 0, 0, 36_500);
    static final Setting<Integer> EVENT_RETENTION_DAYS = Setting.integer("retention.eventDays", "VIGIL_RETENTION_EVENT_DAYS", 0, 0, 36_500);
    static final Setting<Integer> RETENTION_CHECK_MINUTES = Setting.integer("retention.checkMinutes", "VIGIL_RETENTION_CHECK_MINUTES", 60, 1, 10_080);

    static final List<Setting<?>> ALL = List.of(ENCRYPTION_KEY, ENCRYPTION_KEY_ID, ENCRYPTION_PREVIOUS, PSEUDONYM_KEY, PERSONAL_FIELDS,
            PSEUDONYMISE_DOWNLOADS, PSEUDONYMISE_EVENT_LOG, DATASET_RETENTION_DAYS, EVENT_RETENTION_DAYS, RETENTION_CHECK_MINUTES);

    private DataProtectionSettings() {}

    /** Reads them through the loader's lookup of a setting. */
    static DataProtection read(SettingValues values) {
        Optional<EncryptionKeys> encryption = Optional.empty();
        Optional<byte[]> current = values.of(ENCRYPTION_KEY);
        Map<String, byte[]> previous = values.of(ENCRYPTION_PREVIOUS);
        String currentId = values.of(ENCRYPTION_KEY_ID);
        if (current.isPresent()) {
            if (previous.containsKey(currentId)) {
                throw new ConfigException("setting '" + ENCRYPTION_PREVIOUS.key() + "' (" + ENCRYPTION_PREVIOUS.env() + ") holds a key with id '"
                        + currentId + "', the current key's id ('" + ENCRYPTION_KEY_ID.key() + "'): give the new key a new id");
            }
            Map<String, byte[]> all = new LinkedHashMap<>(previous);
            all.put(currentId, current.get());
            encryption = Optional.of(new EncryptionKeys(currentId, all));
        } else if (!previous.isEmpty()) {
            throw new ConfigException("setting '" + ENCRYPTION_PREVIOUS.key() + "' (" + ENCRYPTION_PREVIOUS.env()
                    + ") is set but '" + ENCRYPTION_KEY.key() + "' (" + ENCRYPTION_KEY.env() + ") is not: previous keys need a current one");
        }
        String pseudonymKey = values.of(PSEUDONYM_KEY);
        int datasetDays = values.of(DATASET_RETENTION_DAYS);
        int eventDays = values.of(EVENT_RETENTION_DAYS);
        List<String> fields = values.of(PERSONAL_FIELDS);
        PrivacySettings privacy = new PrivacySettings(
                pseudonymKey.isEmpty() ? Optional.empty() : Optional.of(pseudonymKey.getBytes(StandardCharsets.UTF_8)),
                fields, values.of(PSEUDONYMISE_DOWNLOADS), values.of(PSEUDONYMISE_EVENT_LOG),
                datasetDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(datasetDays)),
                eventDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(eventDays)),
                Duration.ofMinutes(values.of(RETENTION_CHECK_MINUTES)));
        return new DataProtection(encryption, privacy);
    }

    private static byte[] key(String base64) {
        byte[] key = Base64.getDecoder().decode(base64);
        return key.length == 32 ? key : null;
    }

    private static Map<String, byte[]> previousKeys(String s) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return keys;
        }
        for (String item : s.split(",")) {
            String[] parts = item.trim().split("=", 2);
            if (parts.length != 2 || !KEY_ID.matcher(parts[0].trim()).matches() || keys.containsKey(parts[0].trim())) {
                return null;
            }
            byte[] key = key(parts[1].trim());
            if (key == null) {
                return null;
            }
            keys.put(parts[0].trim(), key);
        }
        return keys;
    }
}
