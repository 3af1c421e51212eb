package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request whose body is being read by {@link BodyReader}. Each call reads what has arrived and
 * then asks Jetty to call back when more does ({@link Request#demand(Runnable)}), so no thread waits
 * in between. The callback is a plain (blocking) {@link Runnable}: Jetty runs it on a pool thread,
 * which may append to a temporary file and, once the body is complete, run the application.
 *
 * <p>A timer checks progress: when no byte arrived for the body timeout it fails the request's
 * input ({@link Request#fail(Throwable)}), which wakes the pending read with a timeout, answered 408;
 * the connection then closes, since the rest of the body is never read.
 */
final class PendingBody implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");

    private final Handler next;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final BodyReader.Settings settings;
    private final boolean upload;
    private final long limit;
    private final BodyBuffer buffer;
    private final MultipartParts parts;

    // guarded by this: only one thread reads at a time, but the timer looks at the progress
    private boolean reading = true;
    private long lastProgressNanos;
    private Scheduler.Task timer;

    PendingBody(Handler next, Request request, Response response, Callback callback, BodyReader.Settings settings,
                BodyBuffer.MemoryBudget memory, boolean upload, long limit, long declaredLength, MultipartParts parts) {
        this.next = next;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.settings = settings;
        this.upload = upload;
        this.limit = limit;
        this.buffer = new BodyBuffer(memory, settings.tempDir(), declaredLength);
        this.parts = parts;
    }

    void start() {
        synchronized (this) {
            lastProgressNanos = System.nanoTime();
        }
        readAvailable();
    }

    /** Jetty's demand callback: more of the body (or its failure) has arrived. */
    @Override
    public void run() {
        readAvailable();
    }

    private void readAvailable() {
        ApiException refusal = null;
        boolean complete = false;
        synchronized (this) {
            if (!reading) {
                return;
            }
            try {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        break;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        refusal = refusalFor(chunk.getFailure());
                        break;
                    }
                    try {
                        if (buffer.size() + chunk.remaining() > limit) {
                            refusal = tooLarge();
                            break;
                        }
                        if (parts != null && !parts.accept(chunk.getByteBuffer())) {
                            refusal = tooManyParts();
                            break;
                        }
                        if (chunk.hasRemaining()) {
                            buffer.append(chunk.getByteBuffer());
                            lastProgressNanos = System.nanoTime();
                        }
                    } finally {
                        chunk.release();
                    }
                    if (chunk.isLast()) {
                        buffer.finish();
                        complete = true;
                        break;
                    }
                }
            } catch (IOException e) {
                log.atError().setCause(e).addKeyValue("dir", settings.tempDir()).log("cannot store a request body");
                refusal = ErrorMapper.problemOf(VigilException.unavailable("the server cannot store the request body right now; try again later"));
            }
            if (refusal != null || complete) {
                reading = false;
                if (timer != null) {
                    timer.cancel();
                }
                if (refusal != null) {
                    buffer.discard();
                }
            } else if (timer == null) {
                timer = scheduler().schedule(this::checkProgress, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        if (refusal != null) {
            refuse(refusal);
        } else if (complete) {
            dispatch();
        } else {
            request.demand(this);
        }
    }

    private void checkProgress() {
        long timeout = settings.timeout().toNanos();
        synchronized (this) {
            if (!reading) {
                return;
            }
            long idle = System.nanoTime() - lastProgressNanos;
            if (idle < timeout) {
                timer = scheduler().schedule(this::checkProgress, timeout - idle, TimeUnit.NANOSECONDS);
                return;
            }
            // Wakes the pending demand with the failure, and readAvailable answers it. Done under the
            // lock, so that a body completing at this very moment is not failed after its dispatch.
            request.fail(new TimeoutException("no body bytes for " + settings.timeout()));
        }
    }

    private void dispatch() {
        BufferedBody body = buffer.body();
        Request withBody = body.wrap(request);
        Callback completion = Callback.from(body::release, callback);
        try {
            if (!next.handle(withBody, response, completion)) {
                Response.writeError(withBody, response, completion, 404);
            }
        } catch (Throwable t) {
            Response.writeError(withBody, response, completion, t);
        }
    }

    /** Refuses a body whose declared length is past the limit, before reading any of it. */
    void refuseTooLarge() {
        refuse(tooLarge());
    }

    private void refuse(ApiException refusal) {
        log.atInfo().addKeyValue("method", request.getMethod()).addKeyValue("path", request.getHttpURI().getPath())
                .addKeyValue("status", refusal.status()).addKeyValue("reason", refusal.detail()).log("request body refused");
        Problems.write(request, response, callback, refusal, true);
    }

    private ApiException tooLarge() {
        return ErrorMapper.problemOf(VigilException.tooLarge(upload
                ? "the upload is larger than the limit of " + settings.maxUploadBytes() / (1024 * 1024) + " MiB (VIGIL_MAX_UPLOAD_MB)"
                : "the request body is larger than the limit of " + limit / (1024 * 1024) + " MiB"));
    }

    private ApiException tooManyParts() {
        return ErrorMapper.problemOf(VigilException.tooLarge("the multipart body has more than " + parts.maxParts()
                + " parts (uploads.maxParts, VIGIL_MAX_UPLOAD_PARTS); an upload needs one 'file' part and a few fields"));
    }

    private ApiException refusalFor(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return new ApiException(408, "Request timeout", "the request body stopped arriving: no bytes for "
                    + settings.timeout().toSeconds() + " s (VIGIL_BODY_TIMEOUT_SECONDS); send the whole body without pausing");
        }
        String said = failure instanceof HttpException http ? Problems.callerSafe(http.getReason()) : null;
        if (failure instanceof EofException || said == null) {
            return ErrorMapper.problemOf(VigilException.badRequest(
                    "the request body ended before it was complete, or its chunked encoding is malformed"));
        }
        return ErrorMapper.problemOf(VigilException.badRequest("the request body is malformed (" + said + ")"));
    }

    private Scheduler scheduler() {
        return request.getComponents().getScheduler();
    }
}
