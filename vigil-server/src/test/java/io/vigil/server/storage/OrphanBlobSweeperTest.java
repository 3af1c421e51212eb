package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanBlobSweeperTest {
    @TempDir
    Path dir;

    @Test
    void onlyOldBlobsThatNothingPointsToGo() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String dataset = put(blobs, "a dataset");
        String bundle = put(blobs, "a model bundle");
        String orphan = put(blobs, "left by a crash");
        Set<String> referenced = Set.of(dataset, bundle);

        assertThat(OrphanBlobSweeper.sweep(blobs, Instant.now().minusSeconds(3600), referenced::contains)).isZero();
        assertThat(OrphanBlobSweeper.sweep(blobs, Instant.now().plusSeconds(1), referenced::contains)).isEqualTo(1);
        assertThat(blobs.stat(orphan)).isEmpty();
        assertThat(blobs.stat(dataset)).isPresent();
        assertThat(blobs.stat(bundle)).isPresent();
    }

    private static String put(BlobStore blobs, String content) throws IOException {
        try (BlobWriter w = blobs.newWriter()) {
            w.stream().write(content.getBytes(StandardCharsets.UTF_8));
            return w.commit().key();
        }
    }
}
