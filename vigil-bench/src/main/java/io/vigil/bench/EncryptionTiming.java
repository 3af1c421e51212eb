package io.vigil.bench;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.LocalBlobStore;
import io.vigil.server.storage.crypto.DataKey;
import io.vigil.server.storage.crypto.DataKeys;
import io.vigil.server.storage.crypto.EncryptedBlobStore;
import io.vigil.server.storage.crypto.EncryptionKeys;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What encryption at rest costs a blob, by hand: {@code mb} MiB written through the local driver
 * and read back, plain and behind {@link EncryptedBlobStore} (data keys kept in memory here, as
 * one row each in PostgreSQL in Vigil), three rounds each after a warm-up. Prints MiB/s of the
 * best round, so the page cache is warm for both and the figure is the CPU's: SHA-256 and AES-GCM.
 *
 * <pre>
 * java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.EncryptionTiming [dir=vigil-bench/target/encryption-timing] [mb=256]
 * </pre>
 */
public final class EncryptionTiming {
    private EncryptionTiming() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "vigil-bench/target/encryption-timing");
        int mb = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Files.createDirectories(root);
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        LocalBlobStore plain = new LocalBlobStore(root.resolve("plain"));
        EncryptionKeys keys = new EncryptionKeys("bench", Map.of("bench", new byte[32]));
        EncryptedBlobStore encrypted = new EncryptedBlobStore(new LocalBlobStore(root.resolve("encrypted")), keys, new MemoryDataKeys());
        measure("plain", plain, chunk, 32, false); // warm-up
        measure("encrypted", encrypted, chunk, 32, false);
        for (BlobStore store : List.of(plain, encrypted)) {
            double bestWrite = 0;
            double bestRead = 0;
            for (int round = 0; round < 3; round++) {
                double[] rates = measure(store == plain ? "plain" : "encrypted", store, chunk, mb, true);
                bestWrite = Math.max(bestWrite, rates[0]);
                bestRead = Math.max(bestRead, rates[1]);
            }
            System.out.printf(Locale.ROOT, "%-9s best of 3: write %.0f MiB/s, read %.0f MiB/s (%d MiB)%n",
                    store == plain ? "plain" : "encrypted", bestWrite, bestRead, mb);
        }
    }

    private static double[] measure(String name, BlobStore store, byte[] chunk, int mb, boolean print) throws Exception {
        long t0 = System.nanoTime();
        BlobInfo info;
        try (BlobWriter writer = store.newWriter()) {
            OutputStream out = writer.stream();
            for (int i = 0; i < mb; i++) {
                chunk[0] = (byte) i; // every round other content: no dedup on the plain driver
                chunk[1] = (byte) (System.nanoTime());
                out.write(chunk);
            }
            info = writer.commit();
        }
        long t1 = System.nanoTime();
        try (InputStream in = store.open(info.key())) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        long t2 = System.nanoTime();
        store.delete(info.key());
        double write = mb / ((t1 - t0) / 1e9);
        double read = mb / ((t2 - t1) / 1e9);
        if (print) {
            System.out.printf(Locale.ROOT, "%-9s write %6.0f MiB/s  read %6.0f MiB/s%n", name, write, read);
        }
        return new double[] {write, read};
    }

    /** Data keys in memory: the bench measures the bytes' path, not PostgreSQL's one insert per blob. */
    private static final class MemoryDataKeys implements DataKeys {
        private final Map<String, DataKey> rows = new ConcurrentHashMap<>();

        @Override
        public void put(DataKey key) {
            rows.putIfAbsent(key.blobKey(), key);
        }

        @Override
        public Optional<DataKey> find(String blobKey) {
            return Optional.ofNullable(rows.get(blobKey));
        }

        @Override
        public void delete(String blobKey) {
            rows.remove(blobKey);
        }

        @Override
        public List<DataKey> wrappedByOtherThan(String keyId, int limit) {
            return new ArrayList<>();
        }

        @Override
        public boolean rewrap(String blobKey, String oldKeyId, String newKeyId, byte[] wrapped) {
            return false;
        }

        @Override
        public Map<String, Long> countByKeyId() {
            return Map.of();
        }
    }
}
