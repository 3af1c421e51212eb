package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.CancellationToken;
import io.vigil.engine.algorithms.DetectorLabelException;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingCancelledException;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.engine.drift.ReferenceProfiler;
import io.vigil.engine.evaluation.HyperparameterSearch;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetReference;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobHandler;
import io.vigil.server.jobs.JobLogLevel;
import io.vigil.server.jobs.JobResult;
import io.vigil.server.jobs.JobState;
import io.vigil.server.jobs.JobTransitionHook;
import io.vigil.server.storage.BlobInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The training job as it runs: loads the data, trains with progress and cancellation (after a
 * hyperparameter search when asked), evaluates on held-out data, stores the bundle and records the
 * new version, all or nothing: a failed or cancelled run leaves no version and no bundle. As the
 * queue's {@link JobTransitionHook}, it moves the model out of {@code training} when its job ends
 * without a version.
 */
public final class TrainingJob implements JobHandler, JobTransitionHook {
    /** The job kind of trainings. */
    public static final String KIND = "train";
    /** Where in the job's progress the training starts: after loading, or after the search. */
    private static final double TRAINING_START = 0.05;
    private static final double TRAINING_START_AFTER_SEARCH = 0.5;
    private static final double TRAINING_END = 0.9;

    private final ModelRepository repository;
    private final ModelTransitions transitions;
    private final ModelBundles bundles;
    private final DatasetService datasets;
    private final TrainingEngines engines;
    private final Clock clock;

    public TrainingJob(ModelRepository repository, ModelTransitions transitions, ModelBundles bundles, DatasetService datasets,
                       TrainingEngines engines, Clock clock) {
        this.repository = repository;
        this.transitions = transitions;
        this.bundles = bundles;
        this.datasets = datasets;
        this.engines = engines;
        this.clock = clock;
    }

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        Job job = ctx.job();
        TrainingPayload p = TrainingPayload.of(job.payload());
        RegisteredModel model = repository.get(job.modelId());
        Trainer trainer = Algorithms.trainer(model.algorithm());
        Map<String, Object> hp = p.hyperparameters();

