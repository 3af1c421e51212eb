package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A blob far larger than any buffer goes through in constant memory, both ways. */
class LargeBlobTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final long ALLOWED_HEAP_GROWTH = 32L * 1024 * 1024;

    @TempDir
    Path root;

    @Test
    void twoHundredMegabytesWithConstantMemory() throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);
        MessageDigest expected = Sha256.newDigest();
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        long heapBefore = usedHeapAfterGc();
        long heapWhileOpen;
        BlobInfo info;
        try (BlobWriter writer = store.newWriter()) {
            for (long written = 0; written < SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                expected.update(chunk);
                writer.stream().write(chunk);
            }
            heapWhileOpen = usedHeapAfterGc(); // all bytes written, not yet committed
            info = writer.commit();
        }
        assertThat(heapWhileOpen - heapBefore).isLessThan(ALLOWED_HEAP_GROWTH);
        assertThat(info.size()).isEqualTo(SIZE);
        assertThat(info.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));

        long read = 0;
        try (InputStream in = store.open(info.key())) {
            int n;
            while ((n = in.read(chunk)) >= 0) { // reaching the end verifies the hash
                read += n;
            }
        }
        assertThat(read).isEqualTo(SIZE);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
