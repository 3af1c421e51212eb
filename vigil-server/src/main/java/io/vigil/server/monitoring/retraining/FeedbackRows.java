package io.vigil.server.monitoring.retraining;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.engine.features.InputField;
import io.vigil.engine.table.ColumnKind;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.monitoring.feedback.RecordedPredictions;
import io.vigil.server.monitoring.feedback.VersionClasses;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The feedback-labelled predictions of a model as rows of its training dataset: each prediction's
 * recorded inputs (from {@code prediction_batches}, by V8's rule: the row with the greatest id at or
 * before the prediction's in its block, at the time the feedback recorded) under their column names,
 * and its true label in the label column. The dataset's other columns, which no version reads
 * (dropped, or outside its features), are left empty: missing, as the training pipeline reads them.
 * A detector's label (normal or anomaly) is written as its data's label in the same place.
 */
final class FeedbackRows {
    private static final String ROWS = "select f.version, f.actual_label,"
            + " b.numbers[b.k * b.ni + 1 : (b.k + 1) * b.ni] as numbers, b.categories[b.k * b.nc + 1 : (b.k + 1) * b.nc] as categories"
            + " from (select * from prediction_feedback where model_id = :model and predicted_at >= :since and predicted_at < :until"
            + " order by predicted_at desc limit :limit) f"
            + " cross join lateral (select r.size, r.numbers, r.categories, cardinality(r.numbers) / r.size as ni,"
            + " cardinality(r.categories) / r.size as nc,"
            + " ('x' || right(f.prediction_id::text, 4))::bit(16)::int - ('x' || right(r.id::text, 4))::bit(16)::int as k"
            + " from prediction_batches r where r.id <= f.prediction_id"
            + " and r.id >= overlay(f.prediction_id::text placing '0000' from 33 for 4)::uuid"
            + " and r.at = f.predicted_at and r.model_id = f.model_id order by r.id desc limit 1) b"
            + " where b.k < b.size order by f.predicted_at, f.prediction_id";
    private static final int FETCH = 2_000;

    private final Jdbi jdbi;
    private final ModelRepository models;
    private final ModelBundles bundles;
    private final VersionClasses classes;

    FeedbackRows(Jdbi jdbi, ModelRepository models, ModelBundles bundles, VersionClasses classes) {
        this.jdbi = jdbi;
        this.models = models;
        this.bundles = bundles;
        this.classes = classes;
    }

    /**
     * Writes the newest {@code limit} feedback rows on predictions of {@code modelId} made in
     * {@code [since, until)} to {@code out}, a CSV with {@code columns} (its header already
     * written), the label in {@code labelColumn}; answers how many it wrote.
     */
    int write(UUID modelId, List<String> columns, String labelColumn, Instant since, Instant until, int limit, CsvWriter out) {
        Map<Integer, Layout> layouts = new HashMap<>();
        int[] written = {0};
        jdbi.useTransaction(h -> h.createQuery(ROWS).bind("model", modelId).bind("since", Timestamp.from(since))
                .bind("until", Timestamp.from(until)).bind("limit", limit).setFetchSize(FETCH)
                .map((rs, ctx) -> new Row(rs.getInt("version"), rs.getString("actual_label"), RecordedPredictions.floats(rs.getArray("numbers")),
                        texts(rs.getArray("categories"))))
                .forEach(row -> {
                    Layout layout = layouts.computeIfAbsent(row.version(), v -> layout(modelId, v, columns, labelColumn));
                    if (layout.fits(row)) {
                        out.writeRecord(layout.cells(row));
                        written[0]++;
                    }
                }));
        return written[0];
    }

    /** Where each of a version's recorded inputs goes in the dataset's columns, and how its labels read there. */
    private Layout layout(UUID modelId, int version, List<String> columns, String labelColumn) {
        List<InputField> inputs = bundles.manifest(models.getVersion(modelId, version)).inputSchema();
        List<InputField> numeric = inputs.stream().filter(i -> i.kind() == ColumnKind.NUMERIC).toList();
        List<InputField> categorical = inputs.stream().filter(i -> i.kind() != ColumnKind.NUMERIC).toList();
        VersionClasses.Of of = classes.of(modelId, version);
        return new Layout(numeric.stream().mapToInt(i -> columns.indexOf(i.name())).toArray(),
                categorical.stream().mapToInt(i -> columns.indexOf(i.name())).toArray(), columns.indexOf(labelColumn),
                columns.size(), of.detector() ? of : null);
    }

    private record Row(int version, String actual, float[] numbers, String[] categories) {}

    /** A version's columns in the dataset (-1: an input the dataset lacks, left out). */
    private record Layout(int[] numeric, int[] categorical, int label, int width, VersionClasses.Of detector) {
        boolean fits(Row r) {
            return r.numbers().length == numeric.length && r.categories().length == categorical.length;
        }

        String[] cells(Row r) {
            String[] cells = new String[width];
            for (int i = 0; i < numeric.length; i++) {
                if (numeric[i] >= 0 && !Float.isNaN(r.numbers()[i])) {
                    cells[numeric[i]] = Float.toString(r.numbers()[i]);
                }
            }
            for (int i = 0; i < categorical.length; i++) {
                if (categorical[i] >= 0) {
                    cells[categorical[i]] = r.categories()[i];
                }
            }
            cells[label] = detector == null ? r.actual() : dataLabel(detector, r.actual());
            return cells;
        }

        /** A detector's class as its data's label in the same place (normal, attack); the class itself without labels. */
        private static String dataLabel(VersionClasses.Of of, String actual) {
            int i = of.classes().indexOf(actual);
            return i >= 0 && i < of.labelNames().size() ? of.labelNames().get(i) : actual;
        }
    }

    private static String[] texts(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        Object[] values = (Object[]) array.getArray();
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (String) values[i];
        }
        return out;
    }
}
