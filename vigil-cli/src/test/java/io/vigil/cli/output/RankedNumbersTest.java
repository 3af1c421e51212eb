package io.vigil.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankedNumbersTest {

    @Test
    void asManyDecimalsAsTellNeighboursApart() {
        assertThat(RankedNumbers.format(List.of(0.99996, 0.99993, 0.9999))).containsExactly("0.99996", "0.99993", "0.9999");
        assertThat(RankedNumbers.format(List.of(0.97, 0.95))).containsExactly("0.97", "0.95"); // four decimals suffice
        assertThat(RankedNumbers.format(List.of(0.5, 0.5, 0.25))).containsExactly("0.5", "0.5", "0.25"); // ties stay ties
        assertThat(RankedNumbers.format(Arrays.asList(1.0, Double.NaN, null))).containsExactly("1", "NaN", null);
    }
}
