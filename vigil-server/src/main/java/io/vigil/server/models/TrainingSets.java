package io.vigil.server.models;

import io.vigil.engine.algorithms.HoldOut;
import io.vigil.engine.evaluation.Splits;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobLogLevel;

/**
 * The rows a training job trains on and evaluates on, and where the latter came from.
 *
 * @param evaluationDataset the separate dataset evaluated on, or null for a hold-out of the training data
 * @param windows           the model's window features fitted on the training rows (null without any); both
 *                          tables carry their columns
 */
public record TrainingSets(Table train, Table test, VersionArtifacts.EvaluatedOn evaluatedOn, Dataset evaluationDataset,
                           WindowFeatures windows) {

    /**
     * Loads the dataset and splits it (or loads the validation dataset). The whole table is a
     * local here on purpose: once split, only its two parts stay reachable during training.
     *
     * <p>With window features, every row's are computed from the whole dataset before the split, as
     * serving computes them from every event it sees: a held-out event's history holds the training
     * events before it, and no row sees an event after its own. Their seasonal baselines are fitted on
     * the training rows alone. A validation dataset's rows get theirs from its own events.
     */
    static TrainingSets load(DatasetService datasets, JobContext ctx, Dataset dataset, RegisteredModel model, TrainingPayload p) {
        Table all = datasets.loadTable(dataset, model.targetVariable(), model.labelMapping());
        ctx.log(JobLogLevel.INFO, "loaded dataset " + dataset.name() + " (" + all.rowCount() + " rows, " + all.columnCount() + " columns)");
        if (all.rowCount() < dataset.rows()) {
            ctx.log(JobLogLevel.WARN, (dataset.rows() - all.rowCount()) + " rows without a label in '" + model.targetVariable() + "' left out");
        }
        ctx.throwIfCancelled();
        if (p.validationDatasetId() != null) {
            Dataset validation = datasets.get(p.validationDatasetId());
            Table test = datasets.loadTable(validation, model.targetVariable(), model.labelMapping());
            WindowFeatures windows = model.windows() == null ? null : WindowFeatures.fit(model.windows(), all);
            if (windows != null) {
                ctx.log(JobLogLevel.INFO, "computing window features " + windows.featureNames());
                all = windows.transform(all);
                test = windows.transform(test);
            }
            return new TrainingSets(all, test, VersionArtifacts.EvaluatedOn.dataset(validation.id(), test.rowCount()), validation, windows);
        }
        double fraction = p.trainTestSplit();
        Splits.Split split = split(all, model.targetVariable(), fraction, p.seed());
        WindowFeatures windows = null;
        if (model.windows() != null) {
            windows = WindowFeatures.fit(model.windows(), all.select(split.train()));
            ctx.log(JobLogLevel.INFO, "computing window features " + windows.featureNames());
            all = windows.transform(all);
        }
        return new TrainingSets(all.select(split.train()), all.select(split.test()),
                VersionArtifacts.EvaluatedOn.holdOut(dataset.id(), fraction, split.test().length, model.targetVariable() != null), null,
                windows);
    }

    /**
     * The rows of {@code all}, the labelled rows of a dataset of {@code datasetRows} rows as
     * {@link DatasetService#loadTable} reads them, that a training with {@code p} held out: the
     * stratified split in process; on another engine (Spark) each row's own {@link HoldOut} by its
     * index in the file. Empty when they cannot be known: on another engine, once rows without a label
     * were left out, the indices here are no longer the file's.
     */
    public static java.util.Optional<int[]> heldOut(Table all, String target, TrainingPayload p, long datasetRows) {
        if (TrainingEngines.inProcess(p.engine())) {
            return java.util.Optional.of(split(all, target, p.trainTestSplit(), p.seed()).test());
        }
        if (all.rowCount() != datasetRows) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.util.stream.IntStream.range(0, all.rowCount())
                .filter(i -> HoldOut.heldOut(i, p.seed(), p.trainTestSplit())).toArray());
    }

    /**
     * The stratified hold-out a training makes of {@code all} (by the classes of {@code target}):
     * the same rows for the same table, fraction and seed, so retraining can tell which rows a
     * version held out.
     */
    public static Splits.Split split(Table all, String target, double fraction, long seed) {
        int[] strata = new int[all.rowCount()];
        if (target != null && all.has(target) && all.column(target) instanceof CategoricalColumn c) {
            for (int i = 0; i < strata.length; i++) {
                strata[i] = Math.max(0, c.code(i));
            }
        }
        return Splits.stratified(strata, fraction, seed);
    }
}
