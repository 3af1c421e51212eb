package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RowBlocksTest {

    @Test
    void everyRowIsScoredExactlyOnceWhateverTheSize() {
        for (int rows : new int[] {0, 1, RowBlocks.BLOCK, RowBlocks.PARALLEL_ROWS - 1, RowBlocks.PARALLEL_ROWS, 100_003}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(rows);
            RowBlocks.forEach(rows, (from, to) -> {
                assertThat(to - from).isBetween(1, RowBlocks.BLOCK);
                for (int r = from; r < to; r++) seen.incrementAndGet(r);
            });
            for (int r = 0; r < rows; r++) assertThat(seen.get(r)).as("row %d of %d", r, rows).isEqualTo(1);
        }
    }

    @Test
    void largeBatchesUseMoreThanTheCallingThreadWhenThereAreSeveralCores() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        RowBlocks.forEach(200 * RowBlocks.BLOCK, (from, to) -> {
            threads.add(Thread.currentThread());
            busyFor(1_000_000);
        });
        assertThat(threads).contains(Thread.currentThread());
        if (Runtime.getRuntime().availableProcessors() > 1) assertThat(threads).hasSizeGreaterThan(1);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFailingBlockFailsTheCallInsteadOfHangingIt() {
        assertThatThrownBy(() -> RowBlocks.forEach(50 * RowBlocks.BLOCK, (from, to) -> {
            if (from == 7 * RowBlocks.BLOCK) throw new IllegalArgumentException("bad row " + from);
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad row " + 7 * RowBlocks.BLOCK);
    }

    private static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
