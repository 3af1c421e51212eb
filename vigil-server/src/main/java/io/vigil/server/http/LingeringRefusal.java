package io.vigil.server.http;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Discards the rest of a refused body for a moment after its answer is written, then lets Jetty
 * close the connection.
 *
 * <p>Why: a client refused mid-upload (413) is usually still sending. Closing a socket whose unread
 * input holds bytes makes the kernel send a reset, and a reset makes the client's kernel drop what
 * the client had not read yet: the 413 itself. The client then sees "connection reset" instead of
 * the problem document. Reading on (and throwing the bytes away) until the body ends, for at most
 * {@link #MAX_BYTES} and {@link #MAX_NANOS}, lets the answer arrive first; a client that sends on
 * past both still gets the reset, as from any server. No thread waits: it reads with
 * {@link Request#demand(Runnable)} like {@link PendingBody}.
 */
final class LingeringRefusal implements Runnable {
    /** At most this much of a refused body is read and discarded (tens of milliseconds on a LAN). */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    /** And for at most this long after the answer was written. */
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Request request;
    private final Callback callback;
    private final long deadline;
    private long discarded;
    private boolean done;
    private Scheduler.Task timer;

    private LingeringRefusal(Request request, Callback callback) {
        this.request = request;
        this.callback = callback;
        this.deadline = System.nanoTime() + MAX_NANOS;
    }

    /**
     * A callback for the refusal's answer that, once the answer is written, drains the body before
     * completing {@code callback}; {@code callback} itself when there is nothing to wait for: no body,
     * or a client that waits for "100 Continue" and so sends nothing. A body already read whole, or
     * failed (timed out, malformed), ends the draining at its first read.
     */
    static Callback after(Request request, Callback callback) {
        HttpFields headers = request.getHeaders();
        boolean body = headers.contains(HttpHeader.TRANSFER_ENCODING) || headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0;
        if (!body || headers.contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            return callback;
        }
        return Callback.from(() -> new LingeringRefusal(request, callback).start(), callback::failed);
    }

    private void start() {
        synchronized (this) {
            timer = request.getComponents().getScheduler().schedule(this::finish, MAX_NANOS, TimeUnit.NANOSECONDS);
        }
        run();
    }

    /** Jetty's demand callback: more of the body (or its end, or its failure) has arrived. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk;
            synchronized (this) {
                if (done) {
                    return;
                }
                try {
                    chunk = request.read();
                } catch (RuntimeException unreadable) { // a request Jetty could not parse: nothing more to drain
                    chunk = Content.Chunk.from(unreadable);
                }
            }
            if (chunk == null) {
                request.demand(this);
                return;
            }
            boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
            discarded += chunk.remaining();
            chunk.release();
            if (last || discarded > MAX_BYTES || System.nanoTime() > deadline) {
                finish();
                return;
            }
        }
    }

    private void finish() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            if (timer != null) {
                timer.cancel();
            }
        }
        callback.succeeded();
    }
}
