package io.vigil.server.eventlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * The day's file being written, by the log's one writer thread. Opening it cuts a torn last line
 * (a crash mid-write) off, so the file is whole JSON lines again: only bytes after the last newline
 * go, and no line was acknowledged before its newline was written.
 */
final class ActiveFile implements AutoCloseable {
    private static final int TAIL_CHUNK = 8192;

    final Path path;
    final LocalDate day;
    private final FileChannel channel;
    private long size;

    private ActiveFile(Path path, LocalDate day, FileChannel channel, long size) {
        this.path = path;
        this.day = day;
        this.channel = channel;
        this.size = size;
    }

    static ActiveFile open(Path path, LocalDate day) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long whole = wholeLines(channel);
            if (whole < channel.size()) {
                channel.truncate(whole);
                channel.force(true);
            }
            channel.position(whole);
            return new ActiveFile(path, day, channel, whole);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Cuts a file's torn last line off, if it has one; the number of bytes it keeps. */
    static long repair(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long whole = wholeLines(channel);
            if (whole < channel.size()) {
                channel.truncate(whole);
                channel.force(true);
            }
            return whole;
        }
    }

    /** The length of the file up to and with its last newline (0 without one). */
    private static long wholeLines(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(TAIL_CHUNK);
        while (end > 0) {
            long start = Math.max(0, end - TAIL_CHUNK);
            buffer.clear().limit((int) (end - start));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) throw new IOException("file shrank while read: " + channel);
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') return start + i + 1;
            }
            end = start;
        }
        return 0;
    }

    long size() {
        return size;
    }

    /** Writes the bytes whole; on a failure the file is cut back to its last whole line. */
    void write(ByteBuffer bytes) throws IOException {
        long before = size;
        try {
            while (bytes.hasRemaining()) size += channel.write(bytes);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
                size = before;
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
