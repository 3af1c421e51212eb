package io.vigil.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rolling statistics, lags and differences of 1,500 events of 15 hosts against pandas'
 * ({@code src/test/resources/windows/pandas_reference.py} wrote the expected values): an
 * independent implementation of the same windows, on a file in shuffled order.
 */
class PandasReferenceTest {

    @Test
    void everyFeatureAgreesWithPandas() throws IOException {
        List<String[]> events = csv("events.csv");
        List<String[]> expected = csv("pandas-expected.csv");
        String[] names = expected.remove(0);
        events.remove(0);
        Table table = Table.fromRows(events.iterator(), List.of("host", "ts", "bytes"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        List<WindowFeature> features = new ArrayList<>();
        for (String name : names) features.add(feature(name));
        WindowFeatures windows = WindowFeatures.fit(WindowSpec.of(List.of("host"), "ts", features), table);
        assertThat(windows.featureNames()).containsExactly(names);
        Table out = windows.transform(table);
        int compared = 0;
        for (int row = 0; row < expected.size(); row++) {
            for (int f = 0; f < names.length; f++) {
                String cell = f < expected.get(row).length ? expected.get(row)[f] : "";
                double actual = out.numeric(names[f]).get(row);
                if (cell.isEmpty()) {
                    assertThat(actual).as("row %d %s", row, names[f]).isNaN();
                } else {
                    double want = Double.parseDouble(cell);
                    assertThat(actual).as("row %d %s", row, names[f]).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(30_000);
    }

    /** The feature pandas' column {@code bytes_<stat>_<span>} or {@code bytes_<lag|diff>_<k>} holds. */
    private static WindowFeature feature(String name) {
        String[] parts = name.split("_");
        WindowKind kind = WindowKind.of(parts[1]);
        if (kind == WindowKind.LAG) return WindowFeature.lag("bytes", Integer.parseInt(parts[2]));
        if (kind == WindowKind.DIFF) return WindowFeature.diff("bytes", Integer.parseInt(parts[2]));
        if (parts[2].startsWith("last")) return WindowFeature.lastEvents(kind, "bytes", Integer.parseInt(parts[2].substring(4)));
        return WindowFeature.over(kind, "bytes", parts[2]);
    }

    private static List<String[]> csv(String name) throws IOException {
        try (InputStream in = PandasReferenceTest.class.getResourceAsStream("/windows/" + name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) rows.add(line.split(",", -1));
            }
            return rows;
        }
    }
}
