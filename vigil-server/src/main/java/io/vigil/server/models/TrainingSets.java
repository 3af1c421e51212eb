package io.vigil.server.models;

import io.vigil.engine.evaluation.Splits;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Table;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobLogLevel;

/**
 * The rows a training job trains on and evaluates on, and where the latter came from.
 *
 * @param evaluationDataset the separate dataset evaluated on, or null for a hold-out of the training data
 */
public record TrainingSets(Table train, Table test, VersionArtifacts.EvaluatedOn evaluatedOn, Dataset evaluationDataset) {

    /**
     * Loads the dataset and splits it (or loads the validation dataset). The whole table is a
     * local here on purpose: once split, only its two parts stay reachable during training.
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
            return new TrainingSets(all, test, VersionArtifacts.EvaluatedOn.dataset(validation.id(), test.rowCount()), validation);
        }
        double fraction = p.trainTestSplit();
        Splits.Split split = split(all, model.targetVariable(), fraction, p.seed());
        return new TrainingSets(all.select(split.train()), all.select(split.test()),
                VersionArtifacts.EvaluatedOn.holdOut(dataset.id(), fraction, split.test().length, model.targetVariable() != null), null);
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
