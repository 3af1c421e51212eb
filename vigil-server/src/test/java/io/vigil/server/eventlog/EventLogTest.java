package io.vigil.server.eventlog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    static final Instant DAY_5 = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path dir;

    /** A clock the test sets. */
    static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now;

        ManualClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    EventLogSettings settings(long maxFileBytes, int retain, boolean compress) {
        return new EventLogSettings(true, dir, maxFileBytes, retain, compress, EventLogSettings.Fsync.NEVER);
    }

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    static List<JsonNode> parsed(List<String> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = Json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            out.add(node);
        }
        return out;
    }

    @Test
    void manyWritersWhileRotationsAreForcedLoseSplitAndInterleaveNothing() throws Exception {
        int threads = 16;
        int perThread = 1500;
        long maxFileBytes = 64 * 1024;
        EventLog log = EventLog.open(settings(maxFileBytes, 100_000, true), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                Random random = new Random(thread);
                start.await();
                for (int i = 0; i < perThread; i++) {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("thread", thread);
                    event.put("seq", i);
                    event.put("text", "line \"" + thread + "\"\n\t" + "é".repeat(random.nextInt(300)));
                    if (i % 100 == 99) {
                        log.appendAll(List.of(event, Map.of("thread", thread, "seq", -i)));
                    } else {
                        log.append(event);
                    }
                }
                return null;
            }));
        }
        int[] forced = {0};
        Future<?> rotator = pool.submit(() -> {
            start.await();
            while (writing.get()) {
                log.rotate();
                forced[0]++;
                Thread.sleep(2);
            }
            return null;
        });
        start.countDown();
        for (Future<?> w : writers) w.get(120, TimeUnit.SECONDS);
        writing.set(false);
        rotator.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        EventLogStats stats = log.stats();
        log.close();

        int pairs = perThread / 100;
        int expected = threads * (perThread + pairs);
        List<Path> files = EventLogFiles.list(dir);
        assertThat(names()).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(files.subList(0, files.size() - 1)).allMatch(p -> p.toString().endsWith(".jsonl.gz"));
        Map<Integer, Integer> lastSeq = new HashMap<>();
        int count = 0;
        for (Path f : files) {
            for (JsonNode line : parsed(EventLogFiles.lines(f))) {
                count++;
                int thread = line.get("thread").intValue();
                int seq = line.get("seq").intValue();
                if (seq < 0) {
                    assertThat(lastSeq.get(thread)).as("an appendAll's second line follows its first").isEqualTo(-seq);
                    continue;
                }
                assertThat(seq).as("thread %d's lines in order, each once", thread).isEqualTo(lastSeq.getOrDefault(thread, -1) + 1);
                lastSeq.put(thread, seq);
                assertThat(line.get("text").textValue()).startsWith("line \"" + thread + "\"\n\t");
            }
        }
        assertThat(count).isEqualTo(expected);
        assertThat(lastSeq).hasSize(threads).allSatisfy((t, seq) -> assertThat(seq).isEqualTo(perThread - 1));
        assertThat(stats.lines()).isEqualTo(expected);
        assertThat(stats.writes()).as("group commits: fewer writes than lines").isLessThan(expected);
        assertThat(stats.rotations()).isGreaterThan(10).isEqualTo(files.size() - 1);
        assertThat(forced[0]).isGreaterThan(10);
        for (Path f : files.subList(0, files.size() - 1)) {
            long plainBytes = EventLogFiles.lines(f).stream().mapToLong(l -> l.getBytes(UTF_8).length + 1).sum();
            assertThat(plainBytes).as("%s within the size", f).isLessThanOrEqualTo(maxFileBytes);
        }
    }

    @Test
    void filesRotateAtTheUtcDayOfTheClock() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-05T23:59:59Z"));
        try (EventLog log = EventLog.open(settings(1 << 20, 30, true), clock)) {
            log.append(Map.of("n", 1));
            clock.set(Instant.parse("2026-12-06T00:00:01Z"));
            log.append(Map.of("n", 2));
            log.append(Map.of("n", 3));
        }
        assertThat(names()).containsExactly("events-2026-12-05.1.jsonl.gz", "events-2026-12-06.jsonl");
        assertThat(EventLogFiles.lines(dir.resolve("events-2026-12-05.1.jsonl.gz"))).containsExactly("{\"n\":1}");
        assertThat(EventLogFiles.lines(dir.resolve("events-2026-12-06.jsonl"))).containsExactly("{\"n\":2}", "{\"n\":3}");

        clock.set(Instant.parse("2026-12-08T08:00:00Z")); // the process was down when the 6th ended
        try (EventLog log = EventLog.open(settings(1 << 20, 30, true), clock)) {
            log.append(Map.of("n", 4));
        }
        assertThat(names()).containsExactly("events-2026-12-05.1.jsonl.gz", "events-2026-12-06.1.jsonl.gz", "events-2026-12-08.jsonl");
        assertThat(EventLogFiles.allLines(dir)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }

    @Test
    void aFileIsRotatedBeforeALineWouldTakeItPastItsSize() throws Exception {
        String pad = "x".repeat(29); // {"pad":"xxx..."} = 40 bytes with its newline
        try (EventLog log = EventLog.open(settings(100, 30, false), new ManualClock(DAY_5))) {
            for (int i = 0; i < 5; i++) log.append(Map.of("pad", pad));
            log.appendAll(List.of(Map.of("pad", pad), Map.of("pad", pad), Map.of("pad", pad))); // 120 bytes: a file of its own
            log.append(Map.of("pad", pad));
        }
        assertThat(names()).containsExactly("events-2026-12-05.1.jsonl", "events-2026-12-05.2.jsonl", "events-2026-12-05.3.jsonl",
                "events-2026-12-05.4.jsonl", "events-2026-12-05.jsonl");
        assertThat(Files.size(dir.resolve("events-2026-12-05.1.jsonl"))).isEqualTo(80);
        assertThat(Files.size(dir.resolve("events-2026-12-05.2.jsonl"))).isEqualTo(80);
        assertThat(Files.size(dir.resolve("events-2026-12-05.3.jsonl"))).isEqualTo(40);
        assertThat(Files.size(dir.resolve("events-2026-12-05.4.jsonl"))).isEqualTo(120);
        assertThat(Files.size(dir.resolve("events-2026-12-05.jsonl"))).isEqualTo(40);
    }

    @Test
    void onlyTheNewestRotatedFilesAreKept() throws Exception {
        try (EventLog log = EventLog.open(settings(1 << 20, 3, true), new ManualClock(DAY_5))) {
            for (int i = 1; i <= 6; i++) {
                log.append(Map.of("file", i));
                log.rotate();
            }
            log.rotate(); // an empty file is not rotated
            log.append(Map.of("file", 7));
        }
        assertThat(names()).containsExactly("events-2026-12-05.4.jsonl.gz", "events-2026-12-05.5.jsonl.gz", "events-2026-12-05.6.jsonl.gz",
                "events-2026-12-05.jsonl");
        assertThat(EventLogFiles.allLines(dir)).containsExactly("{\"file\":4}", "{\"file\":5}", "{\"file\":6}", "{\"file\":7}");
    }

    @Test
    void aTornLastLineIsCutAtOpen() throws Exception {
        Files.writeString(dir.resolve("events-2026-12-05.jsonl"), "{\"n\":1}\n{\"n\":2}\n{\"n\":3,\"te");
        Files.writeString(dir.resolve("events-2026-12-04.jsonl"), "{\"n\":0}\n{\"torn"); // a day's file left behind, torn too
        try (EventLog log = EventLog.open(settings(1 << 20, 30, false), new ManualClock(DAY_5))) {
            assertThat(Files.readString(dir.resolve("events-2026-12-05.jsonl"))).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
            log.append(Map.of("n", 3));
        }
        assertThat(names()).containsExactly("events-2026-12-04.1.jsonl", "events-2026-12-05.jsonl");
        assertThat(EventLogFiles.allLines(dir)).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void aCompressionAStopInterruptedIsDoneAgainAtOpen() throws Exception {
        Files.writeString(dir.resolve("events-2026-12-05.1.jsonl"), "{\"n\":1}\n");
        Files.write(dir.resolve("events-2026-12-05.1.jsonl.gz.tmp"), new byte[] {31, -117, 8}); // cut short
        Files.writeString(dir.resolve("events-2026-12-05.2.jsonl"), "{\"n\":2}\n"); // renamed, not yet deleted
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("events-2026-12-05.2.jsonl.gz")))) {
            out.write("{\"n\":2}\n".getBytes(UTF_8));
        }
        try (EventLog log = EventLog.open(settings(1 << 20, 30, true), new ManualClock(DAY_5))) {
            log.append(Map.of("n", 3));
        }
        assertThat(names()).containsExactly("events-2026-12-05.1.jsonl.gz", "events-2026-12-05.2.jsonl.gz", "events-2026-12-05.jsonl");
        assertThat(EventLogFiles.allLines(dir)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void aLogReadWhileItsRotatedFilesAreCompressedMissesNoLine() throws Exception {
        // The archive compresses a file by writing its .gz, then deleting the plain one. A read that saw
        // the plain file there and opened it a moment later, after the delete, skipped the whole file
        // (one compression in twenty or so, with two readers always reading, as here).
        Archive archive = new Archive(dir, settings(1 << 20, 30, true));
        LocalDate day = LocalDate.parse("2026-12-05");
        ExecutorService readers = Executors.newFixedThreadPool(2);
        AtomicInteger reads = new AtomicInteger();
        try {
            for (int file = 1; file <= 100; file++) {
                Path plain = EventLogFiles.rotated(dir, day, file);
                String line = "{\"file\":" + file + "}";
                Files.writeString(plain, line + "\n");
                Thread archiver = new Thread(archive::tidy);
                archiver.start();
                List<Future<?>> reading = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    reading.add(readers.submit(() -> {
                        while (archiver.isAlive()) {
                            assertThat(EventLogFiles.allLines(dir)).as("a read while %s was compressed", plain.getFileName()).containsExactly(line);
                            reads.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> r : reading) r.get(30, TimeUnit.SECONDS);
                archiver.join();
                assertThat(plain).doesNotExist();
                Files.delete(EventLogFiles.compressed(plain)); // one file at a time: short reads, many of them during a compression
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(reads.get()).as("reads overlapped the compressions").isGreaterThanOrEqualTo(100);
    }

    @Test
    void aLargeLogListedWhileItsFilesAreCompressedListsEveryFile() throws Exception {
        // One reading of a directory this large takes several readdir calls; a compression between two of
        // them could hide its file from it (the .gz added behind the reading, the plain file deleted ahead).
        // The archive's steps, in its order, without its gzip and fsync, so that many fall within a listing.
        LocalDate day = LocalDate.parse("2026-12-05");
        int files = 2000;
        for (int i = 1; i <= files; i++) Files.writeString(EventLogFiles.rotated(dir, day, i), "{}\n");
        Thread archive = new Thread(() -> {
            try {
                for (int i = 1; i <= files; i++) {
                    Path plain = EventLogFiles.rotated(dir, day, i);
                    Path gz = EventLogFiles.compressed(plain);
                    Path tmp = gz.resolveSibling(gz.getFileName() + EventLogFiles.TMP);
                    Files.write(tmp, new byte[] {31, -117});
                    Files.move(tmp, gz, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(plain);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        archive.start();
        int listings = 0;
        try {
            while (archive.isAlive()) {
                assertThat(EventLogFiles.list(dir)).as("listing %d", listings).hasSize(files);
                listings++;
            }
        } finally {
            archive.join();
        }
        assertThat(EventLogFiles.list(dir)).hasSize(files).allMatch(p -> p.toString().endsWith(".gz"));
        assertThat(listings).as("listings overlapped the compressions").isPositive();
    }

    @Test
    void forcedToDiskTheSameLinesAreWritten() throws Exception {
        EventLogSettings always = new EventLogSettings(true, dir, 1 << 20, 30, true, EventLogSettings.Fsync.ALWAYS);
        try (EventLog log = EventLog.open(always, new ManualClock(DAY_5))) {
            log.append(Map.of("n", 1));
            log.rotate();
            log.appendAll(List.of(Map.of("n", 2), Map.of("n", 3)));
            assertThat(log.stats()).isEqualTo(new EventLogStats(3, 24, 2, 1, 0));
        }
        assertThat(EventLogFiles.allLines(dir)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void onlyJsonObjectsOnOneLineAreWritten() throws Exception {
        try (EventLog log = EventLog.open(settings(1 << 20, 30, false), new ManualClock(DAY_5))) {
            assertThatThrownBy(() -> log.append("text")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
            assertThatThrownBy(() -> log.append(List.of(1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.appendAll(List.of(Map.of("ok", 1), 5))).isInstanceOf(IllegalArgumentException.class);
            log.append(Json.readTree("{\"a\": \"two\\nlines\"}"));
        }
        assertThat(Files.readString(dir.resolve("events-2026-12-05.jsonl"))).isEqualTo("{\"a\":\"two\\nlines\"}\n");
    }

    @Test
    void oneLogPerDirectoryAndNoneAfterClose() throws Exception {
        EventLog log = EventLog.open(settings(1 << 20, 30, false), new ManualClock(DAY_5));
        assertThatThrownBy(() -> EventLog.open(settings(1 << 20, 30, false), new ManualClock(DAY_5)))
                .isInstanceOf(io.vigil.server.core.DirectoryInUseException.class).hasMessageContaining("is open in another process");
        log.close();
        assertThatThrownBy(() -> log.append(Map.of("n", 1))).isInstanceOf(IllegalStateException.class);
        EventLog.open(settings(1 << 20, 30, false), new ManualClock(DAY_5)).close(); // the lock went with the first
    }

    @Test
    void aDisabledLogWritesNothing() throws Exception {
        Path none = dir.resolve("none");
        EventLog log = EventLog.open(new EventLogSettings(false, none, 100, 1, true, EventLogSettings.Fsync.NEVER), Clock.systemUTC());
        log.append(Map.of("n", 1));
        log.rotate();
        log.close();
        assertThat(log.enabled()).isFalse();
        assertThat(none).doesNotExist();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new EventLogSettings(true, dir, 0, 30, true, EventLogSettings.Fsync.NEVER)).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> new EventLogSettings(true, dir, 10, 0, true, EventLogSettings.Fsync.NEVER)).hasMessageContaining("retainFiles");
        assertThat(EventLogSettings.defaults(Path.of("/data"))).isEqualTo(new EventLogSettings(true, Path.of("/data/events"),
                100L * 1024 * 1024, 30, true, EventLogSettings.Fsync.NEVER));
    }
}
