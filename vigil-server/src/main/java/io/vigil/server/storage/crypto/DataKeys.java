package io.vigil.server.storage.crypto;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the wrapped data keys of encrypted blobs are kept, apart from the blobs, so a new master
 * key re-wraps them without a byte of data being rewritten (on any driver). {@link DataKeyRepository}
 * keeps them in PostgreSQL, shared by every instance.
 */
public interface DataKeys {
    /** Records a new blob's key; an existing row for the same blob is left as it is. */
    void put(DataKey key);

    Optional<DataKey> find(String blobKey);

    void delete(String blobKey);

    /** Up to {@code limit} rows wrapped by a key other than {@code keyId}. */
    List<DataKey> wrappedByOtherThan(String keyId, int limit);

    /** Replaces a row's wrapped key, only if it is still wrapped by {@code oldKeyId}; whether it did. */
    boolean rewrap(String blobKey, String oldKeyId, String newKeyId, byte[] wrapped);

    /** How many rows each master key id wrapped. */
    Map<String, Long> countByKeyId();
}
