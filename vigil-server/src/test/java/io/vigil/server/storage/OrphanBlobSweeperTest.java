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
import java.util.function.BooleanSupplier;
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
        OrphanBlobSweeper.Records uploadCommitsFirst = new Records(Set.of()) {
            @Override
            public boolean deleteIfNonePointAt(String key, BooleanSupplier delete) {
                put(blobs, "an old orphan that someone uploads again");
                return super.deleteIfNonePointAt(key, delete);
            }
        };
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, uploadCommitsFirst, Clock.systemUTC(), OrphanBlobSweeper.GRACE);

        assertThat(sweeper.sweep().blobs()).isZero();
        assertThat(blobs.stat(orphan)).isPresent();
    }

    @Test
    void aRecordCommittedBeforeTheLockIsSeenUnderIt() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir);
        String key = put(blobs, "recorded a moment after the first look");
        age(key, Duration.ofHours(2));
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        OrphanBlobSweeper.Records recordCommitsFirst = new Records(recorded) {
            @Override
            public boolean deleteIfNonePointAt(String k, BooleanSupplier delete) {
                recorded.add(k); // the writer held the lock, recorded the blob and committed
                return super.deleteIfNonePointAt(k, delete);
            }
        };
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, recordCommitsFirst, Clock.systemUTC(), OrphanBlobSweeper.GRACE);

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
        OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, new Records(Set.of(dataset, bundle)), Clock.systemUTC(),
                OrphanBlobSweeper.GRACE);

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
        try (OrphanBlobSweeper sweeper = new OrphanBlobSweeper(blobs, new Records(Set.of()), Clock.systemUTC(),
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

    @Test
    void workingFilesACrashLeftGoOnceOldAndLiveOnesStay() throws IOException {
        LocalBlobStore blobs = new LocalBlobStore(dir.resolve("blobs"));
        ScratchFiles scratch = ScratchFiles.under(dir.resolve("tmp"));
        Path jobCsv = scratch.newFile("vigil-batch-predict-", ".csv"); // a job killed before it deleted its CSV
        Path spooledBody = Files.createDirectories(dir.resolve("tmp/uploads")).resolve("vigil-body-1.tmp");
        Files.writeString(spooledBody, "a request body a crash left");
        Path live = scratch.newFile("vigil-concat-", ".csv"); // being written now
        for (Path left : List.of(jobCsv, spooledBody)) {
            Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }
        assertThat(jobCsv.getParent()).isEqualTo(dir.resolve("tmp/work"));

        OrphanBlobSweeper.Sweep sweep = new OrphanBlobSweeper(blobs, new Records(Set.of()), Clock.systemUTC(),
                OrphanBlobSweeper.GRACE, scratch).sweep();
        assertThat(sweep.scratchFiles()).isEqualTo(2);
        assertThat(jobCsv).doesNotExist();
        assertThat(spooledBody).doesNotExist();
        assertThat(live).exists();
    }

    private int sweepOlderThan(BlobStore blobs, Instant cutoff, Set<String> referenced) throws IOException {
        return new OrphanBlobSweeper(blobs, new Records(referenced), Clock.fixed(cutoff, ZoneOffset.UTC), Duration.ZERO)
                .sweep().blobs();
    }

    /** Records held in a set; the lock is the database's business, so here there is none. */
    private static class Records implements OrphanBlobSweeper.Records {
        private final Set<String> keys;

        Records(Set<String> keys) {
            this.keys = keys;
        }

        @Override
        public boolean pointAt(String key) {
            return keys.contains(key);
        }

        @Override
        public boolean deleteIfNonePointAt(String key, BooleanSupplier delete) {
            return !keys.contains(key) && delete.getAsBoolean();
        }
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
