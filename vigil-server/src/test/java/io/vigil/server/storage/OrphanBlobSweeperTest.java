package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanBlobSweeperTest {
    private static final OrphanBlobSweeper.KeyLock NO_LOCK = (key, work) -> work.getAsBoolean();

    @TempDir
    Path dir;

    @Test
    void onlyOldBlobsThatNothingPointsToGo() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String dataset = put(blobs, "a dataset");
        String bundle = put(blobs, "a model bundle");
        String orphan = put(blobs, "left by a crash");
        Set<String> referenced = Set.of(dataset, bundle);

        assertThat(sweepOlderThan(blobs, Instant.now().minusSeconds(3600), referenced)).isZero();
        assertThat(sweepOlderThan(blobs, Instant.now().plusSeconds(1), referenced)).isEqualTo(1);
        assertThat(blobs.stat(orphan)).isEmpty();
        assertThat(blobs.stat(dataset)).isPresent();
        assertThat(blobs.stat(bundle)).isPresent();
    }

    @Test
    void aBlobCommittedAgainByAnUploadInFlightIsKept() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String orphan = put(blobs, "an old orphan that someone uploads again");
        age(orphan, Duration.ofHours(2));
        // between the listing and the lock, an upload (here or on another instance) commits the same content
        OrphanBlobSweeper.KeyLock uploadCommitsFirst = (key, work) -> {
            put(blobs, "an old orphan that someone uploads again");
            return work.getAsBoolean();
        };
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, List.of(k -> false), uploadCommitsFirst,
                Clock.systemUTC(), OrphanBlobSweeper.GRACE);

        assertThat(sweeper.sweep().blobs()).isZero();
        assertThat(blobs.stat(orphan)).isPresent();
    }

    @Test
    void aRecordCommittedBeforeTheLockIsSeenUnderIt() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String key = put(blobs, "recorded a moment after the first look");
        age(key, Duration.ofHours(2));
        Set<String> records = ConcurrentHashMap.newKeySet();
        OrphanBlobSweeper.KeyLock recordCommitsFirst = (k, work) -> {
            records.add(k); // the writer held the lock, recorded the blob and committed
            return work.getAsBoolean();
        };
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, List.of(records::contains), recordCommitsFirst,
                Clock.systemUTC(), OrphanBlobSweeper.GRACE);

        assertThat(sweeper.sweep().blobs()).isZero();
        assertThat(blobs.stat(key)).isPresent();
    }

    @Test
    void everyKindOfRecordKeepsItsBlobs() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String dataset = put(blobs, "a dataset");
        String bundle = put(blobs, "a model bundle");
        String orphan = put(blobs, "an orphan");
        for (String key : List.of(dataset, bundle, orphan)) {
            age(key, Duration.ofHours(2));
        }
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, List.of(dataset::equals, bundle::equals), NO_LOCK,
                Clock.systemUTC(), OrphanBlobSweeper.GRACE);

        OrphanBlobSweeper.Sweep swept = sweeper.sweep();
        assertThat(swept.blobs()).isEqualTo(1);
        assertThat(swept.blobBytes()).isEqualTo("an orphan".length());
        assertThat(blobs.stat(orphan)).isEmpty();
        assertThat(blobs.stat(dataset)).isPresent();
        assertThat(blobs.stat(bundle)).isPresent();
    }

    @Test
    void sweepsAgainAndAgainNotOnlyAtStart() throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String orphan = put(blobs, "too young at the first sweep");
        try (OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, List.of(k -> false), NO_LOCK, Clock.systemUTC(),
                OrphanBlobSweeper.GRACE)) {
            sweeper.start(Duration.ofMillis(50));
            Thread.sleep(200); // several sweeps: all too early
            assertThat(blobs.stat(orphan)).isPresent();

            age(orphan, Duration.ofHours(2)); // the hour has passed
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (blobs.stat(orphan).isPresent()) {
                assertThat(System.nanoTime()).as("orphan still there").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private int sweepOlderThan(BlobStore blobs, Instant cutoff, Set<String> referenced) throws IOException {
        return new OrphanBlobSweeper(blobs, List.of(referenced::contains), NO_LOCK, Clock.fixed(cutoff, ZoneOffset.UTC),
                Duration.ZERO).sweep().blobs();
    }

    /** Makes a blob look committed {@code age} ago, as the store reports it. */
    private void age(String key, Duration age) throws IOException {
        String hex = key.substring(BlobKeys.PREFIX.length());
        Path file = dir.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    private static String put(BlobStore blobs, String content) {
        try (BlobWriter w = blobs.newWriter()) {
            w.stream().write(content.getBytes(StandardCharsets.UTF_8));
            return w.commit().key();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
