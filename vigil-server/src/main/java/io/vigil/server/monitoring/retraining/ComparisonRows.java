package io.vigil.server.monitoring.retraining;

import io.vigil.engine.table.Table;
import io.vigil.server.core.Json;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.TrainingPayload;
import io.vigil.server.models.TrainingSets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The rows a retrained version and the deployed one (the champion) are compared on: rows neither
 * was trained on, so neither is favoured.
 * <ul>
 * <li>A version evaluated on a validation dataset: that dataset, which neither trained on (the
 * retraining keeps the champion's validation dataset).</li>
 * <li>A hold-out: the new version's held-out rows (its training recomputed: the same table,
 * fraction and seed give the same rows) that the champion did not train on either. On the same
 * dataset with the same fraction and seed, that is the champion's own hold-out, whole. On the
 * training dataset joined with feedback rows, it is those of the champion's held-out rows that the
 * new version held out too, and the held-out feedback rows: predictions made after the champion was
 * trained, which it cannot have seen.</li>
 * </ul>
 * Anything else (the champion trained on other data) has no such rows, and the versions are not compared.
 */
final class ComparisonRows {
    /** The rows, the dataset they come from, and in words which they are. */
    record Rows(Table table, Dataset from, String description) {}

    /** No fair rows, and why. */
    static final class NoFairRows extends Exception {
        NoFairRows(String why) {
            super(why, null, false, false);
        }
    }

    private final DatasetService datasets;

    ComparisonRows(DatasetService datasets) {
        this.datasets = datasets;
    }

    /** The rows to compare {@code challenger} with {@code champion} on; {@code feedbackRows} were joined after its base dataset. */
    Rows of(RegisteredModel model, ModelVersion champion, ModelVersion challenger, int feedbackRows) throws NoFairRows {
        TrainingPayload c = settings(champion);
        TrainingPayload n = settings(challenger);
        String target = model.targetVariable();
        if (n.validationDatasetId() != null) {
            if (n.validationDatasetId().equals(c.datasetId())) {
                throw new NoFairRows("the new version's validation dataset is the champion's training data");
            }
            Dataset v = datasets.get(n.validationDatasetId());
            return new Rows(load(v, model), v, "validation dataset " + v.name() + " (" + v.id() + "), all its rows");
        }
        Dataset trainedOn = datasets.get(n.datasetId());
        Table all = load(trainedOn, model);
        int[] heldOut = TrainingSets.heldOut(all, target, n, trainedOn.rows())
                .orElseThrow(() -> new NoFairRows("the rows the new version held out cannot be told apart"));
        boolean joined = !n.datasetId().equals(c.datasetId());
        Dataset championDataset = joined ? datasets.get(c.datasetId()) : trainedOn;
        Table championData = joined ? load(championDataset, model) : all;
        int baseRows = championData.rowCount();
        if (joined && (feedbackRows == 0 || all.rowCount() != baseRows + feedbackRows)) {
            throw new NoFairRows("the new version trained on dataset " + trainedOn.id() + ", which is not the champion's dataset "
                    + c.datasetId() + " followed by " + feedbackRows + " feedback rows");
        }
        Set<Integer> championHeldOut = c.validationDatasetId() != null ? Set.of()
                : boxed(TrainingSets.heldOut(championData, target, c, championDataset.rows())
                        .orElseThrow(() -> new NoFairRows("the rows the champion held out cannot be told apart")));
        int[] fair = Arrays.stream(heldOut).filter(i -> i >= baseRows || championHeldOut.contains(i)).sorted().toArray();
        if (fair.length == 0) {
            throw new NoFairRows("the champion trained on every row the new version held out");
        }
        long fromFeedback = Arrays.stream(fair).filter(i -> i >= baseRows).count();
        return new Rows(all.select(fair), trainedOn, fair.length + " held-out rows of dataset " + trainedOn.name() + " ("
                + trainedOn.id() + ") that neither version trained on" + (joined ? ", " + fromFeedback + " of them feedback rows" : ""));
    }

    private Table load(Dataset d, RegisteredModel model) {
        return datasets.loadTable(d, model.targetVariable(), model.labelMapping());
    }

    static TrainingPayload settings(ModelVersion v) {
        return Objects.requireNonNull(Json.MAPPER.convertValue(v.parameters(), TrainingPayload.class),
                "version " + v.version() + " has no training settings");
    }

    private static Set<Integer> boxed(int[] rows) {
        Set<Integer> set = new HashSet<>(rows.length * 2);
        IntStream.of(rows).forEach(set::add);
        return set;
    }

}
