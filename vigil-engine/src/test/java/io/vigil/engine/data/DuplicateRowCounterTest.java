package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DuplicateRowCounterTest {

    @Test
    void exactBelowTheCap() {
        DuplicateRowCounter counter = new DuplicateRowCounter();
        for (int i = 0; i < 100_000; i++) {
            counter.add(Hashing.mix(i % 60_000)); // 40,000 repeats
        }
        assertThat(counter.isExact()).isTrue();
        assertThat(counter.duplicates()).isEqualTo(40_000);
    }

    @Test
    void estimatedBeyondTheCap() {
        DuplicateRowCounter counter = new DuplicateRowCounter();
        int distinct = 1_600_000; // more than the exact cap
        for (int i = 0; i < distinct; i++) {
            counter.add(Hashing.mix(i));
            if (i % 4 == 0) {
                counter.add(Hashing.mix(i)); // 400,000 repeats
            }
        }
        assertThat(counter.isExact()).isFalse();
        assertThat(counter.duplicates()).isCloseTo(400_000L, within(16_000L)); // HLL 2^16: ~0.4 % of 1.6 M per sigma
    }
}
