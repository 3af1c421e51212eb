package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.features.FeatureMatrix;
import java.util.List;
import java.util.Map;
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

    @Test
    void everyModelsBatchMethodsGiveTheRowByRowAnswersInOrder() {
        int rows = 3 * RowBlocks.PARALLEL_ROWS + 17;
        float[] data = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            data[2 * r] = r / (float) rows;
            data[2 * r + 1] = -1;
        }
        FeatureMatrix x = new FeatureMatrix(data, rows, 2, List.of("p", "unused"));
        Model identity = new Model() { // its margin is the row's first feature, and so is its score
            @Override public String algorithm() { return "identity"; }
            @Override public Task task() { return Task.CLASSIFICATION; }
            @Override public List<String> classes() { return List.of("no", "yes"); }
            @Override public int featureCount() { return 2; }
            @Override public int marginCount() { return 1; }
            @Override public void margins(float[] d, int offset, double[] out) { out[0] = d[offset]; }
            @Override public void probabilities(double[] margins, double[] out) { out[0] = 1 - margins[0]; out[1] = margins[0]; }
            @Override public Map<String, byte[]> nativeFiles() { return Map.of(); }
        };
        double[] scores = identity.scores(x);
        double[][] probabilities = identity.probabilities(x);
        int[] classes = identity.classify(x);
        for (int r = 0; r < rows; r++) {
            assertThat(scores[r]).as("row %d", r).isEqualTo(data[2 * r]);
            assertThat(probabilities[r][1]).as("row %d", r).isEqualTo(data[2 * r]);
            assertThat(classes[r]).as("row %d", r).isEqualTo(data[2 * r] > 0.5f ? 1 : 0);
        }
    }

    private static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
