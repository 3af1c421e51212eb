package io.vigil.server.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
    @TempDir
    Path root;
    LocalBlobStore store;

    @BeforeEach
    void setUp() {
        store = new LocalBlobStore(root);
    }

    @Test
    void roundTrip() throws IOException {
        byte[] content = "duration,protocol,label\n0,tcp,normal\n".getBytes(UTF_8);
        Instant before = Instant.now().minusSeconds(2);

        BlobInfo info = write(content);

        String hex = sha256(content);
        assertThat(info.key()).isEqualTo("sha256/" + hex);
        assertThat(info.sha256()).isEqualTo(hex);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.createdAt()).isAfter(before);
        try (InputStream in = store.open(info.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.stat(info.key())).contains(info);
        assertThat(Files.exists(root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex)))
                .isTrue();
    }

    @Test
    void writerCountsAndCommitIsIdempotent() throws IOException {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(new byte[] {1, 2, 3});
            writer.stream().write(4);
            assertThat(writer.bytesWritten()).isEqualTo(4);
            BlobInfo first = writer.commit();
            assertThat(writer.commit()).isEqualTo(first);
            assertThatThrownBy(() -> writer.stream().write(5)).isInstanceOf(IOException.class);
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void emptyBlobIsABlob() throws IOException {
        BlobInfo info = write(new byte[0]);
        assertThat(info.size()).isZero();
        assertThat(info.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        try (InputStream in = store.open(info.key())) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void identicalContentIsStoredOnce() throws IOException {
        byte[] content = "same bytes".getBytes(UTF_8);
        BlobInfo first = write(content);
        BlobInfo second = write(content);

        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.createdAt()).isAfterOrEqualTo(first.createdAt()); // refreshed, for orphan sweeps
        assertThat(listKeys()).containsExactly(first.key());
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void recommittingOldContentRefreshesItsCreationTime() throws IOException {
        byte[] content = "old upload".getBytes(UTF_8);
        BlobInfo first = write(content);
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(blobFile(first), java.nio.file.attribute.FileTime.from(longAgo));
        assertThat(store.stat(first.key()).orElseThrow().createdAt()).isEqualTo(longAgo);

        BlobInfo again = write(content);

        assertThat(again.createdAt()).isAfter(longAgo);
    }

    @Test
    void abortLeavesNothing() throws IOException {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write("half an upload".getBytes(UTF_8));
            assertThat(tempFiles()).hasSize(1);
        } // closed without commit
        assertThat(tempFiles()).isEmpty();
        assertThat(listKeys()).isEmpty();
    }

    @Test
    void abortedWriterCannotCommit() throws IOException {
        BlobWriter writer = store.newWriter();
        writer.stream().write(1);
        writer.close();
        assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.stream().write(2)).isInstanceOf(IOException.class);
        assertThat(listKeys()).isEmpty();
    }

    @Test
    void callerClosingTheStreamDoesNotEndTheUpload() throws IOException {
        BlobInfo info;
        try (BlobWriter writer = store.newWriter()) {
            try (OutputStream out = new java.io.BufferedOutputStream(writer.stream())) {
                out.write("wrapped".getBytes(UTF_8));
            }
            info = writer.commit();
        }
        try (InputStream in = store.open(info.key())) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("wrapped");
        }
    }

    @Test
    void corruptedFileIsDetectedOnRead() throws IOException {
        byte[] content = "0,tcp,http,SF,181,5450,normal\n".repeat(1000).getBytes(UTF_8);
        BlobInfo info = write(content);
        Path file = blobFile(info);
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[onDisk.length / 2] ^= 0x01; // one flipped bit
        Files.write(file, onDisk);

        try (InputStream in = store.open(info.key())) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(BlobCorruptedException.class)
                    .hasMessageContaining(info.key());
        }
    }

    @Test
    void truncatedFileIsDetectedOnRead() throws IOException {
        BlobInfo info = write("some content that will be cut".getBytes(UTF_8));
        Path file = blobFile(info);
        Files.write(file, "some content".getBytes(UTF_8));
        try (InputStream in = store.open(info.key())) {
            assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                    .isInstanceOf(BlobCorruptedException.class);
        }
    }

    @Test
    void missingBlob() throws IOException {
        String key = "sha256/" + "0".repeat(64);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchBlobException.class).hasMessageContaining(key);
        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void deleteIsIdempotent() throws IOException {
        BlobInfo info = write("to delete".getBytes(UTF_8));
        assertThat(store.delete(info.key())).isTrue();
        assertThat(store.delete(info.key())).isFalse();
        assertThat(store.stat(info.key())).isEmpty();
        assertThatThrownBy(() -> store.open(info.key())).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void listShowsCommittedBlobsOnly() throws IOException {
        BlobInfo a = write("a".getBytes(UTF_8));
        BlobInfo b = write("b".getBytes(UTF_8));
        try (BlobWriter pending = store.newWriter()) {
            pending.stream().write("not yet".getBytes(UTF_8));
            Files.writeString(root.resolve("sha256").resolve("stray.txt"), "not a blob");
            try (Stream<BlobInfo> all = store.list()) {
                assertThat(all.collect(Collectors.toList())).containsExactlyInAnyOrder(a, b);
            }
        }
    }

    @Test
    void sweepTemporaryRemovesCrashLeftoversButNotLiveUploads() throws IOException {
        Path tmp = root.resolve("tmp");
        Files.writeString(tmp.resolve("crashed-1.part"), "left by a crash");
        Files.writeString(tmp.resolve("crashed-2.part"), "left by a crash");
        try (BlobWriter live = store.newWriter()) {
            live.stream().write("in flight".getBytes(UTF_8));

            store.sweepTemporary(Instant.now().plusSeconds(1));

            assertThat(tempFiles()).hasSize(1);
            BlobInfo info = live.commit();
            assertThat(store.stat(info.key())).isPresent();
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void newStoreOnSameRootSweepsEverything() throws IOException {
        BlobWriter abandoned = store.newWriter(); // a "crashed" process never closes it
        abandoned.stream().write(1);
        new LocalBlobStore(root).sweepTemporary(Instant.now().plusSeconds(1));
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void sweepTemporaryLeavesFilesWrittenSinceTheCutoff() throws IOException {
        // another instance sharing the store has an upload in progress: its file is being written
        Path inFlight = root.resolve("tmp").resolve("other-instance.part");
        Files.writeString(inFlight, "being uploaded elsewhere");
        Path abandoned = root.resolve("tmp").resolve("abandoned.part");
        Files.writeString(abandoned, "left by a crash two hours ago");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(new LocalBlobStore(root).sweepTemporary(Instant.now().minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(inFlight).exists();
        assertThat(abandoned).doesNotExist();
    }

    @Test
    void concurrentWritersOfTheSameContent() throws Exception {
        byte[] content = "the same dataset uploaded by many at once\n".repeat(20_000).getBytes(UTF_8);
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<BlobInfo>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    try (BlobWriter writer = store.newWriter()) {
                        start.await();
                        for (int off = 0; off < content.length; off += 4096) {
                            writer.stream().write(content, off, Math.min(4096, content.length - off));
                        }
                        return writer.commit();
                    }
                }));
            }
            String expectedKey = "sha256/" + sha256(content);
            for (Future<BlobInfo> result : results) {
                assertThat(result.get().key()).isEqualTo(expectedKey);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listKeys()).containsExactly("sha256/" + sha256(content));
        assertThat(tempFiles()).isEmpty();
        try (InputStream in = store.open("sha256/" + sha256(content))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void checkHealthLeavesNoTrace() throws IOException {
        store.checkHealth();
        assertThat(listKeys()).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void checkHealthFailsWhenTheDirectoryIsGone() throws IOException {
        deleteRecursively(root.resolve("tmp"));
        assertThatThrownBy(store::checkHealth).isInstanceOf(IOException.class);
    }

    @Test
    void skipStillVerifies() throws IOException {
        BlobInfo info = write("0123456789".repeat(10_000).getBytes(UTF_8));
        Path file = blobFile(info);
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[10] ^= 0x20;
        Files.write(file, onDisk);
        try (InputStream in = store.open(info.key())) {
            in.skip(50_000);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(BlobCorruptedException.class);
        }
    }

    private BlobInfo write(byte[] content) throws IOException {
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write(content);
            return writer.commit();
        }
    }

    private Path blobFile(BlobInfo info) {
        String hex = info.sha256();
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private List<String> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private List<String> listKeys() throws IOException {
        try (Stream<BlobInfo> all = store.list()) {
            return all.map(BlobInfo::key).collect(Collectors.toList());
        }
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha256Digest().digest(content));
    }

    private static MessageDigest sha256Digest() {
        return Sha256.newDigest();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
