package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeviationSignalTest {

    @Test
    void robustZOfTheMovingAverageByHand() {
        DeviationSignal single = new DeviationSignal(1, 10);
        for (int i = 1; i <= 10; i++) single.surprise(i);
        // median 5.5, MAD 2.5 (deviations 0.5 0.5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5)
        assertThat(single.surprise(20)).isCloseTo(14.5 / (1.4826 * 2.5), within(1e-12));

        DeviationSignal pairs = new DeviationSignal(2, 10);
        assertThat(pairs.surprise(1)).isZero();
        for (int i = 2; i <= 6; i++) pairs.surprise(i); // pair means 1.5 2.5 3.5 4.5 5.5
        // the mean of (6, 20) is 13 against the means 1.5..5.5: median 3.5, MAD 1 -> z = 9.5 / 1.4826
        assertThat(pairs.surprise(20)).isCloseTo(9.5 / 1.4826, within(1e-12));
    }

    @Test
    void aChangeFromAConstantHistory() {
        DeviationSignal signal = new DeviationSignal(1, 20);
        for (int i = 0; i < 5; i++) assertThat(signal.surprise(3)).isZero();
        assertThat(signal.surprise(4)).isEqualTo(DeviationSignal.FROM_CONSTANT);
    }
}
