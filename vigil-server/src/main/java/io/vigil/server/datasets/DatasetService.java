package io.vigil.server.datasets;

import io.vigil.engine.data.ColumnProfile;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.DataFormat;
import io.vigil.engine.data.DataFormatException;
import io.vigil.engine.data.DatasetProfile;
import io.vigil.engine.data.DatasetProfiler;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import io.vigil.server.privacy.Pseudonyms;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableLoader;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.ScratchFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.input.TeeInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets: upload (stream to storage, parse and profile in the same pass, record atomically),
 * read, preview, download and delete. A failed upload leaves neither a row nor a blob.
 */
public final class DatasetService {
    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    private final DatasetRepository repository;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxUploadBytes;
    private final ScratchFiles scratch;
    private final DatasetReferences references;

    /** @param references who else points at datasets: asked before a delete, told after it */
    public DatasetService(DatasetRepository repository, BlobStore blobs, Clock clock, long maxUploadBytes, ScratchFiles scratch,
                          DatasetReferences references) {
        this.repository = repository;
        this.references = references;
        this.blobs = blobs;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
        this.scratch = scratch;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Stores and profiles {@code content} in one pass; the dataset exists only if everything succeeded. */
    public Dataset upload(UploadRequest request, InputStream content) {
        long started = System.nanoTime();
        try (BlobWriter writer = blobs.newWriter()) {
            // Every byte the parser reads is copied to storage as it goes: one pass, flat memory.
            InputStream limited = new LimitedInputStream(content, maxUploadBytes);
            InputStream tee = new TeeInputStream(limited, writer.stream(), false);
            DatasetProfile profile;
            io.vigil.engine.data.DetectedFormat detected;
            try (TableReader reader = TableReader.open(CloseShieldInputStream.wrap(tee), readOptions(request), request.fileName())) {
                detected = reader.detected();
                checkLabelColumn(request.labelColumn(), reader.columnNames());
                profile = DatasetProfiler.profile(reader, request.labelColumn());
            }
            tee.transferTo(java.io.OutputStream.nullOutputStream()); // keep any bytes the parser did not need
            BlobInfo blob = writer.commit();

            Dataset dataset = new Dataset(UUID.randomUUID(), request.name(), request.description(),
                    detected.format().name().toLowerCase(java.util.Locale.ROOT), request.labelColumn(), request.fileName(),
                    request.contentType(), blob.size(), blob.sha256(), profile.rows(), profile.columns(),
                    schema(profile), detected, clock.instant(), blob.key());
            String statsJson = Json.MAPPER.writeValueAsString(profile);
            try {
                repository.insert(dataset, statsJson, h -> requireBlob(blob.key()));
            } catch (RuntimeException e) {
                deleteIfUnused(blob.key());
                throw e;
            }
            log.atInfo().addKeyValue("datasetId", dataset.id()).addKeyValue("rows", dataset.rows())
                    .addKeyValue("columns", dataset.columns()).addKeyValue("bytes", dataset.sizeBytes())
                    .addKeyValue("format", dataset.format())
                    .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("dataset uploaded");
            return dataset;
        } catch (LimitedInputStream.TooLargeException e) {
            throw VigilException.tooLarge(e.getMessage());
        } catch (DataFormatException e) { // checked: the engine's words, the data's fault
            throw VigilException.unprocessable(e.getMessage());
        } catch (IOException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof LimitedInputStream.TooLargeException tooLarge) {
                throw VigilException.tooLarge(tooLarge.getMessage());
            }
            if (cause instanceof DataFormatException bad) {
                throw VigilException.unprocessable(bad.getMessage());
            }
            throw new UncheckedIOException("upload of '" + request.fileName() + "' failed while reading or storing it", e);
        }
    }

    /** A new file under this instance's working directory for a CSV to give {@link #storeCsv}; the caller deletes it. */
    public Path newCsvFile(String prefix) throws IOException {
        return scratch.newFile(prefix, ".csv");
    }

    /**
     * Stores a CSV that Vigil wrote itself (UTF-8, comma-separated, a header row, {@link CsvRows}),
     * such as a batch job's predictions or joined datasets: parsed and profiled like any upload.
     */
    public Dataset storeCsv(String name, String description, String labelColumn, Path csv) throws IOException {
        // csv comes from newCsvFile: a crash before the caller deletes it leaves it to the sweep
        try (InputStream in = Files.newInputStream(csv)) {
            return upload(new UploadRequest(name, description, labelColumn, DataFormat.CSV, ',', List.of(),
                    StandardCharsets.UTF_8, false, FileNames.plain(name + ".csv", "dataset.csv"), "text/csv", false, null), in);
        }
    }

