package io.vigil.engine.datasets;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the NSL-KDD {@code .txt} files (comma-separated, no header, 41 features + label +
 * difficulty) into a {@link Table}. In binary mode the label is {@code normal} or {@code attack}.
 */
public final class NslKdd {
    public static final String LABEL = "label";
    public static final String DIFFICULTY = "difficulty";
    public static final List<String> COLUMNS = List.of("duration", "protocol_type", "service", "flag", "src_bytes",
            "dst_bytes", "land", "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised",
            "root_shell", "su_attempted", "num_root", "num_file_creations", "num_shells", "num_access_files",
            "num_outbound_cmds", "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate", "srv_serror_rate",
            "rerror_rate", "srv_rerror_rate", "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate", "dst_host_count",
            "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate", "dst_host_same_src_port_rate",
            "dst_host_srv_diff_host_rate", "dst_host_serror_rate", "dst_host_srv_serror_rate", "dst_host_rerror_rate",
            "dst_host_srv_rerror_rate", LABEL, DIFFICULTY);
    private static final Set<String> CATEGORICAL = Set.of("protocol_type", "service", "flag", LABEL);

    private NslKdd() {
    }

    public static List<ColumnKind> kinds() {
        return COLUMNS.stream().map(c -> CATEGORICAL.contains(c) ? ColumnKind.CATEGORICAL : ColumnKind.NUMERIC).toList();
    }

    /** {@code KDDTrain+.txt}, {@code KDDTest+.txt}, ... from the shared datasets folder. */
    public static Table load(String fileName, boolean binary) {
        return load(SharedData.dataset("nsl-kdd/" + fileName), binary);
    }

    public static Table load(Path file, boolean binary) {
        TableBuilder builder = new TableBuilder(COLUMNS, kinds());
        int labelIndex = COLUMNS.indexOf(LABEL);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                if (binary) cells[labelIndex] = cells[labelIndex].equals("normal") ? "normal" : "attack";
                builder.addRow(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return builder.build();
    }

    /** Rows as text cells, for feeding raw records to a model in tests. */
    public static List<String[]> rows(Table table) {
        List<String[]> rows = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) rows.add(table.row(r));
        return rows;
    }
}
