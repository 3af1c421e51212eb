package io.vigil.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    static final int[] LABELS = IntStream.range(0, 100).map(i -> i % 5 == 0 ? 1 : 0).toArray(); // 80 zeros, 20 ones

    @Test
    void stratifiedSplitKeepsClassSharesAndIsSeeded() {
        Splits.Split s = Splits.stratified(LABELS, 0.25, 42);
        assertThat(s.test()).hasSize(25);
        assertThat(Arrays.stream(s.test()).filter(i -> LABELS[i] == 1).count()).isEqualTo(5);
        assertThat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray())
                .isEqualTo(IntStream.range(0, 100).toArray());
        assertThat(Splits.stratified(LABELS, 0.25, 42).test()).isEqualTo(s.test());
        assertThat(Splits.stratified(LABELS, 0.25, 43).test()).isNotEqualTo(s.test());
    }

    @Test
    void kFoldCoversEveryRowOnceWithStratifiedFolds() {
        List<Splits.Split> folds = Splits.kFold(LABELS, 5, 1);
        assertThat(folds).hasSize(5);
        int[] seen = new int[100];
        for (Splits.Split f : folds) {
            assertThat(f.test()).hasSize(20);
            assertThat(f.train()).hasSize(80);
            assertThat(Arrays.stream(f.test()).filter(i -> LABELS[i] == 1).count()).isEqualTo(4);
            for (int i : f.test()) seen[i]++;
        }
        assertThat(seen).containsOnly(1);
    }
}
