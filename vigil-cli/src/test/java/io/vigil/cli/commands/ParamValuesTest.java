package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ParamValuesTest {

    @Test
    void numbersAndBooleansAreTypedTheRestStaysText() {
        assertThat(ParamValues.value("100")).isEqualTo(100L);
        assertThat(ParamValues.value("-3")).isEqualTo(-3L);
        assertThat(ParamValues.value("0.1")).isEqualTo(0.1);
        assertThat(ParamValues.value("1e-3")).isEqualTo(0.001);
        assertThat(ParamValues.value(".5")).isEqualTo(0.5);
        assertThat(ParamValues.value("TRUE")).isEqualTo(true);
        assertThat(ParamValues.value("false")).isEqualTo(false);
        assertThat(ParamValues.value("99999999999999999999")).isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(ParamValues.value("logloss")).isEqualTo("logloss");
        assertThat(ParamValues.value("1.2.3")).isEqualTo("1.2.3");
        assertThat(ParamValues.value("")).isEqualTo("");
    }
}
