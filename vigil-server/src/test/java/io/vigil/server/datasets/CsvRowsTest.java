package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {

    @Test
    void whatVigilWritesReadsBackCellForCell(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        String[] tricky = {"Web Attack \u2013 Brute Force", "a,b", "say \"hi\"", "two\nlines", null};
        try (CsvWriter out = CsvRows.writer(csv)) {
            out.writeRecord("label", "comma", "quote", "newline", "missing");
            out.writeRecord(tricky);
        }
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).startsWith("label,comma,quote,newline,missing\n");
        try (InputStream in = Files.newInputStream(csv); TableReader reader = TableReader.open(in, ReadOptions.detect(), "t.csv")) {
            String[] row = reader.next();
            assertThat(row).containsExactly("Web Attack \u2013 Brute Force", "a,b", "say \"hi\"", "two\nlines", null); // an empty cell is missing
            assertThat(reader.next()).isNull();
        }
    }
}
