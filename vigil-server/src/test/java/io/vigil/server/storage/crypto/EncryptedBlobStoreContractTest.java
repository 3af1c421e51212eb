package io.vigil.server.storage.crypto;

import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStoreContract;
import io.vigil.server.storage.LocalBlobStore;
import io.vigil.server.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest keeps every promise of the drivers' contract (on the local driver; it is the same decorator on all). */
class EncryptedBlobStoreContractTest extends BlobStoreContract {
    private static final EncryptionKeys KEYS = new EncryptionKeys("k", Map.of("k", EncryptedBlobStoreTest.bytes(32, 42)));
    private static Database database;

    @TempDir
    Path root;

    @BeforeAll
    static void startDatabase() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @Override
    protected BlobStore createStore() {
        database.jdbi().useHandle(h -> h.execute("delete from blob_data_keys"));
        return reopenStore();
    }

    @Override
    protected BlobStore reopenStore() {
        return new EncryptedBlobStore(new LocalBlobStore(root), KEYS, new DataKeyRepository(database.jdbi()));
    }

    /** The driver below would hand out its file, but that holds ciphertext: no outside reader gets it. */
    @org.junit.jupiter.api.Test
    void noOutsideReaderIsGivenTheCiphertext() throws Exception {
        BlobInfo info = write("a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(store.externalLocation(info.key())).isEmpty();
    }

    @Override
    protected boolean keysAreContentHashes() {
        return false;
    }

    @Override
    protected void overwriteStored(BlobInfo blob, byte[] bytes) throws IOException {
        String hex = BlobKeys.requireValid(blob.key());
        Files.write(root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex), bytes);
    }

    @Override
    protected long temporaryItems() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.count();
        }
    }
}