        ctx.progress(0.0, "loading data", null, null);
        Dataset dataset = datasets.get(p.datasetId());
        String ranOn = TrainingEngines.inProcess(p.engine()) ? null : TrainingEngines.location(p.engine());
        if (ranOn == null) return train(ctx, job, p, model, trainer, hp, dataset, TrainingSets.load(datasets, ctx, dataset, model, p), null);
        // another engine reads every row itself: this server streams the dataset once and keeps bounded samples
        try (StreamedTrainingSets streamed = engines.streamed(ctx, dataset,
                p.validationDatasetId() == null ? null : datasets.get(p.validationDatasetId()), model, p)) {
            TrainingSets sets = new TrainingSets(streamed.trainSample(), streamed.test(), streamed.evaluatedOn(),
                    streamed.evaluationDataset(), null);
            ctx.log(JobLogLevel.INFO, "training " + model.algorithm() + " on all " + streamed.trainingRows() + " training rows, on "
                    + p.engine() + " " + ranOn + "; this server keeps a sample of " + sets.train().rowCount() + " of them (for the "
                    + "pipeline and the drift profile) and evaluates on " + describe(streamed.evaluatedOn()));
            return train(ctx, job, p, model, trainer, hp, dataset, sets, streamed);
        }
    }

    /** "1,000 of 5,000 held-out rows (a sample)" or "all 800 held-out rows". */
    private static String describe(VersionArtifacts.EvaluatedOn on) {
        String what = on.holdOutFraction() == null ? "validation rows" : "held-out rows";
        return on.sampledFrom() != null && on.sampledFrom() > on.rows() ? on.rows() + " of " + on.sampledFrom() + " " + what + " (a sample)"
                : "all " + on.rows() + " " + what;
    }

    /** Trains on the sets (or, with {@code streamed}, on another engine that reads every row), evaluates, profiles, saves. */
    private JobResult train(JobContext ctx, Job job, TrainingPayload p, RegisteredModel model, Trainer trainer, Map<String, Object> hp,
                            Dataset dataset, TrainingSets sets, StreamedTrainingSets streamed) throws Exception {
        Table train = sets.train();
        Table test = sets.test();
        String ranOn = streamed == null ? null : TrainingEngines.location(p.engine());
        if (streamed == null) {
            ctx.log(JobLogLevel.INFO, "training " + model.algorithm() + " on " + train.rowCount() + " rows, evaluating on "
                    + test.rowCount());
        }

        CancellationToken token = new CancellationToken();
        PipelineSpec spec = Training.leavingOut(pipeline(trainer, model, train.columnNames()), model.windows());
        TuningReport tuningReport = null;
        double trainingStart = TRAINING_START;
        if (p.tuning() != null) {
            Tuning tuning = p.tuning();
            HyperparameterSearch.Result search = search(ctx, token, trainer, spec, train, hp, tuning, p.seed());
            hp = new LinkedHashMap<>(search.best().params());
            tuningReport = TuningReport.of(tuning, search);
            ctx.log(JobLogLevel.INFO, "tuning chose " + hp + " (" + tuning.metricOrDefault() + " " + search.best().score() + ")");
            trainingStart = TRAINING_START_AFTER_SEARCH;
        }
        TrainingContext context = trainingContext(ctx, token, p.seed(), trainingStart, TRAINING_END, "training");
        TrainedModel trained;
        try {
            trained = streamed != null ? engines.train(p.engine(), trainer, spec, streamed, hp, context, dataset.sha256())
                    : Training.of(train, trainer)
                    .windows(sets.windows())
                    .pipeline(spec)
                    .params(hp)
                    .seed(context.seed())
                    .cancellation(context.cancellation())
                    .listener(context.listener())
                    .clock(context.clock()) // the provenance's createdAt
                    .run();
        } catch (TrainingCancelledException e) {
            ctx.throwIfCancelled();
            throw e;
        } catch (DetectorLabelException e) { // the service's fix for it is binarize
            throw VigilException.unprocessable(e.getMessage() + " (define the model with \"binarize\": {\"negativeClass\": "
                    + "\"<the normal class>\"} to score every other class as an anomaly)");
        }
        ctx.throwIfCancelled();
        TrainingWarnings.describeInputs(ctx, trained.pipeline(), spec);

        ctx.progress(0.92, "evaluating", null, null);
        ModelEvaluation.Evaluation evaluation = ModelEvaluation.evaluate(trained, test);
        TrainingWarnings.describeTestRows(ctx, evaluation, test.rowCount());
        Map<String, Double> metrics = evaluation.metrics();
        VersionArtifacts artifacts = ModelEvaluation.artifacts(evaluation, trained, sets.evaluatedOn()).withTuning(tuningReport);
        TrainedModel done = trained.withMetrics(metrics);
        ctx.log(JobLogLevel.INFO, "evaluated: " + metrics);
        ctx.throwIfCancelled();

        ctx.progress(0.95, "profiling the training rows", null, null);
        long profiling = System.nanoTime();
        ReferenceProfile profile = ReferenceProfiler.profile(done, train, p.seed()); // what drift compares live traffic with
        ctx.log(JobLogLevel.INFO, "profiled " + train.rowCount() + (streamed == null ? "" : " sampled") + " training rows for drift in "
                + (System.nanoTime() - profiling) / 1_000_000 + " ms");
        ctx.throwIfCancelled();

        ctx.progress(0.97, "saving", null, null);
        BlobInfo bundle = bundles.write(done, profile);
        int version = repository.withHandle(h -> repository.nextVersion(h, model.id()));
        TrainingResult result = new TrainingResult(model.id(), version, metrics, hp, tuningReport,
                ranOn == null ? io.vigil.engine.algorithms.TrainingBackends.IN_PROCESS : p.engine(), ranOn);
        JsonNode provenance = Json.MAPPER.valueToTree(new VersionProvenance(done.provenance(), DatasetReference.of(dataset),
                sets.evaluationDataset() == null ? null : DatasetReference.of(sets.evaluationDataset())));
        // the version is recorded in the transaction that marks the job succeeded: a crash leaves
        // either both or neither (an unrecorded bundle is swept as an orphan at the next start)
        return JobResult.ofValue(result).withCommit((tx, j) -> recordVersion(tx, new ModelVersion(model.id(), version,
                VersionStatus.TRAINED, metrics, provenance, job.payload(), dataset.id(), dataset.sha256(), job.id(), null,
                bundle.sha256(), bundle.size(), job.createdBy(), clock.instant(), bundle.key()), artifacts));
    }

    /** Moves the model out of {@code training} in the same transaction that ends its job without a version. */
    @Override
    public void inTransaction(Handle tx, Job before, Job after) {
        if (!KIND.equals(after.kind()) || after.modelId() == null
                || (after.state() != JobState.FAILED && after.state() != JobState.CANCELLED)) {
            return;
        }
        repository.lock(tx, after.modelId()).filter(m -> m.status() == ModelStatus.TRAINING).ifPresent(m ->
                transitions.move(tx, m, after.state() == JobState.FAILED ? ModelStatus.FAILED : ModelStatus.CANCELLED));
    }

    /**
     * The engine's context for one phase of the job: its seed and cancellation, and progress
     * reported as the job's between {@code from} and {@code to}. Every training and search of the
     * job runs with a context built here.
     */
    private TrainingContext trainingContext(JobContext ctx, CancellationToken token, long seed, double from, double to,
                                                   String phase) {
        return TrainingContext.of(seed).withClock(clock).withCancellation(token).withListener(progress -> {
            if (ctx.isCancelled()) {
                token.cancel();
            }
            ctx.progress(from + (to - from) * progress.fraction(), phase, progress.round(), progress.rounds());
        });
    }

    /** Cross-validated search on the training part; progress 5 % to 50 %. */
    private HyperparameterSearch.Result search(JobContext ctx, CancellationToken token, Trainer trainer, PipelineSpec spec,
                                                      Table train, Map<String, Object> base, Tuning tuning, long seed) {
        ctx.progress(TRAINING_START, "tuning", 0, null);
        Pipeline pipeline = Pipeline.fit(train, Training.withPositiveClassSettled(train, trainer, spec));
        TrainingData data = new TrainingData(pipeline.transform(train), pipeline.labels(train), pipeline.classes());
        TrainingContext context = trainingContext(ctx, token, seed, TRAINING_START, TRAINING_START_AFTER_SEARCH, "tuning");
        Map<String, List<?>> space = new LinkedHashMap<>(tuning.space());
        return tuning.methodOrDefault().equals("random")
                ? HyperparameterSearch.random(trainer, base, space, tuning.trialsOrDefault(), data, tuning.foldsOrDefault(),
                        tuning.score(), context)
                : HyperparameterSearch.grid(trainer, base, space, data, tuning.foldsOrDefault(), tuning.score(), context);
    }

    /** In the job's success transaction: the version, and the model out of {@code training}. */
    private void recordVersion(Handle tx, ModelVersion v, VersionArtifacts artifacts) {
        RegisteredModel locked = repository.getLocked(tx, v.modelId());
        repository.insertVersion(tx, v, artifacts);
        switch (locked.status()) {
            case TRAINING -> transitions.move(tx, locked, ModelStatus.TRAINED);
            case RETIRED -> throw new IllegalStateException("model " + locked.modelName() + " was retired while it trained; no version kept");
            // deployed, or replaced in its slot while it trained: it keeps its state, the version waits for validation
            default -> { }
        }
    }

    private static PipelineSpec pipeline(Trainer trainer, RegisteredModel m, List<String> columns) {
        PipelineSpec spec = trainer.defaultPipeline(m.targetVariable());
        List<String> drop = new ArrayList<>(m.dropColumns());
        if (m.features() != null && !m.features().isEmpty()) {
            // an explicit feature list: everything else but the target (and the window features) is left out
            List<String> computed = m.windows() == null ? List.of() : m.windows().outputNames();
            for (String c : columns) {
                if (!m.features().contains(c) && !c.equals(m.targetVariable()) && !drop.contains(c) && !computed.contains(c)) {
                    drop.add(c);
                }
            }
        }
        if (m.binarize() != null) {
            spec = spec.withPositiveClass(m.binarize().positiveClass());
        }
        return spec.withDrop(drop.toArray(String[]::new));
    }
}
