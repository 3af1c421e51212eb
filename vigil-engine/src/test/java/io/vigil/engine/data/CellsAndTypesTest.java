package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CellsAndTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "-inf",
        "INF", "?", "NA", "na", "N/A", "n/a", "null", "NULL", " NA "})
    void missingTokens(String raw) {
        assertThat(Cells.isMissing(raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "nana", "N", "none", "tcp", "-", "-1", "information", "??", "Nullable"})
    void presentValues(String raw) {
        assertThat(Cells.isMissing(raw)).isFalse();
    }

    @Test
    void nullIsMissing() {
        assertThat(Cells.isMissing(null)).isTrue();
    }

    @Test
    void convertGivesJsonFriendlyValues() {
        assertThat(ColumnType.INTEGER.convert("42")).isEqualTo(42L);
        assertThat(ColumnType.INTEGER.convert("-007")).isEqualTo(-7L);
        assertThat(ColumnType.INTEGER.convert("1.5")).isEqualTo(1.5);
        assertThat(ColumnType.INTEGER.convert("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(ColumnType.NUMERIC.convert("0.17")).isEqualTo(0.17);
        assertThat(ColumnType.NUMERIC.convert("1e3")).isEqualTo(1000.0);
        assertThat(ColumnType.NUMERIC.convert(" 2.5 ")).isEqualTo(2.5);
        assertThat(ColumnType.NUMERIC.convert("abc")).isEqualTo("abc");
        assertThat(ColumnType.NUMERIC.convert("NaN")).isNull();
        assertThat(ColumnType.NUMERIC.convert("1e400")).isEqualTo("1e400");
        assertThat(ColumnType.BOOLEAN.convert("Yes")).isEqualTo(true);
        assertThat(ColumnType.BOOLEAN.convert("FALSE")).isEqualTo(false);
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01 10:15:30")).isEqualTo("2024-03-01T10:15:30");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01")).isEqualTo("2024-03-01");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01T10:15:30Z")).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01T10:15+01:00")).isEqualTo("2024-03-01T10:15:00+01:00");
        // Suricata EVE writes offsets without the colon
        assertThat(ColumnType.TIMESTAMP.convert("2017-07-07T11:59:30.144683-0400")).isEqualTo("2017-07-07T11:59:30.144683-04:00");
        assertThat(ColumnType.TIMESTAMP.convert("2017-07-07T11:59:30.144683+0000")).isEqualTo("2017-07-07T11:59:30.144683Z");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01T10:15:30+01")).isEqualTo("2024-03-01T10:15:30+01:00");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01t10:15:30z")).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(TimestampSyntax.epochSeconds("2017-07-07T11:59:30.9-0400")).isEqualTo(TimestampSyntax.epochSeconds("2017-07-07T15:59:30Z"));
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01T10:15:30+0100x")).isEqualTo("2024-03-01T10:15:30+0100x");
        assertThat(ColumnType.TIMESTAMP.convert("2024-03-01 10:15:00")).isEqualTo("2024-03-01T10:15:00"); // seconds kept when zero
        assertThat(ColumnType.TIMESTAMP.convert("2024-13-01")).isEqualTo("2024-13-01");
        assertThat(ColumnType.CATEGORICAL.convert("tcp")).isEqualTo("tcp");
        assertThat(ColumnType.TEXT.convert("?")).isNull();
        assertThat(ColumnType.TEXT.convert(null)).isNull();
    }

    @Test
    void numberSyntaxAcceptsDecimalsOnly() {
        NumberSyntax n = new NumberSyntax();
        assertThat(n.parse("12")).isTrue();
        assertThat(n.isIntegral()).isTrue();
        assertThat(n.longValue()).isEqualTo(12);
        assertThat(n.parse("0.30")).isTrue();
        assertThat(n.value()).isEqualTo(0.3);
        assertThat(n.isIntegral()).isFalse();
        assertThat(n.parse("-1.25e-2")).isTrue();
        assertThat(n.value()).isEqualTo(-0.0125);
        assertThat(n.parse(".5")).isTrue();
        assertThat(n.value()).isEqualTo(0.5);
        assertThat(n.parse("123456789012345678901234")).isTrue();
        assertThat(n.isIntegral()).isFalse();
        assertThat(n.value()).isEqualTo(1.2345678901234568E23);
        for (String notNumber : new String[] {"", "-", ".", "1e", "1.2.3", "0x1F", "1d", "2024-01-01", "1,5", "Infinity"}) {
            assertThat(n.parse(notNumber)).as(notNumber).isFalse();
        }
    }

    @Test
    void numberSyntaxRoundsLikeParseDouble() {
        NumberSyntax n = new NumberSyntax();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5_000; i++) {
            String text = String.format(java.util.Locale.ROOT, "%." + random.nextInt(12) + "f",
                    random.nextDouble() * Math.pow(10, random.nextInt(10)));
            assertThat(n.parse(text)).isTrue();
            assertThat(n.value()).as(text).isEqualTo(Double.parseDouble(text));
        }
    }
}
