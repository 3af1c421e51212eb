package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A real NAB series: CRLF line ends, a header, ISO-like timestamps. */
class NabTest {

    @Test
    void crlfSeriesWithTimestamps() throws IOException {
        String shared = System.getProperty("vigil.shared.dir");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        Path file = base.resolve("datasets/nab/data/realAdExchange/exchange-2_cpc_results.csv").normalize();
        assertThat(file).as("missing dataset file %s", file.toAbsolutePath()).isRegularFile();
        DatasetProfile profile;
        try (InputStream in = Files.newInputStream(file);
             TableReader reader = TableReader.open(in, null, file.getFileName().toString())) {
            assertThat(reader.columnNames()).containsExactly("timestamp", "value");
            profile = DatasetProfiler.profile(reader, null);
        }
        // expected values computed with awk over the file
        assertThat(profile.rows()).isEqualTo(1624);
        ColumnProfile timestamp = profile.columnProfiles().get(0);
        ColumnProfile value = profile.columnProfiles().get(1);
        assertThat(timestamp.type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(timestamp.distinct()).isEqualTo(1623); // 2011-08-24 12:00:01 occurs twice (awk, uniq -d)
        assertThat(value.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(value.numeric().mean()).isCloseTo(0.101822603912, within(1e-11));
        assertThat(value.numeric().min()).isEqualTo(0.0268430335097);
        assertThat(value.numeric().max()).isEqualTo(0.226597938144);
        assertThat(value.numeric().quantilesExact()).isTrue();
    }
}
