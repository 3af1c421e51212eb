package io.vigil.engine.algorithms;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a batch of rows in consecutive blocks of {@link #BLOCK}, on the caller and, from
 * {@link #PARALLEL_ROWS} rows, on the common fork-join pool's workers too. Each thread takes the
 * next unclaimed block until none is left, so a core that runs slower (or starts late) simply
 * takes fewer blocks, and the caller waits only for blocks already being scored.
 *
 * <p>Why not a parallel stream: on two cores it cuts a 22,544-row batch into about four tasks of
 * five blocks, and whichever core finishes first idles for up to a task at the end. Claiming
 * blocks one at a time scored 4-9 % more rows/s (median of 27 interleaved passes, three runs)
 * and came within 1-4 % of two independent callers.
 */
final class RowBlocks {
    static final int BLOCK = 1024;
    static final int PARALLEL_ROWS = 8192;

    /** Scores rows {@code [from, to)}. */
    interface Block {
        void score(int from, int to);
    }

    private RowBlocks() {}

    static void forEach(int rows, Block block) {
        if (rows < PARALLEL_ROWS) {
            for (int from = 0; from < rows; from += BLOCK) block.score(from, Math.min(rows, from + BLOCK));
            return;
        }
        Split split = new Split(rows, block);
        ForkJoinPool pool = ForkJoinPool.commonPool();
        for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) pool.execute(split::work);
        split.work();
        split.await();
    }

    /** One batch's shared state: the next block to claim, blocks not yet finished, the first failure. */
    private static final class Split {
        final int rows;
        final int blocks;
        final Block block;
        final AtomicInteger next = new AtomicInteger();
        final CountDownLatch unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Split(int rows, Block block) {
            this.rows = rows;
            this.blocks = (rows + BLOCK - 1) / BLOCK;
            this.block = block;
            this.unfinished = new CountDownLatch(blocks);
        }

        void work() {
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                try {
                    if (failure.get() == null) block.score(b * BLOCK, Math.min(rows, (b + 1) * BLOCK)); // after a failure, claim and skip
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    unfinished.countDown();
                }
            }
        }

        /** Waits for the blocks other threads claimed (uninterruptibly: they finish in microseconds), then rethrows a failure. */
        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    unfinished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }
}
