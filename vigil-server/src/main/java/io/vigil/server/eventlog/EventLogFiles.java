package io.vigil.server.eventlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The event log's files in its directory: the day's file being written, {@code events-2026-12-05.jsonl},
 * and rotated ones, {@code events-2026-12-05.1.jsonl}, compressed to {@code events-2026-12-05.1.jsonl.gz}
 * (numbered from 1 within their UTC day, in the order they were rotated). A {@code .gz.tmp} is a
 * compression under way, never a file of the log.
 */
public final class EventLogFiles {
    static final String TMP = ".tmp";
    private static final Pattern ACTIVE = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
    private static final Pattern ROTATED = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})\\.(\\d{1,9})\\.jsonl(\\.gz)?");

    private EventLogFiles() {
    }

    /** A rotated file: its day, its number within the day, whether it is compressed. */
    record Rotated(Path path, LocalDate day, int index, boolean compressed) {
        static final Comparator<Rotated> OLDEST_FIRST = Comparator.comparing(Rotated::day).thenComparingInt(Rotated::index);
    }

    /** A day's file being written. */
    record Active(Path path, LocalDate day) {
    }

    static Path active(Path dir, LocalDate day) {
        return dir.resolve("events-" + day + ".jsonl");
    }

    static Path rotated(Path dir, LocalDate day, int index) {
        return dir.resolve("events-" + day + "." + index + ".jsonl");
    }

    static Path compressed(Path plain) {
        return plain.resolveSibling(plain.getFileName() + ".gz");
    }

    /** The rotated files, oldest first; a number written both plain and compressed is listed twice. */
    static List<Rotated> rotated(Path dir) {
        List<Rotated> out = new ArrayList<>();
        for (Path p : names(dir)) {
            Matcher m = ROTATED.matcher(p.getFileName().toString());
            if (m.matches()) out.add(new Rotated(p, LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) != null));
        }
        out.sort(Rotated.OLDEST_FIRST);
        return out;
    }

    /** The days' files being written (one, unless the process stopped before a day ended), oldest first. */
    static List<Active> actives(Path dir) {
        List<Active> out = new ArrayList<>();
        for (Path p : names(dir)) {
            Matcher m = ACTIVE.matcher(p.getFileName().toString());
            if (m.matches()) out.add(new Active(p, LocalDate.parse(m.group(1))));
        }
        out.sort(Comparator.comparing(Active::day));
        return out;
    }

    /** Compressions a stop interrupted. */
    static List<Path> temporary(Path dir) {
        return names(dir).stream().filter(p -> p.getFileName().toString().startsWith("events-")
                && p.getFileName().toString().endsWith(TMP)).toList();
    }

    /** The number the next rotated file of this day takes. */
    static int nextIndex(Path dir, LocalDate day) {
        int max = 0;
        for (Rotated r : rotated(dir)) {
            if (r.day().equals(day)) max = Math.max(max, r.index());
        }
        return max + 1;
    }

    /** Every file of the log, oldest first: rotated ones (each number once, compressed if it is), then the days' files. */
    public static List<Path> list(Path dir) {
        // A compression can hide its file from one reading of a large directory: its .gz added behind
        // the reading's position, its plain file deleted ahead of it (readdir promises nothing for names
        // added or removed meanwhile). The .gz is there before the plain file goes, so a second reading,
        // begun after the first ended, sees it: the two together miss no number.
        List<Rotated> twice = new ArrayList<>(rotated(dir));
        twice.addAll(rotated(dir));
        twice.sort(Rotated.OLDEST_FIRST);
        List<Path> out = new ArrayList<>(oncePerNumber(twice));
        actives(dir).forEach(a -> out.add(a.path()));
        return out;
    }

    /** The rotated files, oldest first, each number once: compressed if a whole compressed copy exists. */
    static List<Path> rotatedFiles(Path dir) {
        return oncePerNumber(rotated(dir));
    }

    /** Each number once, compressed if it is listed compressed; the list is sorted oldest first. */
    private static List<Path> oncePerNumber(List<Rotated> rotated) {
        List<Path> out = new ArrayList<>();
        Rotated previous = null;
        for (Rotated r : rotated) {
            if (previous != null && previous.day().equals(r.day()) && previous.index() == r.index()) {
                if (r.compressed()) out.set(out.size() - 1, r.path());
            } else {
                out.add(r.path());
            }
            previous = r;
        }
        return out;
    }

    /** The lines of one file of the log, gunzipped if it is compressed. */
    public static List<String> lines(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every line of the log, oldest file first. It may be read while the log is written: a file
     * compressed meanwhile is read compressed, one pruned meanwhile is skipped.
     */
    public static List<String> allLines(Path dir) {
        List<String> out = new ArrayList<>();
        for (Path f : list(dir)) {
            Optional<List<String>> lines = linesIfThere(f);
            // gone since it was listed: compressed (the archive writes the .gz, then deletes the plain
            // file), or pruned. Opening first and only then looking for the .gz leaves no gap between a
            // check and the open for the archive's delete to fall into.
            if (lines.isEmpty() && !f.toString().endsWith(".gz")) lines = linesIfThere(compressed(f));
            lines.ifPresent(out::addAll);
        }
        return out;
    }

    private static Optional<List<String>> linesIfThere(Path file) {
        try {
            return Optional.of(lines(file));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) return Optional.empty();
            throw e;
        }
    }

    private static List<Path> names(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
