package io.vigil.server.models;

import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.EventBus;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ScratchFiles;
import java.time.Clock;
import io.vigil.server.datasets.DatasetImports;
import java.util.Map;
import java.util.UUID;

/**
 * The model registry, wired: its rows ({@link ModelRepository}), bundles, state moves, and the
 * services over them. Construct it once; register {@link #trainingJob()} on the job workers under
 * {@link TrainingJob#KIND}.
 *
 * @param definitions models as defined and their versions as recorded
 * @param lifecycle   validation, deploy, rollback and retire
 * @param training    asking for a training
 * @param trainingJob the training as it runs, and the queue's hook that ends a model's training with its job
 * @param onnx        versions exported to and imported from ONNX files
 */
public record ModelRegistry(ModelRepository repository, ModelBundles bundles, ModelTransitions transitions,
                            ModelDefinitions definitions, ModelLifecycle lifecycle, TrainingSubmission training,
                            TrainingJob trainingJob, OnnxModels onnx) {

    /** @param defaultThresholds the validation gates used when a request names none */
    public static ModelRegistry create(ModelRepository repository, DatasetService datasets, BlobStore blobs, EventBus events,
                                       JobQueue queue, ScratchFiles scratch, Clock clock, Map<String, Double> defaultThresholds,
                                       UUID instance, DatasetImports imports, int trainingSampleRows) {
        ModelBundles bundles = new ModelBundles(blobs, repository);
        ModelTransitions transitions = new ModelTransitions(repository, events, clock);
        TrainingJob trainingJob = new TrainingJob(repository, transitions, bundles, datasets, new TrainingEngines(scratch, blobs, trainingSampleRows), clock);
        queue.addTransitionHook(trainingJob);
        return new ModelRegistry(repository, bundles, transitions, new ModelDefinitions(repository, bundles, clock),
                new ModelLifecycle(repository, transitions, bundles, datasets, clock, defaultThresholds, instance),
                new TrainingSubmission(repository, transitions, datasets, queue, imports), trainingJob,
                new OnnxModels(repository, transitions, bundles, clock, datasets.maxUploadBytes()));
    }
}
