package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSampleTest {

    @Test
    void belowItsCapacityItKeepsEveryRowAsItWas() {
        RowSample sample = new RowSample(10, 1);
        sample.offer(new String[] {"a", null, "", "é✓ long cell ".repeat(20)});
        sample.offer(new String[] {});
        assertThat(sample.sampled()).isFalse();
        assertThat(sample.rows().get(0)).containsExactly("a", null, "", "é✓ long cell ".repeat(20));
        assertThat(sample.rows().get(1)).isEmpty();
    }

    @Test
    void aboveItKeepsABoundedUniformSeededSample() {
        RowSample sample = new RowSample(1000, 7);
        for (int i = 0; i < 100_000; i++) sample.offer(new String[] {Integer.toString(i)});
        assertThat(sample.size()).isEqualTo(1000);
        assertThat(sample.offered()).isEqualTo(100_000);
        assertThat(sample.sampled()).isTrue();
        List<Integer> kept = new ArrayList<>();
        for (String[] row : sample.rows()) kept.add(Integer.parseInt(row[0]));
        long firstHalf = kept.stream().filter(i -> i < 50_000).count();
        assertThat(firstHalf).as("every row has the same chance").isBetween(430L, 570L);

        RowSample again = new RowSample(1000, 7);
        for (int i = 0; i < 100_000; i++) again.offer(new String[] {Integer.toString(i)});
        List<Integer> keptAgain = new ArrayList<>();
        for (String[] row : again.rows()) keptAgain.add(Integer.parseInt(row[0]));
        assertThat(keptAgain).isEqualTo(kept);
    }
}
