package io.vigil.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body as it arrives: in memory while it is at most {@link Bodies#MAX_BYTES} and the
 * server-wide memory budget allows, else in a temporary file. Memory grows with the bytes received,
 * never with the length a client declares, so 1,000 clients declaring 16 MiB and sending nothing
 * cost nothing; a small body with a declared length gets one array of exactly its size.
 */
final class BodyBuffer {
    static final String FILE_PREFIX = "body-";
    private static final int EXACT_UP_TO = 64 * 1024;
    private static final int FIRST_CAPACITY = 16 * 1024;

    private final MemoryBudget memory;
    private final Path tempDir;
    private byte[] bytes = new byte[0];
    private int size;
    private long reserved;
    private Path file;
    private FileChannel channel;
    private long fileSize;
    private BufferedBody finished;

    BodyBuffer(MemoryBudget memory, Path tempDir, long declaredLength) {
        this.memory = memory;
        this.tempDir = tempDir;
        if (declaredLength > 0 && declaredLength <= EXACT_UP_TO && memory.tryReserve(declaredLength)) {
            bytes = new byte[(int) declaredLength];
            reserved = declaredLength;
        }
    }

    long size() {
        return channel == null ? size : fileSize;
    }

    void append(ByteBuffer data) throws IOException {
        int n = data.remaining();
        if (channel == null) {
            if (fits(size + (long) n)) {
                data.get(bytes, size, n);
                size += n;
                return;
            }
            spill();
        }
        while (data.hasRemaining()) {
            channel.write(data);
        }
        fileSize += n;
    }

    /** The body is complete: what {@link #body()} returns from now on. */
    void finish() throws IOException {
        if (channel != null) {
            channel.close();
            finished = BufferedBody.inFile(file, fileSize, this::release);
        } else {
            finished = BufferedBody.inMemory(bytes, size, this::release);
        }
    }

    BufferedBody body() {
        return finished;
    }

    /** The body will not be used: its memory and file go now. */
    void discard() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the file is deleted below
        }
        release();
    }

    private synchronized void release() {
        memory.release(reserved);
        reserved = 0;
        bytes = null;
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger("vigil.http").atWarn().addKeyValue("file", file)
                        .addKeyValue("error", e.toString()).log("cannot delete a request body's temporary file");
            }
            file = null;
        }
    }

    private boolean fits(long needed) {
        if (needed <= bytes.length) {
            return true;
        }
        if (needed > Bodies.MAX_BYTES) {
            return false;
        }
        long capacity = Math.min(Bodies.MAX_BYTES, Math.max(needed, Math.max(FIRST_CAPACITY, bytes.length * 2L)));
        if (!memory.tryReserve(capacity - bytes.length)) {
            return false;
        }
        reserved += capacity - bytes.length;
        bytes = Arrays.copyOf(bytes, (int) capacity);
        return true;
    }

    private void spill() throws IOException {
        file = Files.createTempFile(tempDir, FILE_PREFIX, ".tmp");
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        ByteBuffer kept = ByteBuffer.wrap(bytes, 0, size);
        while (kept.hasRemaining()) {
            channel.write(kept);
        }
        fileSize = size;
        memory.release(reserved);
        reserved = 0;
        bytes = null;
        size = 0;
    }

    /** Bytes of request bodies held in memory by the whole server: past the budget, bodies wait in files. */
    static final class MemoryBudget {
        private final long limit;
        private final AtomicLong used = new AtomicLong();

        MemoryBudget(long limit) {
            this.limit = limit;
        }

        boolean tryReserve(long n) {
            while (true) {
                long now = used.get();
                if (now + n > limit) {
                    return false;
                }
                if (used.compareAndSet(now, now + n)) {
                    return true;
                }
            }
        }

        void release(long n) {
            used.addAndGet(-n);
        }

        long used() {
            return used.get();
        }
    }
}