    /**
     * Stores an engine table Vigil made (materialised features, asset metrics as events) as a new
     * dataset, through a CSV like {@link #storeCsv}; a timestamp column is written in ISO-8601 so the
     * dataset reads it back as one.
     */
    public Dataset storeTable(String name, String description, io.vigil.engine.table.Table table) {
        Path csv = null;
        try {
            csv = newCsvFile("table-");
            try (de.siegmar.fastcsv.writer.CsvWriter writer = CsvRows.writer(csv)) {
                List<io.vigil.engine.table.Column> columns = table.columns();
                writer.writeRecord(table.columnNames());
                String[] row = new String[columns.size()];
                for (int r = 0; r < table.rowCount(); r++) {
                    for (int c = 0; c < row.length; c++) row[c] = CsvRows.text(columns.get(c), r);
                    writer.writeRecord(row);
                }
            }
            return storeCsv(name, description, null, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the table of dataset '" + name + "'", e);
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException ignored) {
                    // the scratch sweep takes it
                }
            }
        }
    }

    public Dataset get(UUID id) {
        return repository.find(id).orElseThrow(() -> VigilException.notFound("no dataset with id " + id));
    }

    public String stats(UUID id) {
        return repository.stats(id).orElseThrow(() -> VigilException.notFound("no dataset with id " + id));
    }

    /** How many distinct values the upload's profile counted in a column (an estimate past 10,000); empty without that column. */
    public Optional<Long> distinctValues(Dataset d, String column) {
        return repository.distinctValues(d.id(), column);
    }

    public Page<Dataset> list(String nameContains, String format, String sort, boolean ascending, int page, int size) {
        return repository.list(nameContains, format, sort, ascending, page, size);
    }

    /** Rows {@code offset..offset+limit} as column-to-typed-value maps, read again from storage. */
    public Preview preview(UUID id, long offset, int limit) {
        Dataset d = get(id);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (InputStream in = blobs.open(d.blobKey());
             TableReader reader = TableReader.open(in, d.parsing().toReadOptions(), d.fileName())) {
            List<String> names = reader.columnNames();
            long skipped = 0;
            String[] row;
            while (skipped < offset && reader.next() != null) {
                skipped++;
            }
            while (rows.size() < limit && (row = reader.next()) != null) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), d.schema().get(i).type().convert(row[i]));
                }
                rows.add(values);
            }
            return new Preview(d.id(), offset, limit, d.rows(), names, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + id + " from storage", e);
        }
    }

    /**
     * Reads a whole dataset into the engine's columnar table (for training and evaluation), typed by
     * its stored schema. With a {@code target}, only the rows that have a label; {@code targetMapping},
     * when given, rewrites its values on the way in (e.g. many attack names to one "attack" class).
     */
    public Table loadTable(Dataset d, String target, UnaryOperator<String> targetMapping) {
        List<String> names = d.schema().stream().map(SchemaColumn::name).toList();
        if (target != null && !names.contains(target)) {
            throw VigilException.unprocessable("dataset " + d.id() + " has no column '" + target + "'",
                    List.of(new FieldError("targetVariable", "not a column of dataset " + d.id() + "; columns are " + names)));
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        d.schema().forEach(c -> types.put(c.name(), c.type()));
        Table table;
        try (InputStream in = blobs.open(d.blobKey());
             TableReader reader = TableReader.open(in, d.parsing().toReadOptions(), d.fileName())) {
            table = TableLoader.read(reader, types, (int) Math.min(d.rows(), Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + d.id() + " from storage", e);
        } catch (IllegalArgumentException e) {
            throw VigilException.unprocessable("dataset " + d.id() + " cannot be loaded for training: " + e.getMessage());
        }
        if (target == null) {
            return table;
        }
        Table labelled = withLabels(table, target);
        return targetMapping == null ? labelled : labelled.with(relabel(labelled.column(target), targetMapping));
    }

    /**
     * The rows that have a label: an unlabelled row can neither train a supervised model nor be
     * scored against. Callers compare the row count with the dataset's to report how many were left out.
     */
    private static Table withLabels(Table table, String target) {
        Column label = table.column(target);
        int[] labelled = IntStream.range(0, table.rowCount()).filter(r -> !label.isMissing(r)).toArray();
        return labelled.length == table.rowCount() ? table : table.select(labelled);
    }

    /** The target column with every label rewritten (as a categorical column: labels are classes). */
    private static CategoricalColumn relabel(Column column, UnaryOperator<String> mapping) {
        Map<String, Integer> dictionary = new LinkedHashMap<>();
        int[] codes = new int[column.size()];
        for (int r = 0; r < codes.length; r++) {
            String label = column.isMissing(r) ? null : mapping.apply(column.text(r));
            codes[r] = label == null ? CategoricalColumn.MISSING : dictionary.computeIfAbsent(label, k -> dictionary.size());
        }
        return new CategoricalColumn(column.name(), codes, List.copyOf(dictionary.keySet()));
    }

    /** The bytes exactly as uploaded; the caller closes the stream. */
    public InputStream openContent(Dataset d) {
        try {
            return blobs.open(d.blobKey());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + d.id() + " from storage", e);
        }
    }

    /** Writes the dataset as CSV with its personal columns pseudonymised ({@link PseudonymisedCopy}). */
    public void writePseudonymised(Dataset d, Pseudonyms pseudonyms, java.io.OutputStream out) throws IOException {
        try (InputStream in = openContent(d)) {
            PseudonymisedCopy.write(d, in, pseudonyms, out);
        }
    }

    /**
     * Deletes a dataset. One that a model version was trained, evaluated or validated on is refused
     * (409 naming the versions) unless {@code force}; forced, those versions keep what it was (name,
     * file, SHA-256, rows, when it was deleted). One that a queued or running job will read is
     * refused even when forced: the job would fail halfway.
     */
    public void delete(UUID id, boolean force) {
        Dataset d = get(id);
        DatasetReference tombstone = DatasetReference.of(d).deleted(clock.instant());
        boolean deleted = repository.delete(d, references, usage -> approveDelete(d, usage, force), tombstone, this::deleteBlob);
        if (!deleted) {
            throw VigilException.notFound("no dataset with id " + id);
        }
        log.atInfo().addKeyValue("datasetId", id).addKeyValue("force", force).log("dataset deleted");
    }

    private static final int USES_LISTED = 10;

    private static void approveDelete(Dataset d, DatasetUsage usage, boolean force) {
        String which = "dataset '" + d.name() + "' (" + d.id() + ")";
        if (!usage.jobs().isEmpty()) {
            throw VigilException.conflict(which + " is to be read by " + listed(usage.jobs())
                    + "; cancel the job or wait for it to end, then delete the dataset");
        }
        if (!usage.versions().isEmpty() && !force) {
            throw VigilException.conflict(which + " is the data of " + usage.versions().size() + " model version"
                    + (usage.versions().size() == 1 ? "" : "s") + ": " + listed(usage.versions())
                    + "; delete it with force=true to delete it anyway (the versions keep its name, file name, SHA-256 and rows)");
        }
    }

    private static String listed(List<?> uses) {
        String shown = String.join(", ", uses.stream().limit(USES_LISTED).map(Object::toString).toList());
        return uses.size() > USES_LISTED ? shown + " and " + (uses.size() - USES_LISTED) + " more" : shown;
    }

    /** A page of rows of a dataset. */
    public record Preview(UUID datasetId, long offset, int limit, long totalRows, List<String> columns,
                          List<Map<String, Object>> rows) {}

    private static ReadOptions readOptions(UploadRequest r) {
        ReadOptions options = ReadOptions.detect();
        if (r.format() != null) {
            options = options.withFormat(r.format());
        }
        if (r.delimiter() != null) {
            options = options.withDelimiter(r.delimiter());
        }
        if (!r.columns().isEmpty()) {
            options = options.withColumns(r.columns());
        }
        return options.withEncoding(r.encoding()).withDecimalComma(r.decimalComma())
                .withKeepFlowsBeforeDamage(r.keepFlowsBeforeDamage()).withEventType(r.eventType());
    }

    private static void checkLabelColumn(String label, List<String> columns) {
        if (label != null && !columns.contains(label)) {
            throw VigilException.unprocessable("labelColumn '" + label + "' is not a column of the file",
                    List.of(new FieldError("labelColumn", "no column named '" + label + "'; columns are " + columns)));
        }
    }

    private static List<SchemaColumn> schema(DatasetProfile profile) {
        List<SchemaColumn> schema = new ArrayList<>();
        for (ColumnProfile c : profile.columnProfiles()) {
            schema.add(new SchemaColumn(c.name(), c.type()));
        }
        return schema;
    }

    private void requireBlob(String key) {
        try {
            if (blobs.stat(key).isEmpty()) {
                throw VigilException.unavailable("the stored file vanished during the upload (a concurrent delete); try again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteBlob(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + key, e);
        }
    }

    private void deleteIfUnused(String key) {
        try {
            if (!repository.blobInUse(key)) {
                blobs.delete(key);
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("blobKey", key).log("could not remove the blob of a failed upload; the start-up sweep will");
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof LimitedInputStream.TooLargeException || c instanceof DataFormatException) {
                return c;
            }
            c = c.getCause();
        }
        return c;
    }
}
