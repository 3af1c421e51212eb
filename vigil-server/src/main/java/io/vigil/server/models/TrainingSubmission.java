package io.vigil.server.models;

import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetImports;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobFilter;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.NewJob;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Asking for a training: the request is checked (hyperparameters and every searched value, the
 * datasets' columns) before anything is queued, then the job is queued and the model moves to
 * {@code training} in one transaction. {@link TrainingJob} runs it.
 */
public final class TrainingSubmission {
    private final ModelRepository repository;
    private final ModelTransitions transitions;
    private final DatasetService datasets;
    private final DatasetColumnChecks columns;
    private final JobQueue queue;
    private final DatasetImports imports;

    public TrainingSubmission(ModelRepository repository, ModelTransitions transitions, DatasetService datasets, JobQueue queue,
                              DatasetImports imports) {
        this.repository = repository;
        this.imports = imports;
        this.transitions = transitions;
        this.datasets = datasets;
        this.columns = new DatasetColumnChecks(datasets);
        this.queue = queue;
    }

    /** Checks the request, moves the model to {@code training} and queues the job. */
    public Job submit(UUID modelId, TrainRequest r, Caller by) {
        RegisteredModel model = repository.get(modelId);
        if (model.algorithm().equals(io.vigil.engine.onnx.OnnxAlgorithms.NAME)) {
            throw VigilException.unprocessable("model " + model.modelName() + " serves imported ONNX files, which Vigil does not train: "
                    + "import a new version with POST /ml/models/" + modelId + "/versions/import");
        }
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        Trainer trainer = HyperparameterChecks.trainer(model.algorithm(), errors);
        Map<String, Object> overrides = r.hyperparameters();
        Tuning tuning = r.tuning();
        if (trainer != null) { // under the algorithm's own names, so an override replaces what it names however it is called
            if (overrides != null && !errors.has("hyperparameters")) {
                overrides = HyperparameterChecks.canonical(trainer, overrides, errors, "hyperparameters");
            }
            if (tuning != null && tuning.space() != null && !errors.has("tuning.space")) {
                tuning = tuning.withSpace(HyperparameterChecks.canonical(trainer, tuning.space(), errors, "tuning.space"));
            }
        }
        Map<String, Object> hp = mergedHyperparameters(model, overrides);
        if (trainer != null && !errors.has("hyperparameters")) {
            // the merged hyperparameters and every searched value: all their problems in one error
            Set<String> problems = new LinkedHashSet<>(HyperparameterChecks.problems(trainer, hp));
            if (tuning != null && tuning.space() != null && !errors.has("tuning.space")) {
                HyperparameterChecks.searchSpace(trainer, problems.isEmpty() ? hp : Map.of(), tuning.space(), errors, problems);
            }
            if (!problems.isEmpty()) {
                errors.add("hyperparameters", String.join("; ", problems));
            }
        }
        TrainingEngines.check(r.engine(), trainer, hp, tuning != null, model.windows() != null, errors);
        errors.throwIfAny();
        if (r.datasetPath() == null) {
            return queue(model, trainer, datasets.get(r.datasetId()), r, hp, tuning, by);
        }
        Dataset imported = imports.importFile(r.datasetPath(), r.labelColumn());
        try {
            return queue(model, trainer, imported, r, hp, tuning, by);
        } catch (RuntimeException e) {
            datasets.delete(imported.id(), true); // a refused training leaves no dataset of its file behind
            throw e;
        }
    }

    /** Checks {@code dataset} against the model, then queues the job and moves the model, in one transaction. */
    private Job queue(RegisteredModel model, Trainer trainer, Dataset dataset, TrainRequest r, Map<String, Object> hp, Tuning tuning,
                      Caller by) {
        UUID modelId = model.id();
        String adopted = adoptedTarget(model, trainer, dataset);
        RegisteredModel learning = adopted == null ? model : model.withTargetVariable(adopted);
        columns.check(learning, dataset, r.datasetPath() == null ? "datasetId" : "datasetPath");
        if (r.validationDatasetId() != null) {
            columns.check(learning, datasets.get(r.validationDatasetId()), "validationDatasetId");
        }
        TrainingPayload payload = new TrainingPayload(dataset.id(), r.validationDatasetId(),
                r.validationDatasetId() == null ? r.trainTestSplit() : null, hp, tuning, r.seed(),
                TrainingEngines.inProcess(r.engine()) ? null : r.engine());
        NewJob job = NewJob.of(TrainingJob.KIND, payload.toJson()).withModelId(modelId)
                .withPriority(r.priority() == null ? 0 : r.priority())
                .withTimeLimitSeconds(r.timeLimitSeconds()).withCreatedBy(by.name());
        // the model moves to training in the same transaction that queues the job: both or neither
        return queue.submit(job, (tx, queued) -> {
            RegisteredModel locked = repository.getLocked(tx, modelId);
            if (adopted != null && locked.targetVariable() == null) {
                locked = locked.withTargetVariable(adopted);
                repository.update(tx, locked);
            }
            startTraining(tx, locked, queued);
        });
    }

    /**
     * The label column a classifier defined without a {@code targetVariable} learns: the dataset's, as it was
     * uploaded ({@code labelColumn}); null when the model names its own or is a detector. A dataset without one
     * cannot teach it, and the caller is told how to say which column is the label.
     */
    private static String adoptedTarget(RegisteredModel model, Trainer trainer, Dataset dataset) {
        if (model.targetVariable() != null || trainer == null || trainer.task() != Task.CLASSIFICATION) {
            return null;
        }
        if (dataset.labelColumn() == null) {
            throw VigilException.unprocessable("model " + model.modelName() + " names no targetVariable and dataset "
                    + dataset.id() + " was uploaded without a labelColumn: give the model its targetVariable (PUT /ml/models/"
                    + model.id() + ") or upload the dataset with labelColumn");
        }
        return dataset.labelColumn();
    }

    /**
     * Moves the model to {@code training}; a deployed model stays {@code deployed} instead, so its
     * deployed version serves while it trains the next (one training at a time: the model's row is
     * locked here, so a concurrent request sees this job once it commits).
     */
    private void startTraining(Handle tx, RegisteredModel model, Job queued) {
        if (model.status() != ModelStatus.DEPLOYED) {
            transitions.move(tx, model, ModelStatus.TRAINING);
            return;
        }
        // the queue's reads join this transaction, so they see the job just queued too
        activeTraining(model.id(), queued.id()).ifPresent(j -> {
            throw VigilException.conflict("model " + model.modelName() + " is already training a new version (job " + j.id()
                    + "); wait for it or cancel it");
        });
    }

    /**
     * Refuses a change to a deployed model's definition while it trains its next version (a model
     * in {@code training} is refused by its state): the job reads the definition when it starts.
     */
    public void refuseWhileTraining(UUID modelId) {
        activeTraining(modelId, null).ifPresent(j -> {
            throw VigilException.conflict("model " + repository.get(modelId).modelName() + " is training a new version (job "
                    + j.id() + "); change it when the job ends");
        });
    }

    /** The model's queued or running training job, other than {@code except}. */
    private Optional<Job> activeTraining(UUID modelId, UUID except) {
        return queue.active(modelId).stream().filter(j -> TrainingJob.KIND.equals(j.kind()) && !j.id().equals(except)).findFirst();
    }

    /** The model's state with its current job, for {@code GET /ml/models/{id}/status}. */
    public ModelTrainingStatus status(UUID modelId) {
        RegisteredModel m = repository.get(modelId);
        List<Job> active = queue.active(modelId);
        return new ModelTrainingStatus(m.id(), m.modelName(), m.status(), m.latestVersion(), m.deployedVersion(),
                active.isEmpty() ? null : active.get(0));
    }

    /** The model's training job {@code jobId}; a 404 when the model has none by that id. */
    public Job job(UUID modelId, UUID jobId) {
        RegisteredModel m = repository.get(modelId);
        return queue.find(jobId).filter(j -> TrainingJob.KIND.equals(j.kind()) && modelId.equals(j.modelId()))
                .orElseThrow(() -> VigilException.notFound("model " + m.modelName() + " has no training job " + jobId));
    }

    public Page<Job> jobs(UUID modelId, int page, int size) {
        repository.get(modelId);
        return queue.list(new JobFilter(null, modelId, TrainingJob.KIND), page, size);
    }

    private static Map<String, Object> mergedHyperparameters(RegisteredModel m, Map<String, Object> overrides) {
        Map<String, Object> hp = new LinkedHashMap<>(m.hyperparameters());
        if (overrides != null) {
            hp.putAll(overrides);
        }
        return hp;
    }
}
