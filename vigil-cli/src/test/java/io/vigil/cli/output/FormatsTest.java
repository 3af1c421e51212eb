package io.vigil.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.http.Json;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void numbersReadWell() {
        assertThat(Formats.number(Json.parse("42"))).isEqualTo("42");
        assertThat(Formats.number(3.0)).isEqualTo("3");
        assertThat(Formats.number(0.123456)).isEqualTo("0.1235");
        assertThat(Formats.number(12345678900.5)).isEqualTo("1.235e+10");
        assertThat(Formats.number(0.00001234)).isEqualTo("1.234e-05");
        assertThat(Formats.number(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void sizesTimesAndDurations() {
        assertThat(Formats.bytes(512)).isEqualTo("512 B");
        assertThat(Formats.bytes(19_088_743)).isEqualTo("18.2 MiB");
        assertThat(Formats.time("2026-11-23T19:47:28.123456Z")).isEqualTo("2026-11-23 19:47:28Z");
        assertThat(Formats.time("yesterday")).isEqualTo("yesterday");
        assertThat(Formats.duration(850)).isEqualTo("850ms");
        assertThat(Formats.duration(12_345)).isEqualTo("12.3s");
        assertThat(Formats.duration(245_000)).isEqualTo("4m 05s");
        assertThat(Formats.duration(7_380_000)).isEqualTo("2h 03m");
    }

    @Test
    void tablesAlignTextLeftAndNumbersRight() {
        java.io.StringWriter out = new java.io.StringWriter();
        new Table("name", "rows").row("kdd-train", 125973).row("x", null).print(new java.io.PrintWriter(out));

        assertThat(out.toString()).isEqualTo("NAME         ROWS\nkdd-train  125973\nx               -\n");
    }

    @Test
    void headlineMetricsComeFirst() {
        assertThat(Metrics.ordered(Json.parse("{\"rows\":1,\"f1\":0.9,\"accuracy\":0.9,\"zeta\":1,\"alpha\":2}")))
                .containsExactly("accuracy", "f1", "alpha", "rows", "zeta");
    }
}
