package io.vigil.engine.algorithms;

import io.vigil.engine.features.Pipeline;
import java.net.URI;
import java.util.Objects;

/**
 * A training handed to a {@link TrainingBackend}.
 *
 * @param rows       where the training rows are: a CSV file with a header row, cells as text, an empty cell missing
 *                   ({@code file:} for a local file; another scheme the backend can read, e.g. {@code s3a:})
 * @param pipeline   fitted by the caller on those rows ({@link TrainingBackend#pipeline}): the backend encodes every
 *                   row with it, so the model takes exactly the inputs an in-process one would; its target and
 *                   classes are the label column and the classes to learn
 * @param algorithm  the registered algorithm, e.g. {@code gbm}
 * @param params     validated by that algorithm's trainer
 * @param context    seed, progress listener, cancellation and the clock of the provenance
 * @param dataSha256 the rows' {@link io.vigil.engine.table.Table#contentSha256()}, for the provenance
 * @param rowCount   how many rows there are, for the provenance
 */
public record RemoteTraining(URI rows, Pipeline pipeline, String algorithm, Hyperparameters params, TrainingContext context,
                             String dataSha256, long rowCount) {

    public RemoteTraining {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(context, "context");
        if (pipeline.target() == null) throw new IllegalArgumentException("a remote training needs a labelled target");
    }
}
