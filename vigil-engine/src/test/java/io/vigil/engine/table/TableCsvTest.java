package io.vigil.engine.table;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table written as CSV reads back cell for cell: numbers exactly, quotes and commas intact, missing cells empty. */
class TableCsvTest {

    @Test
    void aTableReadsBackToTheSameContent(@TempDir Path dir) throws Exception {
        List<String> names = List.of("bytes", "service", "rate");
        List<ColumnKind> kinds = List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.NUMERIC);
        Table table = new TableBuilder(names, kinds)
                .addRow(new String[] {"232", "http, \"alt\"", "0.1"})
                .addRow(new String[] {"", "ftp", String.valueOf(1.0 / 3)})
                .addRow(new String[] {"1e300", "", "-0.0000123456789"})
                .build();
        Path csv = dir.resolve("rows.csv");
        TableCsv.write(table, csv);

        TableBuilder again = new TableBuilder(names, kinds);
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            boolean header = true;
            for (CsvRecord r : reader) {
                if (header) {
                    assertThat(r.getFields()).isEqualTo(names);
                    header = false;
                    continue;
                }
                again.addRow(r.getFields().stream().map(c -> c.isEmpty() ? null : c).toArray(String[]::new));
            }
        }
        Table read = again.build();
        assertThat(read.contentSha256()).isEqualTo(table.contentSha256());
        assertThat(read.numeric("rate").values()[1]).isEqualTo(1.0 / 3);
        assertThat(Files.readString(csv)).contains("\"http, \"\"alt\"\"\"");
    }
}
