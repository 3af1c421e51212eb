package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoresTest {
    @TempDir
    Path dataDir;

    @Test
    void localIsTheDefault() {
        assertThat(BlobStores.create((String) null, dataDir)).isInstanceOf(LocalBlobStore.class);
        assertThat(BlobStores.create(" ", dataDir)).isInstanceOf(LocalBlobStore.class);
        assertThat(BlobStores.create("LOCAL", dataDir)).isInstanceOf(LocalBlobStore.class);
        assertThat(Files.isDirectory(dataDir.resolve("blobs").resolve("tmp"))).isTrue();
    }

    @Test
    void unknownDriverNamesTheSettingAndTheChoices() {
        assertThatThrownBy(() -> BlobStores.create("gcs", dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.driver")
                .hasMessageContaining("gcs")
                .hasMessageContaining("local");
    }
}
