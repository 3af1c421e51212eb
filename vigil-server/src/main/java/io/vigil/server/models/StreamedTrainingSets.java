package io.vigil.server.models;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.engine.algorithms.TrainingRows;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.DataFormat;
import io.vigil.engine.data.DetectedFormat;
import io.vigil.engine.data.TableReader;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableLoader;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.CsvRows;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.SchemaColumn;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobLogLevel;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ExternalLocation;
import io.vigil.server.storage.ScratchFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of a training on another engine (Spark), read as one stream so that this server never holds the dataset:
 * the engine trains on every training row where it reads them ({@link #rows}), while the server keeps bounded, seeded
 * samples: of the training rows, to fit the pipeline and profile them for drift, and of the held-out rows (or the
 * validation dataset's), to evaluate on. Both sides pick the rows with the same functions ({@link TrainingRows#trains}).
 *
 * <p>The engine reads the dataset's blob in place when the store can hand it out ({@link BlobStore#externalLocation})
 * and Spark's CSV reader reads it as Vigil did (uncompressed UTF-8 CSV or TSV with a point for decimals); otherwise the
 * same pass copies every row into a scratch CSV that the engine reads ({@link #close} removes it).
 *
 * @param rows         where the engine reads the rows and which of them train
 * @param trainingRows how many rows train (all of them, not the sample)
 * @param trainSample  a sample of the training rows (every one below the bound), with at least one row of each class
 * @param test         a sample of the held-out rows, or of the validation dataset's
 * @param scratchFile  the copy the engine reads, or null when it reads the blob in place
 */
record StreamedTrainingSets(TrainingRows rows, long trainingRows, Table trainSample, Table test, VersionArtifacts.EvaluatedOn evaluatedOn,
                            Dataset evaluationDataset, Path scratchFile) implements AutoCloseable {
    /** More classes than this is not a classification Spark trains (its trees take few). */
    private static final int MAX_CLASSES = 1000;

    static StreamedTrainingSets read(BlobStore blobs, ScratchFiles scratch, int sampleRows, JobContext ctx, Dataset dataset,
                                     Dataset validation, RegisteredModel model, TrainingPayload p) throws IOException {
        String target = model.targetVariable();
        requireColumn(dataset, target, "targetVariable");
        String why = whyNotInPlace(dataset.parsing());
        Optional<ExternalLocation> place = why == null ? blobs.externalLocation(dataset.blobKey()) : Optional.empty();
        if (why == null && place.isEmpty()) why = "the storage driver does not let outside readers read its blobs in place "
                + "(encrypted at rest, or Azure)";
        Path copy = place.isPresent() ? null : scratch.newFile("training-rows-", ".csv");
        try {
            double fraction = validation == null ? p.trainTestSplit() : 0;
            TrainingRows probe = rows(dataset, model, place.orElse(null), copy, false, fraction, p.seed(), -1);
            Pass pass = new Pass(probe, sampleRows, p.seed());
            pass.read(blobs, dataset, copy, ctx);
            if (place.isPresent() && !pass.oneLinePerRow) {
                // Spark's CSV reader splits the file at line breaks: it would cut such rows (or count differently)
                why = "some rows span several lines (line breaks in quoted cells) or blank lines separate them";
                place = Optional.empty();
                copy = scratch.newFile("training-rows-", ".csv");
                copyRows(blobs, dataset, copy, ctx);
            }
            TrainingRows rows = rows(dataset, model, place.orElse(null), copy, !pass.oneLinePerRow, fraction, p.seed(), pass.fileRows);
            if (place.isPresent()) {
                ctx.log(JobLogLevel.INFO, "the training engine reads the dataset in place at " + rows.location());
            } else {
                ctx.log(JobLogLevel.INFO, "the dataset cannot be read in place (" + why + "): streamed once to a scratch CSV of "
                        + pass.fileRows + " rows, which the training engine reads");
            }
            if (pass.unlabelled > 0) {
                ctx.log(JobLogLevel.WARN, pass.unlabelled + " rows without a label in '" + target + "' left out");
            }
            if (pass.train.offered() == 0) throw VigilException.unprocessable("dataset " + dataset.id() + " has no labelled row to train on");
            Table trainSample = pass.trainTable(types(dataset, model));
            if (validation != null) {
                requireColumn(validation, target, "validationDatasetId");
                Pass check = new Pass(rows(validation, model, null, null, false, 0, p.seed(), -1), sampleRows, p.seed());
                check.read(blobs, validation, null, ctx);
                Table test = table(check.names, check.train.rows(), types(validation, model), check.train.size());
                return new StreamedTrainingSets(rows, pass.train.offered(), trainSample, test,
                        VersionArtifacts.EvaluatedOn.sampled(validation.id(), null, test.rowCount(), check.train.offered()), validation, copy);
            }
            Table test = table(pass.names, pass.heldOut.rows(), types(dataset, model), pass.heldOut.size());
            return new StreamedTrainingSets(rows, pass.train.offered(), trainSample, test,
                    VersionArtifacts.EvaluatedOn.sampled(dataset.id(), fraction, test.rowCount(), pass.heldOut.offered()), null, copy);
        } catch (IOException | RuntimeException e) {
            if (copy != null) Files.deleteIfExists(copy);
            throw e;
        }
    }

    /** Every row of the dataset into a CSV file with a header, one line per row (quoted cells keep their line breaks). */
    private static void copyRows(BlobStore blobs, Dataset d, Path copy, JobContext ctx) throws IOException {
        try (InputStream in = blobs.open(d.blobKey());
             TableReader reader = TableReader.open(in, d.parsing().toReadOptions(), d.fileName());
             CsvWriter out = CsvRows.writer(copy)) {
            out.writeRecord(reader.columnNames());
            String[] row;
            long n = 0;
            while ((row = reader.next()) != null) {
                out.writeRecord(row);
                if ((++n & 0x3FFF) == 0) ctx.throwIfCancelled();
            }
        }
    }

    /** Removes the scratch copy, if there is one. */
    @Override
    public void close() throws IOException {
        if (scratchFile != null) Files.deleteIfExists(scratchFile);
    }

    /** Why Spark's CSV reader cannot read these bytes as Vigil read them; null when it can. */
    static String whyNotInPlace(DetectedFormat f) {
        if (f.format() != DataFormat.CSV && f.format() != DataFormat.TSV) return "it is " + f.format().name().toLowerCase() + ", not CSV";
        if (f.gzip()) return "it is gzip-compressed";
        if (f.encoding() != null && !f.encoding().equals(StandardCharsets.UTF_8.name())) return "its encoding is " + f.encoding();
        if (f.decimalComma()) return "its numbers have a decimal comma";
        return null;
    }

    private static TrainingRows rows(Dataset d, RegisteredModel m, ExternalLocation place, Path copy, boolean multiLine,
                                     double fraction, long seed, long fileRows) {
        TrainingRows.Binarize binarize = m.binarize() == null ? null
                : new TrainingRows.Binarize(m.binarize().negativeClass(), m.binarize().positiveClass());
        ColumnType targetType = d.schema().stream().filter(c -> c.name().equals(m.targetVariable())).map(SchemaColumn::type)
                .findFirst().orElse(ColumnType.CATEGORICAL);
        List<String> columns = d.schema().stream().map(SchemaColumn::name).toList();
        if (place != null) {
            return new TrainingRows(place.uri(), place.readerSettings(), d.parsing().header(), d.parsing().delimiter(), false, columns,
                    m.targetVariable(), targetType, binarize, fraction, seed, fileRows);
        }
        return new TrainingRows(copy == null ? Path.of("unread").toUri() : copy.toUri(), Map.of(), true, ',', multiLine, columns,
                m.targetVariable(), targetType, binarize, fraction, seed, fileRows);
    }

    /** The dataset's column types; a binarized label is a class name whatever it was. */
    private static Map<String, ColumnType> types(Dataset d, RegisteredModel m) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        d.schema().forEach(c -> types.put(c.name(), c.type()));
        if (m.binarize() != null) types.put(m.targetVariable(), ColumnType.CATEGORICAL);
        return types;
    }

    private static Table table(List<String> names, List<String[]> rows, Map<String, ColumnType> types, int size) {
        try {
            return TableLoader.read(names, rows, types, Math.max(1, size));
        } catch (IllegalArgumentException e) {
            throw VigilException.unprocessable("the dataset cannot be loaded for training: " + e.getMessage());
        }
    }

    private static void requireColumn(Dataset d, String column, String field) {
        if (d.schema().stream().noneMatch(c -> c.name().equals(column))) {
            throw VigilException.unprocessable("dataset " + d.id() + " has no column '" + column + "'",
                    List.of(new io.vigil.server.core.FieldError(field, "not a column of dataset " + d.id())));
        }
    }

    /** One pass over a dataset: the samples, the counts, and the copy when one is written. */
    private static final class Pass {
        final TrainingRows rows;
        final RowSample train;
        final RowSample heldOut;
        /** One row of each class, so a class outside the training sample still reaches the pipeline's classes. */
        final Map<String, String[]> firstOfClass = new LinkedHashMap<>();
        List<String> names;
        long fileRows;
        /** Each row started on the line after the previous one's: Spark's line-based CSV reader reads the file as Vigil did. */
        boolean oneLinePerRow = true;
        long unlabelled;

        Pass(TrainingRows rows, int sampleRows, long seed) {
            this.rows = rows;
            this.train = new RowSample(sampleRows, seed);
            this.heldOut = new RowSample(sampleRows, seed + 1);
        }

        void read(BlobStore blobs, Dataset d, Path copy, JobContext ctx) throws IOException {
            try (InputStream in = blobs.open(d.blobKey());
                 TableReader reader = TableReader.open(in, d.parsing().toReadOptions(), d.fileName());
                 CsvWriter out = copy == null ? null : CsvRows.writer(copy)) {
                names = reader.columnNames();
                int target = names.indexOf(rows.target());
                if (out != null) out.writeRecord(names);
                String[] row;
                long lastLine = -1;
                while ((row = reader.next()) != null) {
                    if (lastLine >= 0 && reader.line() != lastLine + 1) oneLinePerRow = false;
                    lastLine = reader.line();
                    if (out != null) out.writeRecord(row);
                    String label = target < row.length ? rows.label(row[target]) : null;
                    if (label == null) {
                        unlabelled++;
                    } else {
                        row[target] = label;
                        if (rows.trains(fileRows, label)) {
                            train.offer(row);
                            if (!firstOfClass.containsKey(label)) {
                                if (firstOfClass.size() == MAX_CLASSES) {
                                    throw VigilException.unprocessable("'" + rows.target() + "' has more than " + MAX_CLASSES + " classes");
                                }
                                firstOfClass.put(label, row.clone());
                            }
                        } else {
                            heldOut.offer(row);
                        }
                    }
                    if ((++fileRows & 0x3FFF) == 0) ctx.throwIfCancelled();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (IllegalArgumentException e) {
                throw VigilException.unprocessable("dataset " + d.id() + " cannot be read for training: " + e.getMessage());
            }
        }

        /** The training sample, with a row of each class the sample missed. */
        Table trainTable(Map<String, ColumnType> types) {
            Table sample = table(names, train.rows(), types, train.size());
            Column label = sample.column(rows.target());
            Set<String> present = new HashSet<>();
            for (int r = 0; r < sample.rowCount(); r++) if (!label.isMissing(r)) present.add(label.text(r));
            List<String[]> missed = firstOfClass.entrySet().stream().filter(e -> !present.contains(e.getKey())).map(Map.Entry::getValue).toList();
            if (missed.isEmpty()) return sample;
            List<String[]> all = new ArrayList<>(train.rows());
            all.addAll(missed);
            return table(names, all, types, all.size());
        }
    }
}
