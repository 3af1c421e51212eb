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
import io.vigil.engine.table.Column;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableCsv;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.storage.ScratchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engines a training job may run on ({@code "engine"} in the train request): {@code local}, the engine's own
 * trainers in this process, or a {@link TrainingBackend} found on the class path (such as {@code spark}, from the
 * optional vigil-spark module). A remote training gets the training rows as a scratch CSV file, the pipeline fitted
 * here (so its model takes the same inputs as one trained here), and returns a normal model.
 */
public final class TrainingEngines {
    private final ScratchFiles scratch;

    public TrainingEngines(ScratchFiles scratch) {
        this.scratch = scratch;
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
    static void check(String engine, Trainer trainer, Map<String, Object> hp, boolean tuning, FieldErrors errors) {
        if (inProcess(engine)) return;
        TrainingBackend backend = TrainingBackends.find(engine).orElse(null);
        if (backend == null) {
            errors.add("engine", "no training engine '" + engine + "' on this server's class path (it has: "
                    + String.join(", ", TrainingBackends.names()) + ")");
            return;
        }
        if (tuning) errors.add("tuning", "a hyperparameter search runs in process: leave out tuning or the engine '" + engine + "'");
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
     * Trains {@code train} on {@code engine}: the backend's pipeline fitted here, the rows it reads written to a scratch
     * file (removed afterwards), the model returned with the window features it was trained with.
     */
    TrainedModel train(String engine, Trainer trainer, PipelineSpec spec, Table train, Map<String, Object> hp,
                       TrainingContext context, WindowFeatures windows) throws IOException {
        TrainingBackend backend = TrainingBackends.find(engine)
                .orElseThrow(() -> VigilException.unprocessable("the training engine '" + engine + "' is no longer on the class path"));
        Pipeline pipeline = Pipeline.fit(train, Training.withPositiveClassSettled(train, trainer, backend.pipeline(spec)));
        Hyperparameters params = trainer.validate(hp);
        Path rows = scratch.newFile("training-rows-", ".csv");
        try {
            TableCsv.write(read(train, pipeline), rows);
            TrainedModel t;
            try {
                t = backend.train(new RemoteTraining(rows.toUri(), pipeline, trainer.algorithm(), params, context, train.contentSha256(),
                        train.rowCount()));
            } catch (IllegalArgumentException e) {
                throw VigilException.unprocessable(engine + " could not train it: " + e.getMessage());
            }
            return new TrainedModel(t.pipeline(), t.model(), t.provenance(), t.metrics(), windows);
        } finally {
            Files.deleteIfExists(rows);
        }
    }

    /** The columns the pipeline reads, and the label: all the backend is sent. */
    private static Table read(Table train, Pipeline pipeline) {
        List<Column> columns = new ArrayList<>();
        for (String name : pipeline.inputNames()) columns.add(train.column(name));
        columns.add(train.column(pipeline.target()));
        return new Table(columns);
    }
}
