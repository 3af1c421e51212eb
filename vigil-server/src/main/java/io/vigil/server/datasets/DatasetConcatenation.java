package io.vigil.server.datasets;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.engine.data.TableReader;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins stored datasets with the same columns into a new one, row after row. Each is read as it
 * was uploaded (its format, encoding, decimal commas), the rows are written to a temporary CSV
 * matched by column name, and that file is uploaded like any other: parsed, profiled and stored
 * in one transaction, so a failure leaves nothing behind.
 */
public final class DatasetConcatenation {
    static final int MAX_DATASETS = 100;

    private final DatasetService datasets;

    public DatasetConcatenation(DatasetService datasets) {
        this.datasets = datasets;
    }

    public Dataset concat(ConcatRequest r) {
        List<Dataset> parts = parts(r);
        List<String> columns = parts.get(0).schema().stream().map(SchemaColumn::name).toList();
        checkSameColumns(parts, columns);
        String label = r.labelColumn() != null && !r.labelColumn().isBlank() ? r.labelColumn().trim() : parts.get(0).labelColumn();
        Path csv = null;
        try {
            csv = datasets.newCsvFile("vigil-concat-");
            try (CsvWriter out = CsvRows.writer(csv)) {
                out.writeRecord(columns);
                for (Dataset part : parts) {
                    append(part, columns, out);
                }
            }
            String description = r.description() != null ? r.description()
                    : "rows of " + parts.stream().map(Dataset::name).toList() + ", in that order";
            return datasets.storeCsv(r.name().trim(), description, label, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot join datasets " + r.datasetIds(), e);
        } finally {
            deleteQuietly(csv);
        }
    }

    private List<Dataset> parts(ConcatRequest r) {
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        errors.throwIfAny();
        return r.datasetIds().stream().map(datasets::get).toList();
    }

    /** Joined by name, so the order of columns may differ; the set of names may not. */
    private static void checkSameColumns(List<Dataset> parts, List<String> columns) {
        Set<String> expected = new HashSet<>(columns);
        List<FieldError> errors = new ArrayList<>();
        for (Dataset part : parts) {
            Set<String> names = new HashSet<>(part.schema().stream().map(SchemaColumn::name).toList());
            if (!names.equals(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(names);
                Set<String> extra = new TreeSet<>(names);
                extra.removeAll(expected);
                errors.add(new FieldError("datasetIds", "dataset " + part.id() + " (" + part.name() + ") lacks " + missing
                        + " and has " + extra + " against " + parts.get(0).name()));
            }
        }
        if (!errors.isEmpty()) {
            throw VigilException.unprocessable("the datasets do not have the same columns", errors);
        }
    }

    private void append(Dataset part, List<String> columns, CsvWriter out) throws IOException {
        try (InputStream in = datasets.openContent(part);
             TableReader reader = TableReader.open(in, part.parsing().toReadOptions(), part.fileName())) {
            List<String> own = reader.columnNames();
            int[] from = columns.stream().mapToInt(own::indexOf).toArray();
            String[] row = new String[columns.size()];
            for (String[] cells; (cells = reader.next()) != null; ) {
                for (int i = 0; i < from.length; i++) {
                    row[i] = cells[from[i]];
                }
                out.writeRecord(row);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file: the OS cleans its temp directory
            }
        }
    }
}
