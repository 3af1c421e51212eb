package io.vigil.server.storage.azure;

import java.util.Objects;

/**
 * Where the Azure driver keeps blobs ({@code storage.azure.*}, {@code VIGIL_AZURE_*}): a connection string, or an
 * account, its key and the blob endpoint.
 *
 * @param connectionString the storage account's connection string (null when account and key are given)
 * @param account          the storage account's name
 * @param accountKey       its shared key: presigned URLs (SAS) are signed with it; never shown
 * @param endpoint         the blob service, such as {@code https://<account>.blob.core.windows.net} (null: that one)
 * @param container        the container; it must exist
 * @param prefix           blob names start with it (empty, or ending with {@code /})
 */
public record AzureSettings(String connectionString, String account, String accountKey, String endpoint, String container,
        String prefix) {
    public AzureSettings {
        Objects.requireNonNull(container, "container");
        prefix = prefix == null ? "" : prefix;
        if (connectionString == null && (account == null || accountKey == null)) {
            throw new IllegalArgumentException("Azure storage needs a connection string, or an account and its key");
        }
    }

    /** The blob endpoint when account and key are given. */
    public String endpointOrDefault() {
        return endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net";
    }

    @Override
    public String toString() {
        return "AzureSettings[" + (connectionString != null ? "connection string ****" : "account=" + account + ", key ****, endpoint="
                + endpointOrDefault()) + ", container=" + container + ", prefix=" + prefix + "]";
    }
}
