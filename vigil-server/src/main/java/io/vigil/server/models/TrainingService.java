package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.CancellationToken;
import io.vigil.engine.algorithms.DetectorLabelException;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingCancelledException;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.evaluation.ClassMetrics;
import io.vigil.engine.evaluation.HyperparameterSearch;
import io.vigil.engine.evaluation.Splits;
import io.vigil.engine.features.CategoryShapes;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetReference;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.SchemaColumn;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.FieldError;
import io.vigil.server.http.FieldErrors;
import io.vigil.server.http.Json;
import io.vigil.server.http.Page;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobFilter;
import io.vigil.server.jobs.JobHandler;
import io.vigil.server.jobs.JobTransitionHook;
import org.jdbi.v3.core.Handle;
import io.vigil.server.jobs.JobLogLevel;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobResult;
import io.vigil.server.jobs.JobState;
import io.vigil.server.jobs.NewJob;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training as a queued job: {@link #submit} checks the request and moves the model to
 * {@code training}; {@link #run} (the job handler) loads the data, trains with progress and
 * cancellation, evaluates on held-out data, stores the bundle and records the new version — all or
 * nothing: a failed or cancelled run leaves no version and no bundle.
 */
public final class TrainingService implements JobHandler, JobTransitionHook {
    public static final String KIND = "train";
    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    private static final double DEFAULT_SPLIT = 0.2;
    private static final long DEFAULT_SEED = 42;
    /** Fewer test rows of a class than this, and its precision, recall and F1 are anecdotes. */
    static final int MIN_TEST_ROWS_PER_CLASS = 5;

    private final ModelService models;
    private final ModelRepository repository;
    private final DatasetService datasets;
    private final BlobStore blobs;
    private final JobQueue queue;
    private final Clock clock;

    public TrainingService(ModelService models, ModelRepository repository, DatasetService datasets, BlobStore blobs,
                           JobQueue queue, Clock clock) {
        this.models = models;
        this.repository = repository;
        this.datasets = datasets;
        this.blobs = blobs;
        this.queue = queue;
        this.clock = clock;
    }

    /** Checks the request, moves the model to {@code training} and queues the job. */
    public Job submit(UUID modelId, TrainRequest r) {
        RegisteredModel model = models.get(modelId);
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        Map<String, Object> hp = mergedHyperparameters(model, r.hyperparameters());
        Trainer trainer = ModelService.trainer(model.algorithm(), errors);
        if (trainer != null && !errors.has("hyperparameters")) {
            // the merged hyperparameters and every searched value: all their problems in one error
            Set<String> problems = new LinkedHashSet<>(ModelService.hyperparameterProblems(trainer, hp));
            if (r.tuning() != null && r.tuning().space() != null && !errors.has("tuning.space")) {
                searchSpaceProblems(trainer, problems.isEmpty() ? hp : Map.of(), r.tuning().space(), errors, problems);
            }
            if (!problems.isEmpty()) {
                errors.add("hyperparameters", String.join("; ", problems));
            }
        }
        errors.throwIfAny();
        Dataset dataset = datasets.get(r.datasetId());
        checkColumns(model, dataset, "datasetId");
        if (r.validationDatasetId() != null) {
            checkColumns(model, datasets.get(r.validationDatasetId()), "validationDatasetId");
        }
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("datasetId", r.datasetId().toString());
        if (r.validationDatasetId() != null) {
            payload.put("validationDatasetId", r.validationDatasetId().toString());
        } else {
            payload.put("trainTestSplit", r.trainTestSplit() != null ? r.trainTestSplit() : DEFAULT_SPLIT);
        }
        payload.set("hyperparameters", Json.MAPPER.valueToTree(hp));
        if (r.tuning() != null) {
            payload.set("tuning", Json.MAPPER.valueToTree(r.tuning()));
        }
        payload.put("seed", r.seed() != null ? r.seed() : DEFAULT_SEED);

        NewJob job = NewJob.of(KIND, payload).withModelId(modelId).withPriority(r.priority() == null ? 0 : r.priority())
                .withTimeLimitSeconds(r.timeLimitSeconds()).withCreatedBy(model.owner());
        // the model moves to training in the same transaction that queues the job: both or neither
        return queue.submit(job, (tx, queued) -> startTraining(tx, models.lock(tx, modelId), queued));
    }

    /** The problems of each searched value as the training would use it, over {@code base}. */
    private static void searchSpaceProblems(Trainer trainer, Map<String, Object> base, Map<String, List<Object>> space,
                                            FieldErrors errors, Set<String> problems) {
        space.forEach((name, values) -> {
            if (errors.has("tuning.space." + name)) {
                return; // too many values: not worth trying each
            }
            for (Object value : values) {
                Map<String, Object> candidate = new LinkedHashMap<>(base);
                candidate.put(name, value);
                ModelService.hyperparameterProblems(trainer, candidate).forEach(p -> problems.add("in tuning.space, " + p));
            }
        });
    }

    /**
     * Moves the model to {@code training}; a deployed model stays {@code deployed} instead, so its
     * deployed version serves while it trains the next (one training at a time: the model's row is
     * locked here, so a concurrent request sees this job once it commits).
     */
    private void startTraining(Handle tx, RegisteredModel model, Job queued) {
        if (model.status() != ModelStatus.DEPLOYED) {
            models.move(tx, model, ModelStatus.TRAINING);
            return;
        }
        // the queue's reads join this transaction, so they see the job just queued too
        activeTraining(model.id(), queued.id()).ifPresent(j -> {
            throw ApiException.conflict("model " + model.modelName() + " is already training a new version (job " + j.id()
                    + "); wait for it or cancel it");
        });
    }

    /**
     * Refuses a change to a deployed model's definition while it trains its next version (a model
     * in {@code training} is refused by its state): the job reads the definition when it starts.
     */
    public void refuseWhileTraining(UUID modelId) {
        activeTraining(modelId, null).ifPresent(j -> {
            throw ApiException.conflict("model " + models.get(modelId).modelName() + " is training a new version (job " + j.id()
                    + "); change it when the job ends");
        });
    }

    /** The model's queued or running training job, other than {@code except}. */
    private Optional<Job> activeTraining(UUID modelId, UUID except) {
        return queue.active(modelId).stream().filter(j -> KIND.equals(j.kind()) && !j.id().equals(except)).findFirst();
    }

    /** The model's state with its current job, for {@code GET /ml/models/{id}/status}. */
    public Map<String, Object> status(UUID modelId) {
        RegisteredModel m = models.get(modelId);
        List<Job> active = queue.active(modelId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", m.id());
        body.put("modelName", m.modelName());
        body.put("status", m.status());
        body.put("latestVersion", m.latestVersion());
        body.put("deployedVersion", m.deployedVersion());
        body.put("currentJob", active.isEmpty() ? null : active.get(0));
        return body;
    }

    public Page<Job> jobs(UUID modelId, int page, int size) {
        models.get(modelId);
        return queue.list(new JobFilter(null, modelId, KIND), page, size);
    }

    // ---- the job

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        Job job = ctx.job();
        JsonNode p = job.payload();
        RegisteredModel model = models.get(job.modelId());
        Trainer trainer = Algorithms.trainer(model.algorithm());
        long seed = p.path("seed").asLong(DEFAULT_SEED);
        Map<String, Object> hp = Json.MAPPER.convertValue(p.path("hyperparameters"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});

        ctx.progress(0.0, "loading data", null, null);
        Dataset dataset = datasets.get(UUID.fromString(p.path("datasetId").asText()));
        Parts parts = load(ctx, dataset, model, p, seed);
        Table train = parts.train();
        Table test = parts.test();
        Map<String, Object> evaluatedOn = parts.evaluatedOn();
        ctx.log(JobLogLevel.INFO, "training " + model.algorithm() + " on " + train.rowCount() + " rows, evaluating on "
                + test.rowCount());

        CancellationToken token = new CancellationToken();
        PipelineSpec spec = pipeline(trainer, model, train.columnNames());
        Map<String, Object> tuningReport = null;
        double trainingStart = 0.05;
        if (p.hasNonNull("tuning")) {
            Tuning tuning = Json.MAPPER.treeToValue(p.get("tuning"), Tuning.class);
            HyperparameterSearch.Result search = search(ctx, token, trainer, spec, train, hp, tuning, seed);
            hp = new LinkedHashMap<>(search.best().params());
            tuningReport = new LinkedHashMap<>();
            tuningReport.put("method", tuning.methodOrDefault());
            tuningReport.put("metric", tuning.metricOrDefault());
            tuningReport.put("folds", tuning.foldsOrDefault());
            tuningReport.put("space", tuning.space());
            tuningReport.put("best", search.best());
            tuningReport.put("trials", search.trials());
            ctx.log(JobLogLevel.INFO, "tuning chose " + hp + " (" + tuning.metricOrDefault() + " " + search.best().score() + ")");
            trainingStart = 0.5;
        }
        double start = trainingStart;
        TrainedModel trained;
        try {
            trained = Training.of(train, trainer)
                    .pipeline(spec)
                    .params(hp)
                    .seed(seed)
                    .clock(clock) // the provenance's createdAt
                    .cancellation(token)
                    .listener(progress -> {
                        if (ctx.isCancelled()) {
                            token.cancel();
                        }
                        ctx.progress(start + (0.9 - start) * progress.fraction(), "training", progress.round(), progress.rounds());
                    })
                    .run();
        } catch (TrainingCancelledException e) {
            ctx.throwIfCancelled();
            throw e;
        } catch (DetectorLabelException e) { // the service's fix for it is binarize
            throw ApiException.unprocessable(e.getMessage() + " (define the model with \"binarize\": {\"negativeClass\": "
                    + "\"<the normal class>\"} to score every other class as an anomaly)");
        }
        ctx.throwIfCancelled();
        describeInputs(ctx, trained.pipeline(), spec);

        ctx.progress(0.92, "evaluating", null, null);
        ModelEvaluation.Evaluation evaluation = ModelEvaluation.evaluate(trained, test);
        describeTestRows(ctx, evaluation, test.rowCount());
        Map<String, Double> metrics = evaluation.metrics();
        Map<String, Object> artifacts = ModelEvaluation.artifacts(evaluation, trained, evaluatedOn);
        if (tuningReport != null) {
            artifacts.put("tuning", tuningReport);
        }
        trained = trained.withMetrics(metrics);
        ctx.log(JobLogLevel.INFO, "evaluated: " + metrics);
        ctx.throwIfCancelled();

        ctx.progress(0.97, "saving", null, null);
        BlobInfo bundle = writeBundle(trained);
        int version = repository.withHandle(h -> repository.nextVersion(h, model.id()));
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("modelId", model.id().toString());
        result.put("version", version);
        result.set("metrics", Json.MAPPER.valueToTree(metrics));
        result.set("hyperparameters", Json.MAPPER.valueToTree(hp));
        if (tuningReport != null) {
            result.set("tuning", Json.MAPPER.valueToTree(tuningReport)); // what the search tried, best first
        }
        TrainedModel done = trained;
        // the version is recorded in the transaction that marks the job succeeded: a crash leaves
        // either both or neither (an unrecorded bundle is swept as an orphan at the next start)
        ObjectNode provenance = provenance(done, dataset, parts.evaluationDataset());
        return JobResult.of(result).withCommit((tx, j) -> recordVersion(tx, job, model, version, dataset, provenance, metrics,
                artifacts, bundle));
    }

    /** Moves the model out of {@code training} in the same transaction that ends its job without a version. */
    @Override
    public void inTransaction(Handle tx, Job before, Job after) {
        if (!KIND.equals(after.kind()) || after.modelId() == null
                || (after.state() != JobState.FAILED && after.state() != JobState.CANCELLED)) {
            return;
        }
        repository.lock(tx, after.modelId()).filter(m -> m.status() == ModelStatus.TRAINING)
                .ifPresent(m -> models.move(tx, m, after.state() == JobState.FAILED ? ModelStatus.FAILED : ModelStatus.CANCELLED));
    }

    /** The rows to train on and to evaluate on, and where the latter came from. */
    private record Parts(Table train, Table test, Map<String, Object> evaluatedOn, Dataset evaluationDataset) {}

    /**
     * Loads the dataset and splits it (or loads the validation dataset). The whole table is a
     * local here on purpose: once split, only its two parts stay reachable during training.
     */
    private Parts load(JobContext ctx, Dataset dataset, RegisteredModel model, JsonNode p, long seed) {
        Table all = datasets.loadTable(dataset, model.targetVariable(), mapping(model));
        ctx.log(JobLogLevel.INFO, "loaded dataset " + dataset.name() + " (" + all.rowCount() + " rows, " + all.columnCount() + " columns)");
        if (all.rowCount() < dataset.rows()) {
            ctx.log(JobLogLevel.WARN, (dataset.rows() - all.rowCount()) + " rows without a label in '" + model.targetVariable() + "' left out");
        }
        ctx.throwIfCancelled();
        Map<String, Object> evaluatedOn = new LinkedHashMap<>();
        if (p.hasNonNull("validationDatasetId")) {
            Dataset validation = datasets.get(UUID.fromString(p.path("validationDatasetId").asText()));
            Table test = datasets.loadTable(validation, model.targetVariable(), mapping(model));
            evaluatedOn.put("datasetId", validation.id());
            evaluatedOn.put("rows", test.rowCount());
            return new Parts(all, test, evaluatedOn, validation);
        }
        double fraction = p.path("trainTestSplit").asDouble(DEFAULT_SPLIT);
        Splits.Split split = split(all, model.targetVariable(), fraction, seed);
        evaluatedOn.put("datasetId", dataset.id());
        evaluatedOn.put("holdOutFraction", fraction);
        evaluatedOn.put("rows", split.test().length);
        evaluatedOn.put("stratified", model.targetVariable() != null);
        return new Parts(all.select(split.train()), all.select(split.test()), evaluatedOn, null);
    }

    /** Cross-validated search on the training part; progress 5 % to 50 %. */
    private static HyperparameterSearch.Result search(JobContext ctx, CancellationToken token, Trainer trainer, PipelineSpec spec,
                                                      Table train, Map<String, Object> base, Tuning tuning, long seed) {
        ctx.progress(0.05, "tuning", 0, null);
        Pipeline pipeline = Pipeline.fit(train, Training.withPositiveClassSettled(train, trainer, spec));
        TrainingData data = new TrainingData(pipeline.transform(train), pipeline.labels(train), pipeline.classes());
        TrainingContext context = TrainingContext.of(seed).withCancellation(token).withListener(progress -> {
            if (ctx.isCancelled()) {
                token.cancel();
            }
            ctx.progress(0.05 + 0.45 * progress.fraction(), "tuning", progress.round(), progress.rounds());
        });
        Map<String, List<?>> space = new LinkedHashMap<>(tuning.space());
        return tuning.methodOrDefault().equals("random")
                ? HyperparameterSearch.random(trainer, base, space, tuning.trialsOrDefault(), data, tuning.foldsOrDefault(),
                        tuning.score(), context)
                : HyperparameterSearch.grid(trainer, base, space, data, tuning.foldsOrDefault(), tuning.score(), context);
    }

    /**
     * The engine's provenance (its {@code dataSha256} hashes the training rows as read) with what the
     * datasets were: a version stays readable after a forced delete of its data.
     */
    private static ObjectNode provenance(TrainedModel trained, Dataset dataset, Dataset evaluationDataset) {
        ObjectNode provenance = Json.MAPPER.valueToTree(trained.provenance());
        provenance.set("dataset", Json.MAPPER.valueToTree(DatasetReference.of(dataset)));
        if (evaluationDataset != null) {
            provenance.set("evaluationDataset", Json.MAPPER.valueToTree(DatasetReference.of(evaluationDataset)));
        }
        return provenance;
    }

    private void recordVersion(Handle tx, Job job, RegisteredModel model, int version, Dataset dataset, ObjectNode provenance,
                               Map<String, Double> metrics, Map<String, Object> artifacts, BlobInfo bundle) {
        RegisteredModel locked = models.lock(tx, model.id());
        ModelVersion v = new ModelVersion(model.id(), version, "trained", metrics,
                provenance, job.payload(), dataset.id(), dataset.sha256(), job.id(),
                null, bundle.sha256(), bundle.size(), job.createdBy(), clock.instant(), bundle.key());
        repository.insertVersion(tx, v, Json.MAPPER.valueToTree(artifacts));
        switch (locked.status()) {
            case TRAINING -> models.move(tx, locked, ModelStatus.TRAINED);
            case RETIRED -> throw new IllegalStateException("model " + locked.modelName() + " was retired while it trained; no version kept");
            // deployed, or replaced in its slot while it trained: it keeps its state, the version waits for validation
            default -> { }
        }
    }

    /** What to tell about category inputs of each shape: usually a leak, or a memory of the training data. */
    private static final Map<CategoryShapes.Shape, String> SHAPE_WARNINGS = Map.of(
            CategoryShapes.Shape.DATE_TIME, "hold dates or times as text ('%s'), read as categories: the model learns the minutes"
                    + " of its training data, and live events bring values it never saw; drop them (dropColumns), or upload them"
                    + " as ISO-8601 (2017-07-03T08:55:00) to have them read as timestamps",
            CategoryShapes.Shape.HOST_ADDRESS, "are host addresses ('%s'): the model learns which hosts did what in the training"
                    + " data (in a capture, often one attacker's address), which does not carry over to new hosts; drop them"
                    + " (dropColumns) unless those hosts are the signal");

    /**
     * Tells in the job's log what became of the columns: the ones left out on their own, and the
     * inputs that are usually a leak or a memory of the training data (timestamps, dates as text,
     * host addresses), which stay inputs because whether they are the signal is the user's call.
     */
    private static void describeInputs(JobContext ctx, Pipeline pipeline, PipelineSpec spec) {
        List<String> leftOut = pipeline.dropped().stream().filter(c -> !spec.drop().contains(c)).toList();
        if (!leftOut.isEmpty()) {
            ctx.log(JobLogLevel.INFO, "left out " + leftOut + ": columns without values, categories with a distinct value"
                    + " in most rows (identifiers) or row numbers, which a model cannot learn from; records may still carry them");
        }
        List<String> times = pipeline.inputs().stream()
                .filter(input -> input.valueType() == ColumnType.TIMESTAMP).map(InputField::name).toList();
        if (!times.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "inputs " + times + " are timestamps, read as seconds since the epoch: every live event"
                    + " comes after the training rows, so a split on them says nothing about it; drop them (dropColumns)"
                    + " unless the time itself is the signal");
        }
        List<CategoryShapes.Hint> hints = CategoryShapes.of(pipeline);
        for (CategoryShapes.Shape shape : CategoryShapes.Shape.values()) {
            List<CategoryShapes.Hint> shaped = hints.stream().filter(h -> h.shape() == shape).toList();
            if (!shaped.isEmpty()) {
                ctx.log(JobLogLevel.WARN, "inputs " + shaped.stream().map(CategoryShapes.Hint::input).toList() + " "
                        + SHAPE_WARNINGS.get(shape).formatted(shaped.get(0).example()));
            }
        }
    }

    /**
     * Warns when the figures rest on too few rows: a class with fewer than a handful of test rows
     * (a 10-row dataset evaluates on 2), or none at all (not measured, and left out of the macro averages).
     */
    private static void describeTestRows(JobContext ctx, ModelEvaluation.Evaluation evaluation, int testRows) {
        String remedy = "more rows of them would tell (upload more, raise trainTestSplit, or evaluate on a validationDatasetId)";
        if (evaluation.report() == null) {
            if (testRows < MIN_TEST_ROWS_PER_CLASS) {
                ctx.log(JobLogLevel.WARN, "only " + testRows + " test rows: the anomaly rate and scores measured on them say"
                        + " little; upload more rows or raise trainTestSplit");
            }
            return;
        }
        List<String> absent = evaluation.report().classesWithoutRows();
        if (!absent.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "classes " + absent + " have no test rows: nothing measured how the model finds them, and"
                    + " the macro averages leave them out; " + remedy);
        }
        Map<String, Long> few = new LinkedHashMap<>();
        for (ClassMetrics c : evaluation.report().perClass()) {
            if (c.support() > 0 && c.support() < MIN_TEST_ROWS_PER_CLASS) {
                few.put(c.name(), c.support());
            }
        }
        if (!few.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "classes with fewer than " + MIN_TEST_ROWS_PER_CLASS + " test rows (of " + testRows + "): "
                    + few + "; their precision, recall and F1 rest on a handful of rows: " + remedy);
        }
    }

    private BlobInfo writeBundle(TrainedModel trained) {
        try (BlobWriter writer = blobs.newWriter()) {
            ModelBundle.write(trained, writer.stream());
            return writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the model bundle", e);
        }
    }

    private static Splits.Split split(Table all, String target, double fraction, long seed) {
        int[] strata = new int[all.rowCount()];
        if (target != null && all.has(target) && all.column(target) instanceof io.vigil.engine.table.CategoricalColumn c) {
            for (int i = 0; i < strata.length; i++) {
                strata[i] = Math.max(0, c.code(i));
            }
        }
        return Splits.stratified(strata, fraction, seed);
    }

    private static PipelineSpec pipeline(Trainer trainer, RegisteredModel m, List<String> columns) {
        PipelineSpec spec = trainer.defaultPipeline(m.targetVariable());
        List<String> drop = new ArrayList<>(m.dropColumns());
        if (m.features() != null && !m.features().isEmpty()) {
            // an explicit feature list: everything else but the target is left out
            for (String c : columns) {
                if (!m.features().contains(c) && !c.equals(m.targetVariable()) && !drop.contains(c)) {
                    drop.add(c);
                }
            }
        }
        if (m.binarize() != null) {
            spec = spec.withPositiveClass(m.binarize().positiveClass());
        }
        return spec.withDrop(drop.toArray(String[]::new));
    }

    private static java.util.function.UnaryOperator<String> mapping(RegisteredModel m) {
        return m.binarize() == null ? null : m.binarize()::apply;
    }

    private void checkColumns(RegisteredModel model, Dataset dataset, String field) {
        List<String> columns = dataset.schema().stream().map(SchemaColumn::name).toList();
        if (model.targetVariable() != null && !columns.contains(model.targetVariable())) {
            throw new ApiException(422, "Unprocessable content", "dataset " + dataset.id() + " has no column '"
                    + model.targetVariable() + "' (the model's targetVariable)",
                    List.of(new FieldError(field, "columns are " + columns)));
        }
        List<FieldError> absent = new ArrayList<>();
        List<String> features = model.features() == null ? List.of() : model.features();
        List<String> unknownFeatures = features.stream().filter(c -> !columns.contains(c)).toList();
        List<String> unknownDrops = model.dropColumns().stream().filter(c -> !columns.contains(c)).toList();
        if (!unknownFeatures.isEmpty()) {
            absent.add(new FieldError("features", "not columns of dataset " + dataset.id() + ": " + unknownFeatures));
        }
        if (!unknownDrops.isEmpty()) {
            absent.add(new FieldError("dropColumns", "not columns of dataset " + dataset.id() + ": " + unknownDrops));
        }
        if (!absent.isEmpty()) { // a feature left out silently, or a typo in a drop, found now rather than by the job
            throw new ApiException(422, "Unprocessable content", "dataset " + dataset.id() + " lacks columns the model names;"
                    + " its columns are " + columns, absent);
        }
        if (model.targetVariable() != null && model.binarize() == null) {
            // the profile knows the label's distinct values: a measurement picked as target fails now, not after minutes
            long distinct = targetProfile(dataset, model.targetVariable()).path("distinct").asLong(0);
            if (distinct > Pipeline.MAX_CLASSES) {
                throw new ApiException(422, "Unprocessable content", "the target '" + model.targetVariable() + "' has about "
                        + distinct + " distinct values in dataset " + dataset.id() + "; a classifier takes at most "
                        + Pipeline.MAX_CLASSES + " classes: choose a label column, or define the model with binarize",
                        List.of(new FieldError(field, "targetVariable '" + model.targetVariable() + "' is not a label")));
            }
        }
    }

    private JsonNode targetProfile(Dataset dataset, String target) {
        for (JsonNode column : Json.readTree(datasets.stats(dataset.id())).path("columnProfiles")) {
            if (target.equals(column.path("name").asText())) {
                return column;
            }
        }
        return MissingNode.getInstance();
    }

    private static Map<String, Object> mergedHyperparameters(RegisteredModel m, Map<String, Object> overrides) {
        Map<String, Object> hp = new LinkedHashMap<>(m.hyperparameters());
        if (overrides != null) {
            hp.putAll(overrides);
        }
        return hp;
    }
}
