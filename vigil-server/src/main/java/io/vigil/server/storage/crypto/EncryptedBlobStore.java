package io.vigil.server.storage.crypto;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Encryption at rest in front of any driver: each blob gets a fresh data key, its content is sealed
 * by {@link ChunkedGcm} on the way into the driver, and the data key, wrapped by the current master
 * key, goes to {@link DataKeys} once the driver has committed the blob. The key callers see is the
 * driver's (the hash of the encrypted bytes), so the driver still verifies every read; the
 * {@link BlobInfo} they get tells the plaintext's hash and size. Two uploads of the same content
 * are two blobs: their data keys differ, so their bytes do.
 *
 * <p>A blob with no data key row is read as it is: blobs stored before encryption was turned on
 * stay readable, and an encrypted blob whose row never got written (a crash between the two) is
 * referenced by nothing, so the orphan sweep removes it.
 */
public final class EncryptedBlobStore implements BlobStore {
    private final BlobStore inner;
    private final EncryptionKeys keys;
    private final DataKeys dataKeys;
    private final SecureRandom random = new SecureRandom();

    public EncryptedBlobStore(BlobStore inner, EncryptionKeys keys, DataKeys dataKeys) {
        this.inner = inner;
        this.keys = keys;
        this.dataKeys = dataKeys;
    }

    public EncryptionKeys keys() {
        return keys;
    }

    @Override
    public BlobWriter newWriter() throws IOException {
        byte[] dataKey = keys.newDataKey();
        byte[] wrapped = keys.wrap(dataKey);
        BlobWriter sink = inner.newWriter();
        return new EncryptingWriter(sink, dataKey, wrapped);
    }

    @Override
    public InputStream open(String key) throws IOException {
        BlobKeys.requireValid(key);
        Optional<DataKey> row = dataKeys.find(key);
        InputStream stored = inner.open(key);
        if (row.isEmpty()) {
            return stored; // stored before encryption was on
        }
        try {
            return new OpeningInputStream(stored, key, keys.unwrap(row.get().keyId(), row.get().wrapped()));
        } catch (GeneralSecurityException e) {
            stored.close();
            throw new IOException("blob " + key + " cannot be decrypted: " + e.getMessage(), e);
        }
    }

    /**
     * None, whatever the store below could offer: its bytes are ciphertext that only this class opens (with the data
     * key it unwraps), and no outside reader is handed a key. A training on Spark gets the rows decrypted into a
     * scratch file instead.
     */
    @Override
    public Optional<io.vigil.server.storage.ExternalLocation> externalLocation(String key) throws IOException {
        io.vigil.server.storage.BlobKeys.requireValid(key);
        return Optional.empty();
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        Optional<BlobInfo> stored = inner.stat(key);
        if (stored.isEmpty()) {
            return stored;
        }
        return Optional.of(plainView(stored.get()));
    }

    @Override
    public boolean delete(String key) throws IOException {
        boolean existed = inner.delete(key);
        dataKeys.delete(key); // after the blob: a crash between leaves a row for no blob, which is harmless
        return existed;
    }

    @Override
    public Stream<BlobInfo> list() throws IOException {
        return inner.list().map(this::plainView);
    }


    @Override
    public int sweepTemporary(Instant cutoff) throws IOException {
        return inner.sweepTemporary(cutoff);
    }

    private BlobInfo plainView(BlobInfo stored) {
        return dataKeys.find(stored.key())
                .map(row -> new BlobInfo(stored.key(), row.sha256(), row.size(), stored.createdAt()))
                .orElse(stored);
    }

    @Override
    public String toString() {
        return "EncryptedBlobStore[" + inner + ", " + keys + "]";
    }

    /** Seals into the driver's writer; on commit, records the wrapped data key. */
    private final class EncryptingWriter implements BlobWriter {
        private final BlobWriter sink;
        private final byte[] dataKey;
        private final byte[] wrapped;
        private final SealingOutputStream sealing;
        private BlobInfo committed;

        EncryptingWriter(BlobWriter sink, byte[] dataKey, byte[] wrapped) {
            this.sink = sink;
            this.dataKey = dataKey;
            this.wrapped = wrapped;
            this.sealing = new SealingOutputStream(sink.stream(), dataKey, random);
        }

        @Override
        public java.io.OutputStream stream() {
            return sealing;
        }

        @Override
        public long bytesWritten() {
            return sealing.plaintextBytes();
        }

        @Override
        public BlobInfo commit() throws IOException {
            if (committed != null) {
                return committed;
            }
            sealing.finish(); // after an abort this throws: an aborted upload can't be committed
            BlobInfo stored = sink.commit();
            String sha = HexFormat.of().formatHex(sealing.plaintextSha256());
            try {
                dataKeys.put(new DataKey(stored.key(), keys.currentId(), wrapped, sha, sealing.plaintextBytes()));
            } catch (RuntimeException e) {
                inner.delete(stored.key()); // no readable row, no blob
                throw new IOException("the data key of blob " + stored.key() + " could not be recorded", e);
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
            committed = new BlobInfo(stored.key(), sha, sealing.plaintextBytes(), stored.createdAt());
            return committed;
        }

        @Override
        public void close() {
            if (committed == null) {
                sealing.abandon();
                Arrays.fill(dataKey, (byte) 0);
            }
            sink.close();
        }
    }
}
