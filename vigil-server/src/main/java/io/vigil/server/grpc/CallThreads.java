package io.vigil.server.grpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Context;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the gRPC services' work runs. Calls are handled on Netty's event loop (the server's direct
 * executor): a warm single prediction is microseconds of CPU, and handing every call to a pool
 * thread and back cost more than the prediction (BENCHMARKS.md, "gRPC": 13,147 against 22,510 calls
 * a second at 8 streams). Work that may wait (a model not yet loaded, the database behind metadata)
 * goes to a pool instead, with the call's {@link Context} (its caller) carried along, so the event
 * loop, which serves other connections too, does not wait on it. What still runs on the loop and may
 * read the database: the identity of a credential not seen for a while ({@link CallerInterceptor}),
 * one indexed read per key or user per cache period.
 */
final class CallThreads implements AutoCloseable {
    private final ExecutorService pool;

    CallThreads() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-grpc-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} here when it cannot wait, else on the pool in the call's context. */
    void run(boolean mayWait, Runnable work) {
        if (mayWait) {
            pool.execute(Context.current().wrap(work));
        } else {
            work.run();
        }
    }

    /** An executor of the pool that runs what it is given one after the other, in order (a stream's answers). */
    Executor inOrder() {
        return MoreExecutors.newSequentialExecutor(pool);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
