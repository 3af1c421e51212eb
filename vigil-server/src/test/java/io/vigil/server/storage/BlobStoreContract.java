package io.vigil.server.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} driver must do, run against a real store. A driver's test extends
 * this class and says how to make a store, how to damage a stored object behind the store's back,
 * and how to count the temporary data of unfinished uploads; a decorator (encryption, say) passes
 * the same suite by wrapping a driver and forwarding these hooks to it.
 *
 * <p>Each test gets a fresh, empty store from {@link #createStore()}: listings are exact.
 */
public abstract class BlobStoreContract {
    /** Heap a writer or reader may hold, whatever the blob's size. */
    protected static final long ALLOWED_HEAP_GROWTH = 32L * 1024 * 1024;

    protected BlobStore store;

    /** A new, empty store for one test. */
    protected abstract BlobStore createStore() throws Exception;

    /** A second store on the same place as the last {@link #createStore()}: another process, or this one after a restart. */
    protected abstract BlobStore reopenStore() throws Exception;

    /** Replaces the stored bytes of {@code blob} behind the store's back (a damaged disk or object). */
    protected abstract void overwriteStored(BlobInfo blob, byte[] bytes) throws Exception;

    /** How many temporary things (files, objects, unfinished multipart uploads, staged blocks) the store holds now. */
    protected abstract long temporaryItems() throws Exception;

    /** Bytes an upload must have written before it leaves temporary data in the store (a driver that buffers a part waits for it). */
    protected long bytesThatReachTheStore() {
        return 4096;
    }

    /**
     * Whether a blob's key is the SHA-256 of its content, so the same content is one blob. Not so
     * behind encryption at rest: the key is the hash of the encrypted bytes, and every blob has a
     * data key of its own.
     */
    protected boolean keysAreContentHashes() {
        return true;
    }

    /** Size of the blob that must pass through in constant memory. */
    protected long largeBlobBytes() {
        return 64L * 1024 * 1024;
    }

    @BeforeEach
    void createTheStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void releaseTheStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void keyIsTheSha256OfTheContent() throws Exception {
        byte[] content = "duration,protocol,label\n0,tcp,normal\n".getBytes(UTF_8);
        Instant before = Instant.now().minusSeconds(5);

        BlobInfo info = write(content);

        if (keysAreContentHashes()) {
            assertThat(info.key()).isEqualTo("sha256/" + sha256(content));
        }
        assertThat(info.sha256()).isEqualTo(sha256(content));
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.createdAt()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(read(info.key())).isEqualTo(content);
        BlobInfo stat = store.stat(info.key()).orElseThrow();
        assertThat(stat.key()).isEqualTo(info.key());
        assertThat(stat.size()).isEqualTo(content.length);
    }

    @Test
    void emptyContentIsABlob() throws Exception {
        BlobInfo info = write(new byte[0]);
        assertThat(info.size()).isZero();
        assertThat(info.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(read(info.key())).isEmpty();
    }

    @Test
    void writerCountsAndCommitIsIdempotent() throws Exception {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(new byte[] {1, 2, 3});
            writer.stream().write(4);
            assertThat(writer.bytesWritten()).isEqualTo(4);
            BlobInfo first = writer.commit();
            assertThat(writer.commit()).isEqualTo(first);
            assertThatThrownBy(() -> writer.stream().write(5)).isInstanceOf(IOException.class);
        }
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void nothingIsVisibleBeforeCommit() throws Exception {
        byte[] content = new byte[(int) bytesThatReachTheStore() + 10];
        new Random(7).nextBytes(content);
        String key = "sha256/" + sha256(content);
        BlobInfo committed;
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(content);
            writer.stream().flush();
            assertThat(store.stat(key)).isEmpty();
            assertThat(keys()).isEmpty();
            assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchBlobException.class);
            committed = writer.commit();
        }
        assertThat(keys()).containsExactly(committed.key());
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(new byte[(int) bytesThatReachTheStore() + 10]);
            writer.stream().flush();
        } // closed without commit: aborted
        assertThat(keys()).isEmpty();
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void abortedWriterCannotCommit() throws Exception {
        BlobWriter writer = store.newWriter();
        writer.stream().write(1);
        writer.close();
        assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.stream().write(2)).isInstanceOf(IOException.class);
        writer.close(); // twice is fine
        assertThat(keys()).isEmpty();
    }

    @Test
    void callerClosingTheStreamDoesNotEndTheUpload() throws Exception {
        BlobInfo info;
        try (BlobWriter writer = store.newWriter()) {
            try (OutputStream out = new java.io.BufferedOutputStream(writer.stream())) {
                out.write("wrapped".getBytes(UTF_8));
            }
            info = writer.commit();
        }
        assertThat(new String(read(info.key()), UTF_8)).isEqualTo("wrapped");
    }

    @Test
    void sameContentTwiceIsOneBlob() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(keysAreContentHashes(), "every blob has its own data key");
        byte[] content = "same bytes".getBytes(UTF_8);
        BlobInfo first = write(content);
        BlobInfo second = write(content);

        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.createdAt()).isAfterOrEqualTo(first.createdAt()); // refreshed, for the orphan sweep
        assertThat(keys()).containsExactly(first.key());
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void concurrentWritersOfTheSameContentMakeOneBlob() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(keysAreContentHashes(), "every blob has its own data key");
        byte[] content = "the same dataset uploaded by many at once\n".repeat(5_000).getBytes(UTF_8);
        int writers = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        String expected = "sha256/" + sha256(content);
        try {
            List<Future<BlobInfo>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    try (BlobWriter writer = store.newWriter()) {
                        start.await();
                        writer.stream().write(content);
                        return writer.commit();
                    }
                }));
            }
            for (Future<BlobInfo> result : results) {
                assertThat(result.get().key()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys()).containsExactly(expected);
        assertThat(read(expected)).isEqualTo(content);
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void aFlippedBitIsDetectedAtTheEndOfTheStream() throws Exception {
        byte[] content = "0,tcp,http,SF,181,5450,normal\n".repeat(1000).getBytes(UTF_8);
        BlobInfo info = write(content);
        byte[] damaged = content.clone();
        damaged[damaged.length / 2] ^= 0x01;
        overwriteStored(info, damaged);

        try (InputStream in = store.open(info.key())) {
            assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                    .isInstanceOf(BlobCorruptedException.class)
                    .hasMessageContaining(info.key());
        }
    }

    @Test
    void aTruncatedObjectIsDetected() throws Exception {
        BlobInfo info = write("some content that will be cut".getBytes(UTF_8));
        overwriteStored(info, "some content".getBytes(UTF_8));
        try (InputStream in = store.open(info.key())) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(BlobCorruptedException.class);
        }
    }

    @Test
    void skippingStillVerifies() throws Exception {
        byte[] content = "0123456789".repeat(10_000).getBytes(UTF_8);
        BlobInfo info = write(content);
        byte[] damaged = content.clone();
        damaged[10] ^= 0x20;
        overwriteStored(info, damaged);
        try (InputStream in = store.open(info.key())) {
            assertThatThrownBy(() -> { // found at the end of the stream, or sooner (an encrypted store checks chunk by chunk)
                in.skip(50_000);
                in.readAllBytes();
            }).isInstanceOf(BlobCorruptedException.class);
        }
    }

    @Test
    void rangesReadPartsOfABlob() throws Exception {
        byte[] content = "0123456789abcdefghij".getBytes(UTF_8);
        BlobInfo info = write(content);

        assertThat(readRange(info.key(), 3, 5)).isEqualTo("34567".getBytes(UTF_8));
        assertThat(readRange(info.key(), 0, content.length)).isEqualTo(content);
        assertThat(readRange(info.key(), 15, 100)).isEqualTo("fghij".getBytes(UTF_8)); // cut at the end
        assertThat(readRange(info.key(), 20, 10)).isEmpty();
        assertThat(readRange(info.key(), 4, 0)).isEmpty();
        assertThatThrownBy(() -> store.open(info.key(), -1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(info.key(), 0, -4)).isInstanceOf(IllegalArgumentException.class);
        String missing = "sha256/" + "1".repeat(64);
        assertThatThrownBy(() -> store.open(missing, 0, 4)).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void aMissingBlobIsNamed() throws Exception {
        String key = "sha256/" + "0".repeat(64);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchBlobException.class).hasMessageContaining(key);
        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        BlobInfo keep = write("to keep".getBytes(UTF_8));
        BlobInfo info = write("to delete".getBytes(UTF_8));
        assertThat(store.delete(info.key())).isTrue();
        assertThat(store.delete(info.key())).isFalse();
        assertThat(store.stat(info.key())).isEmpty();
        assertThatThrownBy(() -> store.open(info.key())).isInstanceOf(NoSuchBlobException.class);
        assertThat(keys()).containsExactly(keep.key());
    }

    @Test
    void listShowsCommittedBlobsOnly() throws Exception {
        BlobInfo a = write("a".getBytes(UTF_8));
        BlobInfo b = write("b".getBytes(UTF_8));
        try (BlobWriter pending = store.newWriter()) {
            pending.stream().write(new byte[(int) bytesThatReachTheStore() + 10]);
            pending.stream().flush();
            try (Stream<BlobInfo> all = store.list()) {
                assertThat(all.map(i -> i.key() + " " + i.sha256() + " " + i.size()).toList())
                        .containsExactlyInAnyOrder(a.key() + " " + a.sha256() + " 1", b.key() + " " + b.sha256() + " 1");
            }
        }
    }

    @Test
    void malformedKeysAreRefused() {
        for (String bad : new String[] {null, "", "../../etc/passwd", "sha256/" + "A".repeat(64), "sha256/" + "0".repeat(63),
                "sha256/" + "0".repeat(64) + "/..", "tmp/" + "0".repeat(64), "sha256/" + "0".repeat(62) + "\n0"}) {
            assertThatThrownBy(() -> store.open(bad)).as("open %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad, 0, 1)).as("range %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(bad)).as("stat %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).as("delete %s", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLargeBlobPassesThroughInConstantMemory() throws Exception {
        long size = largeBlobBytes();
        MessageDigest expected = Sha256.newDigest();
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        long heapBefore = usedHeapAfterGc();
        long heapWhileOpen;
        BlobInfo info;
        try (BlobWriter writer = store.newWriter()) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                expected.update(chunk);
                writer.stream().write(chunk);
            }
            heapWhileOpen = usedHeapAfterGc(); // every byte written, none committed
            info = writer.commit();
        }
        assertThat(heapWhileOpen - heapBefore).as("heap held by a writer of %d bytes", size).isLessThan(ALLOWED_HEAP_GROWTH);
        assertThat(info.size()).isEqualTo(size);
        assertThat(info.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));

        long read = 0;
        long heapWhileReading = 0;
        try (InputStream in = store.open(info.key())) {
            int n;
            while ((n = in.read(chunk)) >= 0) { // reaching the end verifies the hash
                read += n;
                if (heapWhileReading == 0 && read > size / 2) {
                    heapWhileReading = usedHeapAfterGc();
                }
            }
        }
        assertThat(read).isEqualTo(size);
        assertThat(heapWhileReading - heapBefore).as("heap held by a reader").isLessThan(ALLOWED_HEAP_GROWTH);
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void theSweepRemovesWhatACrashLeftOnlyOnceItIsOlderThanTheCutoff() throws Exception {
        BlobStore crashed = reopenStore(); // another process, killed mid-upload: its writer is never closed
        BlobWriter abandoned = crashed.newWriter();
        abandoned.stream().write(new byte[(int) bytesThatReachTheStore() + 10]);
        abandoned.stream().flush();
        assertThat(temporaryItems()).as("temporary data of the unfinished upload").isPositive();

        assertThat(store.sweepTemporary(Instant.now().minus(Duration.ofHours(1)))).isZero(); // may still be in progress
        assertThat(temporaryItems()).isPositive();

        assertThat(store.sweepTemporary(Instant.now().plusSeconds(60))).isPositive();
        assertThat(temporaryItems()).isZero();
        assertThat(keys()).isEmpty();
        abandoned.close(); // what is already gone cannot fail the abort
        if (crashed instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void theSweepSparesUploadsThisStoreHasOpen() throws Exception {
        byte[] content = new byte[(int) bytesThatReachTheStore() + 10];
        new Random(3).nextBytes(content);
        try (BlobWriter live = store.newWriter()) {
            live.stream().write(content);
            live.stream().flush();

            store.sweepTemporary(Instant.now().plusSeconds(60));

            BlobInfo info = live.commit();
            assertThat(read(info.key())).isEqualTo(content);
        }
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void healthCheckLeavesNoTrace() throws Exception {
        store.checkHealth();
        assertThat(keys()).isEmpty();
        assertThat(temporaryItems()).isZero();
    }

    // ---- helpers for subclasses too

    protected BlobInfo write(byte[] content) throws IOException {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(content);
            return writer.commit();
        }
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    protected byte[] readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected List<String> keys() throws IOException {
        try (Stream<BlobInfo> all = store.list()) {
            return all.map(BlobInfo::key).toList();
        }
    }

    protected static String sha256(byte[] content) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(content));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
