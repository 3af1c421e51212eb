package io.vigil.server.config;

import java.util.List;

/** The object store's settings ({@code storage.urlExpireSeconds}, {@code storage.s3.*}, {@code storage.azure.*}), read by {@link ConfigLoader}. */
final class StorageSettingsReader {
    // read only when storage.driver chooses them
    static final Setting<Integer> STORAGE_URL_EXPIRE = Setting.integer("storage.urlExpireSeconds", "VIGIL_STORAGE_URL_EXPIRE_SECONDS",
            (int) io.vigil.server.storage.StorageSettings.DEFAULT_URL_LIFETIME.toSeconds(), 1, 3600);
    static final Setting<String> S3_ENDPOINT = new Setting<>("storage.s3.endpoint", "VIGIL_S3_ENDPOINT", "",
            "empty for AWS, or the URL of an S3-compatible server such as http://minio.internal:9000",
            s -> s.isEmpty() || s.matches("https?://[^\\s/?#@]+/?") ? s : null);
    static final Setting<String> S3_REGION = Setting.text("storage.s3.region", "VIGIL_S3_REGION", "us-east-1");
    static final Setting<String> S3_BUCKET = new Setting<>("storage.s3.bucket", "VIGIL_S3_BUCKET", "", "a bucket name (3 to 63 of a-z 0-9 . -)",
            s -> s.isEmpty() || s.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") ? s : null);
    static final Setting<String> S3_PREFIX = keyPrefix("storage.s3.prefix", "VIGIL_S3_PREFIX");
    static final Setting<String> S3_ACCESS_KEY = Setting.text("storage.s3.accessKey", "VIGIL_S3_ACCESS_KEY", "");
    static final Setting<String> S3_SECRET_KEY = Setting.secret("storage.s3.secretKey", "VIGIL_S3_SECRET_KEY", 1,
            "the secret of storage.s3.accessKey, or empty for the SDK's default credentials");
    static final Setting<Boolean> S3_PATH_STYLE = Setting.bool("storage.s3.pathStyle", "VIGIL_S3_PATH_STYLE", false);
    static final Setting<String> S3_SSE = new Setting<>("storage.s3.serverSideEncryption", "VIGIL_S3_SSE", "",
            "empty (the bucket's default), AES256 (SSE-S3) or aws:kms (SSE-KMS)",
            s -> s.isEmpty() || s.equals("AES256") || s.equals("aws:kms") ? s : null);
    static final Setting<String> S3_KMS_KEY_ID = Setting.text("storage.s3.kmsKeyId", "VIGIL_S3_KMS_KEY_ID", "");
    static final Setting<String> AZURE_CONNECTION_STRING = Setting.secret("storage.azure.connectionString", "VIGIL_AZURE_CONNECTION_STRING", 1,
            "a storage account's connection string, or empty when account and key are given");
    static final Setting<String> AZURE_ACCOUNT = Setting.text("storage.azure.account", "VIGIL_AZURE_ACCOUNT", "");
    static final Setting<String> AZURE_ACCOUNT_KEY = Setting.secret("storage.azure.accountKey", "VIGIL_AZURE_ACCOUNT_KEY", 1,
            "the storage account's key (base64), or empty with a connection string");
    static final Setting<String> AZURE_ENDPOINT = new Setting<>("storage.azure.endpoint", "VIGIL_AZURE_ENDPOINT", "",
            "empty for https://<account>.blob.core.windows.net, or the blob service's URL",
            s -> s.isEmpty() || s.matches("https?://[^\\s?#@]+") ? s : null);
    static final Setting<String> AZURE_CONTAINER = new Setting<>("storage.azure.container", "VIGIL_AZURE_CONTAINER", "",
            "a container name (3 to 63 of a-z 0-9 -)", s -> s.isEmpty() || s.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]") ? s : null);
    static final Setting<String> AZURE_PREFIX = keyPrefix("storage.azure.prefix", "VIGIL_AZURE_PREFIX");

    static final Setting<String> IMPORTS_DIR = Setting.text("imports.dir", "VIGIL_IMPORTS_DIR", "");

    static final List<Setting<?>> ALL = List.of(IMPORTS_DIR, STORAGE_URL_EXPIRE, S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_PREFIX, S3_ACCESS_KEY, S3_SECRET_KEY, S3_PATH_STYLE, S3_SSE, S3_KMS_KEY_ID, AZURE_CONNECTION_STRING, AZURE_ACCOUNT, AZURE_ACCOUNT_KEY, AZURE_ENDPOINT, AZURE_CONTAINER, AZURE_PREFIX);

    private StorageSettingsReader() {}

    /** The blob store's settings; an object store's own are read, and required, only when it is the driver. */
    static io.vigil.server.storage.StorageSettings read(SettingValues values) {
        String driver = values.of(ConfigLoader.STORAGE_DRIVER);
        java.time.Duration urls = java.time.Duration.ofSeconds(values.of(STORAGE_URL_EXPIRE));
        java.nio.file.Path imports = importsDir(values);
        return switch (driver) {
            case "s3" -> new io.vigil.server.storage.StorageSettings(driver, urls, s3(values), null, imports);
            case "azure" -> new io.vigil.server.storage.StorageSettings(driver, urls, null, azure(values), imports);
            default -> new io.vigil.server.storage.StorageSettings(driver, urls, null, null, imports);
        };
    }

    /** The import directory's real path (links resolved once, here), or null when none is set. */
    private static java.nio.file.Path importsDir(SettingValues values) {
        String dir = values.of(IMPORTS_DIR).strip();
        if (dir.isEmpty()) {
            return null;
        }
        try {
            java.nio.file.Path real = java.nio.file.Path.of(dir).toRealPath();
            if (!java.nio.file.Files.isDirectory(real)) {
                throw new ConfigException("setting '" + IMPORTS_DIR.key() + "' (" + IMPORTS_DIR.env() + ") is not a directory: " + dir);
            }
            return real;
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new ConfigException("setting '" + IMPORTS_DIR.key() + "' (" + IMPORTS_DIR.env() + ") names no directory that can be read: " + dir);
        }
    }

    private static io.vigil.server.storage.s3.S3Settings s3(SettingValues values) {
        String bucket = values.of(S3_BUCKET);
        if (bucket.isEmpty()) {
            throw new ConfigException("setting '" + S3_BUCKET.key() + "' (" + S3_BUCKET.env() + ") is required when storage.driver is s3");
        }
        String access = values.of(S3_ACCESS_KEY);
        String secret = values.of(S3_SECRET_KEY);
        if (access.isEmpty() != secret.isEmpty()) {
            throw new ConfigException("settings '" + S3_ACCESS_KEY.key() + "' and '" + S3_SECRET_KEY.key() + "' (" + S3_ACCESS_KEY.env() + ", "
                    + S3_SECRET_KEY.env() + ") go together: set both, or neither for the SDK's default credentials");
        }
        String sse = values.of(S3_SSE);
        String kms = values.of(S3_KMS_KEY_ID);
        if (!kms.isEmpty() && !sse.equals("aws:kms")) {
            throw new ConfigException("setting '" + S3_KMS_KEY_ID.key() + "' (" + S3_KMS_KEY_ID.env() + ") needs "
                    + S3_SSE.key() + " aws:kms");
        }
        String endpoint = values.of(S3_ENDPOINT);
        return new io.vigil.server.storage.s3.S3Settings(endpoint.isEmpty() ? null : java.net.URI.create(endpoint), values.of(S3_REGION).strip(),
                bucket, values.of(S3_PREFIX), blankToNull(access), blankToNull(secret), values.of(S3_PATH_STYLE), blankToNull(sse), blankToNull(kms));
    }

    private static io.vigil.server.storage.azure.AzureSettings azure(SettingValues values) {
        String container = values.of(AZURE_CONTAINER);
        if (container.isEmpty()) {
            throw new ConfigException("setting '" + AZURE_CONTAINER.key() + "' (" + AZURE_CONTAINER.env()
                    + ") is required when storage.driver is azure");
        }
        String connection = values.of(AZURE_CONNECTION_STRING);
        String account = values.of(AZURE_ACCOUNT);
        String key = values.of(AZURE_ACCOUNT_KEY);
        if (connection.isEmpty() && (account.isEmpty() || key.isEmpty())) {
            throw new ConfigException("storage.driver azure needs '" + AZURE_CONNECTION_STRING.key() + "' (" + AZURE_CONNECTION_STRING.env()
                    + "), or both '" + AZURE_ACCOUNT.key() + "' and '" + AZURE_ACCOUNT_KEY.key() + "' (" + AZURE_ACCOUNT.env() + ", "
                    + AZURE_ACCOUNT_KEY.env() + ")");
        }
        if (!connection.isEmpty() && !(account.isEmpty() && key.isEmpty())) {
            throw new ConfigException("storage.driver azure takes a connection string or an account and key, not both");
        }
        return new io.vigil.server.storage.azure.AzureSettings(blankToNull(connection), blankToNull(account), blankToNull(key),
                blankToNull(values.of(AZURE_ENDPOINT)), container, values.of(AZURE_PREFIX));
    }

    /** Where a driver's keys start in a shared bucket: empty, or path segments ending with '/'. */
    private static Setting<String> keyPrefix(String key, String env) {
        return new Setting<>(key, env, "", "empty, or a key prefix such as vigil/prod/ (letters, digits, . _ - and /, ending with /)",
                s -> s.isEmpty() || s.matches("([A-Za-z0-9_-][A-Za-z0-9._-]*/)+") && !s.contains("../") ? s : null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
