package io.vigil.server.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.storage.BlobCorruptedException;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.LocalBlobStore;
import io.vigil.server.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encryption at rest over the local driver, with the data keys in a real PostgreSQL. */
class EncryptedBlobStoreTest {
    private static final byte[] KEY_A = bytes(32, 1);
    private static final byte[] KEY_B = bytes(32, 2);
    private static Database database;

    @TempDir
    Path root;
    LocalBlobStore driver;
    DataKeyRepository dataKeys;
    EncryptedBlobStore store;

    @BeforeAll
    static void startDatabase() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database.jdbi().useHandle(h -> h.execute("delete from blob_data_keys"));
        driver = new LocalBlobStore(root);
        dataKeys = new DataKeyRepository(database.jdbi());
        store = new EncryptedBlobStore(driver, new EncryptionKeys("a", Map.of("a", KEY_A)), dataKeys);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, ChunkedGcm.CHUNK - 1, ChunkedGcm.CHUNK, ChunkedGcm.CHUNK + 1, 3 * ChunkedGcm.CHUNK + 5})
    void readsBackWhatWasWrittenAndTellsThePlaintextsHashAndSize(int size) throws IOException {
        byte[] content = bytes(size, size);
        BlobInfo info = write(store, content);

        assertThat(info.size()).isEqualTo(size);
        assertThat(info.sha256()).isEqualTo(sha256(content));
        assertThat(store.stat(info.key())).contains(info);
        try (InputStream in = store.open(info.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        // the driver holds header + chunks, each with its tag, and verifies them by its own key
        long chunks = Math.max(1, (size + ChunkedGcm.CHUNK - 1) / ChunkedGcm.CHUNK);
        assertThat(driver.stat(info.key()).orElseThrow().size()).isEqualTo(ChunkedGcm.HEADER_BYTES + size + chunks * ChunkedGcm.TAG_BYTES);
    }

    @Test
    void theStoredBytesHoldNoPlaintext() throws IOException {
        byte[] content = "src_ip=10.1.2.3 user=alice label=neptune\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        BlobInfo info = write(store, content);

        String stored;
        try (InputStream raw = driver.open(info.key())) {
            stored = new String(raw.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(stored).doesNotContain("alice").doesNotContain("10.1.2.3").doesNotContain("neptune");
    }

    @Test
    void theSameContentTwiceIsTwoBlobsUnderTwoDataKeys() throws IOException {
        byte[] content = bytes(1000, 7);
        BlobInfo first = write(store, content);
        BlobInfo second = write(store, content);

        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.sha256()).isEqualTo(second.sha256());
        assertThat(dataKeys.find(first.key()).orElseThrow().wrapped()).isNotEqualTo(dataKeys.find(second.key()).orElseThrow().wrapped());
    }

    @Test
    void anAbortedUploadLeavesNoBlobAndNoDataKey() throws IOException {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(bytes(ChunkedGcm.CHUNK * 2, 3));
        }
        assertThat(listKeys(driver)).isEmpty();
        assertThat(dataKeys.countByKeyId()).isEmpty();
    }

    @Test
    void aDataKeyOfAnotherBlobDoesNotOpenIt() throws IOException {
        BlobInfo one = write(store, bytes(5000, 1));
        BlobInfo other = write(store, bytes(5000, 2));
        DataKey otherKey = dataKeys.find(other.key()).orElseThrow();
        database.jdbi().useHandle(h -> h.createUpdate("update blob_data_keys set wrapped_key = :w where blob_key = :k")
                .bind("w", otherKey.wrapped()).bind("k", one.key()).execute());

        assertThatThrownBy(() -> {
            try (InputStream in = store.open(one.key())) {
                in.readAllBytes();
            }
        }).isInstanceOf(BlobCorruptedException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void rotationRewrapsEveryDataKeyAndRewritesNoBlob() throws IOException {
        List<byte[]> contents = List.of(bytes(10, 1), bytes(ChunkedGcm.CHUNK + 10, 2), bytes(0, 3));
        List<BlobInfo> infos = new java.util.ArrayList<>();
        for (byte[] c : contents) {
            infos.add(write(store, c));
        }
        Map<String, byte[]> storedBefore = storedFiles();

        EncryptionKeys rotated = new EncryptionKeys("b", Map.of("a", KEY_A, "b", KEY_B));
        KeyRotation.Result result = KeyRotation.run(rotated, dataKeys);

        assertThat(result.rewrapped()).isEqualTo(3);
        assertThat(result.unreadable()).isEmpty();
        assertThat(dataKeys.countByKeyId()).isEqualTo(Map.of("b", 3L));
        assertThat(storedFiles()).usingRecursiveComparison().isEqualTo(storedBefore);
        // the old key can go: key b alone reads everything
        EncryptedBlobStore onlyB = new EncryptedBlobStore(driver, new EncryptionKeys("b", Map.of("b", KEY_B)), dataKeys);
        for (int i = 0; i < contents.size(); i++) {
            try (InputStream in = onlyB.open(infos.get(i).key())) {
                assertThat(in.readAllBytes()).isEqualTo(contents.get(i));
            }
        }
        assertThat(KeyRotation.run(rotated, dataKeys).rewrapped()).isZero();
    }

    @Test
    void blobsWrappedByAKeyThatIsNotConfiguredAreNamedNotGuessed() throws IOException {
        BlobInfo info = write(store, bytes(100, 4));
        EncryptionKeys onlyB = new EncryptionKeys("b", Map.of("b", KEY_B));

        assertThat(KeyRotation.run(onlyB, dataKeys).unreadable()).isEqualTo(Map.of("a", 1L));
        assertThatThrownBy(() -> new EncryptedBlobStore(driver, onlyB, dataKeys).open(info.key()))
                .isInstanceOf(IOException.class).hasMessageContaining("key 'a'").hasMessageContaining("not configured");
    }

    @Test
    void withoutKeysTheStartIsRefusedWhileEncryptedBlobsExist() throws IOException {
        assertThat(Encryption.protect(driver, Optional.empty(), dataKeys)).isSameAs(driver);
        write(store, bytes(100, 5));

        assertThatThrownBy(() -> Encryption.protect(driver, Optional.empty(), dataKeys))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 blobs are encrypted")
                .hasMessageContaining("VIGIL_STORAGE_ENCRYPTION_KEY");
    }

    @Test
    void blobsStoredBeforeEncryptionStayReadable() throws IOException {
        byte[] content = bytes(3000, 6);
        BlobInfo plain = write(driver, content);

        try (InputStream in = store.open(plain.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.stat(plain.key())).contains(plain);
    }

    @Test
    void deletingRemovesTheBlobAndItsDataKey() throws IOException {
        BlobInfo info = write(store, bytes(100, 8));
        assertThat(store.delete(info.key())).isTrue();
        assertThat(driver.stat(info.key())).isEmpty();
        assertThat(dataKeys.find(info.key())).isEmpty();
    }

    @Test
    void healthCheckRoundTripsAndLeavesNothing() throws IOException {
        store.checkHealth();
        assertThat(listKeys(driver)).isEmpty();
        assertThat(dataKeys.countByKeyId()).isEmpty();
    }

    private Map<String, byte[]> storedFiles() throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.walk(root.resolve("sha256"))) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<String> listKeys(BlobStore s) throws IOException {
        try (Stream<BlobInfo> all = s.list()) {
            return all.map(BlobInfo::key).toList();
        }
    }

    static BlobInfo write(BlobStore s, byte[] content) throws IOException {
        try (BlobWriter writer = s.newWriter()) {
            writer.stream().write(content);
            return writer.commit();
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
