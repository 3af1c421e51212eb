package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads every request body whole, as its bytes arrive, before Javalin sees the request.
 *
 * <p>Why: Javalin's handlers read bodies through blocking servlet streams, so a client that sent
 * its headers and then stalled held a pool thread until Jetty's idle timeout (then a 500), and a
 * few hundred such clients took every thread, {@code /health} included. Timeouts alone cannot fix
 * that: 1,000 stalled clients outnumber any thread pool. Here no thread waits on the network: the
 * body is read with Jetty's asynchronous {@link Request#read()}/{@link Request#demand(Runnable)} (as
 * Jetty's own EagerContentHandler does), and the request reaches Javalin only once its body is
 * complete, served from memory or from a temporary file ({@link BufferedBody}). A stalled client
 * costs a connection and the bytes it sent; a body that stops arriving for the body timeout is
 * answered 408 ({@link PendingBody}). Per-address connection limits were not chosen: SOC pipelines
 * often reach Vigil through one proxy or NAT address, and stalled clients no longer cost threads.
 *
 * <p>A body that arrived with its headers (nearly every prediction) is copied once and handed on
 * in the same thread. Bodies are limited to {@link Bodies#MAX_BYTES}, or to the upload limit on
 * routes declared {@link Route#upload()}: a declared length past it is a 413 before any byte is read.
 * This is also the outermost handler, so every answer gets {@code X-Content-Type-Options: nosniff}.
 */
final class BodyReader extends Handler.Wrapper {
    /** How bodies are read: the per-body timeout, the upload limit, where large bodies wait, the parts of a multipart body. */
    record Settings(Duration timeout, long maxUploadBytes, Path tempDir, long memoryBudgetBytes, int maxMultipartParts) {}

    /** An upload may be this much larger than the upload limit: room for the multipart framing and form fields. */
    static final long MULTIPART_ALLOWANCE = 1024 * 1024;

    private final Settings settings;
    private final UploadRoutes uploads;
    private final BodyBuffer.MemoryBudget memory;

    BodyReader(Settings settings, UploadRoutes uploads) {
        this.settings = settings;
        this.uploads = uploads;
        this.memory = new BodyBuffer.MemoryBudget(settings.memoryBudgetBytes());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(Problems.NO_SNIFF);
        long declared = -1;
        boolean hasBody = false;
        MultipartParts parts = null;
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                declared = field.getLongValue(); // Jetty's parser has checked it
                hasBody |= declared > 0;
            } else if (field.getHeader() == HttpHeader.TRANSFER_ENCODING) {
                hasBody = true;
            } else if (field.getHeader() == HttpHeader.CONTENT_TYPE) {
                if (!knownCharset(field)) {
                    Problems.write(request, response, callback, ErrorMapper.problemOf(VigilException.unsupportedMediaType("the Content-Type names "
                            + "a charset this server does not know ('" + MimeTypes.getCharsetFromContentType(field.getValue())
                            + "'); send UTF-8 and say charset=utf-8, or name no charset")), true);
                    return true;
                }
                parts = multipartParts(field.getValue());
            }
        }
        Handler next = getHandler();
        if (!hasBody || next == null) {
            return super.handle(request, response, callback);
        }
        boolean upload = uploads.matches(request);
        long limit = upload ? settings.maxUploadBytes() + MULTIPART_ALLOWANCE : Bodies.MAX_BYTES;
        PendingBody body = new PendingBody(next, request, response, callback, settings, memory, upload, limit, declared, parts);
        if (declared > limit) {
            body.refuseTooLarge(); // answered at once, before the client sends it (also after "Expect: 100-continue")
        } else {
            body.start();
        }
        return true;
    }

    /** A counter of the parts of a multipart body, or null for any other body (or one without a boundary: unreadable anyway). */
    private MultipartParts multipartParts(String contentType) {
        if (!contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            return null;
        }
        String boundary = MultiPart.extractBoundary(contentType);
        return boundary == null || boundary.isEmpty() ? null : new MultipartParts(boundary, settings.maxMultipartParts());
    }

    /**
     * Whether the servlet layer can read this Content-Type: it fails on an unknown charset (a 500 in
     * whatever handler asks for the content type), so such a request is refused here, with Jetty's own test.
     */
    private static boolean knownCharset(HttpField contentType) {
        try {
            MimeTypes.getCharsetFromContentType(contentType);
            return true;
        } catch (IllegalArgumentException unknownOrIllegal) {
            return false;
        }
    }

    /** Bytes of buffered bodies held in memory now (the rest waits in files); for tests. */
    long bytesInMemory() {
        return memory.used();
    }
}
