package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A whole request body read by {@link BodyReader}, in memory or in a temporary file. The request
 * handed to Javalin reads it from here, so the servlet streams, multipart parsing and
 * {@link Bodies#bytes} never wait on the network.
 */
final class BufferedBody {
    /** The request attribute under which Javalin's handlers find the body. */
    static final String ATTRIBUTE = BufferedBody.class.getName();
    private static final int FILE_READ_BUFFER = 64 * 1024;

    private final byte[] bytes;
    private final int size;
    private final Path file;
    private final long fileSize;
    private final Runnable release;

    private BufferedBody(byte[] bytes, int size, Path file, long fileSize, Runnable release) {
        this.bytes = bytes;
        this.size = size;
        this.file = file;
        this.fileSize = fileSize;
        this.release = release;
    }

    static BufferedBody inMemory(byte[] bytes, int size, Runnable release) {
        return new BufferedBody(bytes, size, null, 0, release);
    }

    static BufferedBody inFile(Path file, long size, Runnable release) {
        return new BufferedBody(null, 0, file, size, release);
    }

    long length() {
        return file == null ? size : fileSize;
    }

    /** The whole body as one array; called for JSON bodies, which are at most {@link Bodies#MAX_BYTES}. */
    byte[] bytes() {
        if (file == null) {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
        if (fileSize > Bodies.MAX_BYTES) {
            throw VigilException.tooLarge("the request body is larger than the limit of " + Bodies.MAX_BYTES / (1024 * 1024) + " MiB");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored request body", e);
        }
    }

    /** The request as Javalin sees it: the same, but its content comes from here. */
    Request wrap(Request request) {
        return new WithBody(request);
    }

    /** Frees the memory or deletes the file; the request is over. */
    void release() {
        release.run();
    }

    /** Finds the body of a request Javalin handles, or null (no body was sent). */
    static BufferedBody of(jakarta.servlet.http.HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof BufferedBody body ? body : null;
    }

    private final class WithBody extends Request.Wrapper {
        private final Content.Source content;

        WithBody(Request request) {
            super(request);
            this.content = file == null
                    ? Content.Source.from(ByteBuffer.wrap(bytes, 0, size))
                    : Content.Source.from(new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), false,
                            FILE_READ_BUFFER), file);
        }

        @Override
        public Content.Chunk read() {
            return content.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            content.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            content.fail(failure);
        }

        @Override
        public boolean consumeAvailable() {
            return true; // the network side was read to its end already; what the handler left is dropped with the request
        }

        @Override
        public long getLength() {
            return length();
        }

        @Override
        public Object getAttribute(String name) {
            return ATTRIBUTE.equals(name) ? BufferedBody.this : super.getAttribute(name);
        }
    }
}
