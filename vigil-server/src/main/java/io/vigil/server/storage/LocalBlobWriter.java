package io.vigil.server.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An upload to a temporary file of a {@link LocalBlobStore}; committed by an atomic move. */
final class LocalBlobWriter implements BlobWriter {
    private static final Logger log = LoggerFactory.getLogger(LocalBlobWriter.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final LocalBlobStore store;
    private final Path tempFile;
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private final OutputStream file;
    private final HashingStream stream;
    private long count;
    private BlobInfo committed;
    private boolean closed;

    LocalBlobWriter(LocalBlobStore store, Path tempFile) throws IOException {
        this.store = store;
        this.tempFile = tempFile;
        this.channel = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
        this.stream = new HashingStream();
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long bytesWritten() {
        return count;
    }

    @Override
    public BlobInfo commit() throws IOException {
        if (committed != null) {
            return committed;
        }
        if (closed) {
            throw new IOException("upload was aborted; it cannot be committed");
        }
        try {
            file.flush();
            channel.force(true); // the bytes are on disk before the name points at them
            channel.close();
            closed = true;
            committed = store.publish(tempFile, BlobKeys.fromDigest(digest.digest()), count);
            return committed;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (committed != null) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("blob temp close failed file={}", tempFile, e);
        }
        try {
            Files.deleteIfExists(tempFile);
        } catch (IOException e) {
            log.warn("blob temp delete failed file={} (sweepTemporary will retry)", tempFile, e);
        }
        store.forget(tempFile);
    }

    /** Hashes and counts, then hands the bytes to the buffered file. Closing it does not commit. */
    private final class HashingStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            file.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensureOpen();
            file.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                file.flush();
            }
        }

        @Override
        public void close() {
            // callers often close what they wrapped; the writer decides when the file ends
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException(committed != null ? "blob already committed" : "upload aborted");
            }
        }
    }
}
