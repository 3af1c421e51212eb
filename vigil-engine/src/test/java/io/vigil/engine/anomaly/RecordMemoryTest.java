package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordMemoryTest {

    @Test
    void warmUpSurprisesAreNeverRememberedAndOldOnesAreForgotten() {
        RecordMemory memory = new RecordMemory(4, 2, 3);
        memory.remember(100); // warm-up
        memory.remember(100); // warm-up
        memory.remember(1);
        memory.remember(2);
        assertThat(memory.ready()).isFalse();
        assertThat(memory.rank(5)).isZero();
        memory.remember(3);
        assertThat(memory.ready()).isTrue();
        assertThat(memory.rank(5)).isEqualTo(1.0); // a record: the warm-up's 100s do not count
        assertThat(memory.rank(2.5)).isEqualTo(2.0 / 3);
        memory.remember(4);
        memory.remember(5); // 1 is forgotten: 2 3 4 5
        assertThat(memory.rank(1.5)).isZero();
        assertThat(memory.rank(4.5)).isEqualTo(0.75);
    }
}
