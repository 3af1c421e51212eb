package io.vigil.engine.algorithms;

import io.vigil.engine.features.Pipeline;
import java.util.Objects;

/**
 * A training handed to a {@link TrainingBackend}.
 *
 * @param rows       where the dataset's rows are and which of them train ({@link TrainingRows#trains}): the dataset's
 *                   own blob where the backend can read it in place, or a copy the caller streamed to a scratch file
 * @param pipeline   fitted by the caller on those rows ({@link TrainingBackend#pipeline}): the backend encodes every
 *                   row with it, so the model takes exactly the inputs an in-process one would; its target and
 *                   classes are the label column and the classes to learn
 * @param algorithm  the registered algorithm, e.g. {@code gbm}
 * @param params     validated by that algorithm's trainer
 * @param context    seed, progress listener, cancellation and the clock of the provenance
 * @param dataSha256 the SHA-256 of the dataset the rows come from, for the provenance
 * @param rowCount   how many rows train (labelled, not held out): the backend checks it read as many
 */
public record RemoteTraining(TrainingRows rows, Pipeline pipeline, String algorithm, Hyperparameters params, TrainingContext context,
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
