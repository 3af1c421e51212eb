package io.vigil.server.models;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.RemoteTraining;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingBackend;
import io.vigil.engine.algorithms.TrainingBackends;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ScratchFiles;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The engines a training job may run on ({@code "engine"} in the train request): {@code local}, the engine's own
 * trainers in this process, or a {@link TrainingBackend} found on the class path (such as {@code spark}, from the
 * optional vigil-spark module). A remote training reads every training row itself, where the dataset lies or from a
 * scratch copy ({@link StreamedTrainingSets}), gets the pipeline fitted here on a sample of them (so its model takes
 * the same inputs as one trained here), and returns a normal model.
 */
public final class TrainingEngines {
    /** The default of {@code training.sampleRows}. */
    public static final int DEFAULT_SAMPLE_ROWS = 200_000;

    private final ScratchFiles scratch;
    private final BlobStore blobs;
    private final int sampleRows;

    /**
     * @param sampleRows how many training rows, and how many held-out rows, a training on another engine keeps here
     *                   ({@code training.sampleRows})
     */
    public TrainingEngines(ScratchFiles scratch, BlobStore blobs, int sampleRows) {
        this.scratch = scratch;
        this.blobs = blobs;
        this.sampleRows = sampleRows;
    }

    /** True for the in-process engine (no engine named, or {@value TrainingBackends#IN_PROCESS}). */
    static boolean inProcess(String engine) {
        return engine == null || engine.equals(TrainingBackends.IN_PROCESS);
    }

    /**
     * Adds to {@code errors} what stops a training of {@code trainer} with {@code hp} from running on {@code engine}: an
     * engine not on the class path (listing those that are), a search (it runs in process), a hyperparameter the engine
     * cannot honour.
     */
    static void check(String engine, Trainer trainer, Map<String, Object> hp, boolean tuning, boolean windows, FieldErrors errors) {
        if (inProcess(engine)) return;
        TrainingBackend backend = TrainingBackends.find(engine).orElse(null);
        if (backend == null) {
            errors.add("engine", "no training engine '" + engine + "' on this server's class path (it has: "
                    + String.join(", ", TrainingBackends.names()) + ")");
            return;
        }
        if (tuning) errors.add("tuning", "a hyperparameter search runs in process: leave out tuning or the engine '" + engine + "'");
        if (windows) {
            // window features are computed over the whole dataset in event order, which a training on another engine never holds
            errors.add("engine", "a model with window features trains in process: leave out the engine '" + engine + "'");
        }
        if (trainer == null) return;
        Hyperparameters validated;
        try {
            validated = trainer.validate(hp);
        } catch (IllegalArgumentException e) {
            return; // the hyperparameters' own error says why
        }
        List<String> problems = backend.problems(trainer.algorithm(), validated);
        if (!problems.isEmpty()) errors.add("engine", engine + " cannot train this model: " + String.join("; ", problems));
    }

    /** Where trainings on {@code engine} run, for the job's record: e.g. {@code local[2]}; "this process" for local. */
    static String location(String engine) {
        return inProcess(engine) ? "this process" : TrainingBackends.find(engine).map(TrainingBackend::location).orElse("unknown");
    }

    /**
     * Trains on {@code engine}: the backend's pipeline fitted here on the training sample, every training row read by
     * the engine where {@code sets} says, the model returned with the window features it was trained with (none:
     * {@link #check} refuses them).
     */
    TrainedModel train(String engine, Trainer trainer, PipelineSpec spec, StreamedTrainingSets sets, Map<String, Object> hp,
                       TrainingContext context, String dataSha256) {
        TrainingBackend backend = TrainingBackends.find(engine)
                .orElseThrow(() -> VigilException.unprocessable("the training engine '" + engine + "' is no longer on the class path"));
        Table sample = sets.trainSample();
        Pipeline pipeline = Pipeline.fit(sample, Training.withPositiveClassSettled(sample, trainer, backend.pipeline(spec)));
        Hyperparameters params = trainer.validate(hp);
        try {
            return backend.train(new RemoteTraining(sets.rows(), pipeline, trainer.algorithm(), params, context, dataSha256,
                    sets.trainingRows()));
        } catch (IllegalArgumentException e) {
            throw VigilException.unprocessable(engine + " could not train it: " + e.getMessage());
        }
    }

    /** The streamed sets of a training on another engine: samples here, every row for the engine ({@link StreamedTrainingSets}). */
    StreamedTrainingSets streamed(JobContext ctx, io.vigil.server.datasets.Dataset dataset, io.vigil.server.datasets.Dataset validation,
                                  RegisteredModel model, TrainingPayload p) throws IOException {
        return StreamedTrainingSets.read(blobs, scratch, sampleRows, ctx, dataset, validation, model, p);
    }
}
