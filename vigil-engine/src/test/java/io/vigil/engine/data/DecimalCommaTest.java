package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalCommaTest {

    @Test
    void decimalCommasBecomePointsAndThousandsDotsGo() {
        assertThat(DecimalComma.toPoint("3,75")).isEqualTo("3.75");
        assertThat(DecimalComma.toPoint("-0,5")).isEqualTo("-0.5");
        assertThat(DecimalComma.toPoint(" +12,0 ")).isEqualTo("+12.0");
        assertThat(DecimalComma.toPoint("1.234,5")).isEqualTo("1234.5");
        assertThat(DecimalComma.toPoint("12.345.678,25")).isEqualTo("12345678.25");
        // not numbers with a decimal comma: left as written
        assertThat(DecimalComma.toPoint("1.234")).isEqualTo("1.234");
        assertThat(DecimalComma.toPoint("42")).isEqualTo("42");
        assertThat(DecimalComma.toPoint("1,2,3")).isEqualTo("1,2,3");
        assertThat(DecimalComma.toPoint("12.34,5")).isEqualTo("12.34,5");
        assertThat(DecimalComma.toPoint("1234.567,5")).isEqualTo("1234.567,5");
        assertThat(DecimalComma.toPoint(",5")).isEqualTo(",5");
        assertThat(DecimalComma.toPoint("5,")).isEqualTo("5,");
        assertThat(DecimalComma.toPoint("tcp,udp")).isEqualTo("tcp,udp");
        assertThat(DecimalComma.toPoint(null)).isNull();
    }

    @Test
    void aSpreadsheetExportReadsAsNumbersWhenTheOptionIsGiven() throws IOException {
        byte[] csv = utf8("amount;merchant;fraud\n1.234,50;shop, Berlin;0\n0,99;kiosk;1\n");
        ReadOptions comma = ReadOptions.detect().withDecimalComma(true);
        DetectedFormat detected;
        try (TableReader reader = open(csv, comma, "tx.csv")) {
            detected = reader.detected();
            assertThat(detected.delimiter()).isEqualTo(';');
            assertThat(detected.decimalComma()).isTrue();
            assertThat(readAll(reader)).containsExactly(new String[] {"1234.50", "shop, Berlin", "0"},
                    new String[] {"0.99", "kiosk", "1"});
        }
        assertThat(readAll(open(csv, detected.toReadOptions(), null)).get(1)[0]).isEqualTo("0.99");
        // without the option the cells stay text, as written
        assertThat(readAll(open(csv, ReadOptions.detect(), null)).get(1)[0]).isEqualTo("0,99");
        assertReadFails(utf8("a,b\n1,2\n"), comma.withDelimiter(','), null)
                .hasMessageContaining("decimal comma need another field separator");
        List<String[]> profiled = readAll(open(csv, comma, null));
        assertThat(profiled).hasSize(2);
    }
}
