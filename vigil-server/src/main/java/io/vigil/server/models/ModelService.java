package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.bundle.BundleManifest;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.features.InputField;
import io.vigil.engine.table.Table;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.FieldErrors;
import io.vigil.server.http.Page;
import io.vigil.server.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: definitions, versions, and every lifecycle move (validate, deploy, roll back,
 * retire), each checked against {@link ModelStatus} under a row lock so concurrent calls and
 * several Vigil instances cannot break the state machine.
 */
public final class ModelService {
    private static final Logger log = LoggerFactory.getLogger(ModelService.class);

    private final ModelRepository repository;
    private final DatasetService datasets;
    private final BlobStore blobs;
    private final EventBus events;
    private final Clock clock;
    private final Map<String, Double> defaultThresholds;
    private final DeploymentMoves deployments;

    public ModelService(ModelRepository repository, DatasetService datasets, BlobStore blobs, EventBus events, Clock clock,
                        Map<String, Double> defaultThresholds) {
        this.repository = repository;
        this.datasets = datasets;
        this.blobs = blobs;
        this.events = events;
        this.clock = clock;
        this.defaultThresholds = Map.copyOf(defaultThresholds);
        this.deployments = new DeploymentMoves(repository, this, clock);
    }

    // ---- definitions

    public RegisteredModel create(ModelRequest request) {
        ModelRequest r = request.withColumnNamesTrimmed();
        FieldErrors errors = new FieldErrors();
        r.check(errors, true);
        Trainer trainer = r.algorithm() == null || errors.has("algorithm") ? null : trainer(r.algorithm(), errors);
        Map<String, Object> hp = r.hyperparameters() == null ? Map.of() : r.hyperparameters();
        if (trainer != null) {
            checkHyperparameters(trainer, hp, errors);
            if (trainer.task() == Task.CLASSIFICATION && (r.targetVariable() == null || r.targetVariable().isBlank())) {
                errors.add("targetVariable", "a classifier needs the label column to learn from");
            }
        }
        checkColumns(blankToNull(r.targetVariable()), r.dropColumns(), r.features(), r.binarize(), errors);
        errors.throwIfAny();
        Instant now = clock.instant();
        RegisteredModel m = new RegisteredModel(UUID.randomUUID(), r.modelName(), r.modelType(), r.algorithm(), hp,
                r.features(), r.dropColumns() == null ? List.of() : r.dropColumns(), blankToNull(r.targetVariable()),
                r.binarize(), r.description(), r.tags() == null ? List.of() : r.tags(),
                r.predictionCache() == null || r.predictionCache(), ModelStatus.CREATED, null, null,
                r.owner(), now, now);
        repository.inTransaction(h -> {
            repository.insert(h, m);
            return null;
        });
        log.atInfo().addKeyValue("modelId", m.id()).addKeyValue("name", m.modelName()).addKeyValue("algorithm", m.algorithm())
                .log("model created");
        return m;
    }

    /** Column roles that contradict each other, caught when the model is defined rather than when it trains. */
    private static void checkColumns(String target, List<String> drop, List<String> features, Binarize binarize,
                                     FieldErrors errors) {
        if (binarize != null && target == null) {
            errors.add("binarize", "binarize maps the classes of the label column: give targetVariable too");
        }
        if (target != null && drop != null && drop.contains(target)) {
            errors.add("dropColumns", "'" + target + "' is the targetVariable, which is never a feature anyway");
        }
        if (target != null && features != null && features.contains(target)) {
            errors.add("features", "'" + target + "' is the targetVariable; a model cannot read its own label");
        }
        if (features != null && drop != null) {
            Set<String> dropped = new HashSet<>(drop); // lists of thousands of columns: no quadratic scan
            List<String> both = features.stream().filter(dropped::contains).distinct().limit(20).toList();
            if (!both.isEmpty()) {
                errors.add("dropColumns", both + " are also in features: keep each column in one of the two");
            }
        }
    }

    public RegisteredModel update(UUID id, ModelRequest request) {
        ModelRequest r = request.withColumnNamesTrimmed();
        FieldErrors shape = new FieldErrors();
        r.check(shape, false);
        shape.throwIfAny();
        RegisteredModel updated = repository.inTransaction(h -> {
            RegisteredModel m = lock(h, id);
            if (r.modelType() != null && !r.modelType().equals(m.modelType())) {
                throw ApiException.invalid("modelType", "cannot change the detection slot of a model; create a new model");
            }
            if (m.status() == ModelStatus.TRAINING) {
                throw ApiException.conflict("model " + m.modelName() + " is training; change it when the job ends");
            }
            FieldErrors errors = new FieldErrors();
            String algorithm = r.algorithm() != null ? r.algorithm() : m.algorithm();
            Map<String, Object> hp = r.hyperparameters() != null ? r.hyperparameters() : m.hyperparameters();
            Trainer trainer = trainer(algorithm, errors);
            if (trainer != null) {
                checkHyperparameters(trainer, hp, errors);
            }
            checkColumns(r.targetVariable() != null ? blankToNull(r.targetVariable()) : m.targetVariable(),
                    r.dropColumns() != null ? r.dropColumns() : m.dropColumns(), r.features() != null ? r.features() : m.features(),
                    r.binarize() != null ? r.binarize() : m.binarize(), errors);
            errors.throwIfAny();
            RegisteredModel next = new RegisteredModel(m.id(), r.modelName() != null ? r.modelName() : m.modelName(), m.modelType(),
                    algorithm, hp, r.features() != null ? r.features() : m.features(),
                    r.dropColumns() != null ? r.dropColumns() : m.dropColumns(),
                    r.targetVariable() != null ? blankToNull(r.targetVariable()) : m.targetVariable(),
                    r.binarize() != null ? r.binarize() : m.binarize(),
                    r.description() != null ? r.description() : m.description(), r.tags() != null ? r.tags() : m.tags(),
                    r.predictionCache() != null ? r.predictionCache() : m.predictionCache(),
                    m.status(), m.latestVersion(), m.deployedVersion(), r.owner() != null ? r.owner() : m.owner(),
                    m.createdAt(), clock.instant());
            repository.update(h, next);
            return next;
        });
        return get(updated.id());
    }

    public RegisteredModel get(UUID id) {
        return repository.withHandle(h -> repository.find(h, id))
                .orElseThrow(() -> ApiException.notFound("no model with id " + id));
    }

    public Page<ModelListing> list(String type, String status, String name, int page, int size) {
        Page<RegisteredModel> models = repository.list(type, status, name, page, size);
        return new Page<>(listings(models.items()), models.page(), models.size(), models.total(), models.pages());
    }

    /** One model with its figures, as the list shows it. */
    public ModelListing listing(UUID id) {
        return listings(List.of(get(id))).get(0);
    }

    /** The models with their latest metrics and headline figures, in two queries for the lot. */
    private List<ModelListing> listings(List<RegisteredModel> models) {
        List<UUID> ids = models.stream().map(RegisteredModel::id).toList();
        Map<UUID, Map<String, Double>> metrics = repository.latestMetrics(ids);
        Map<UUID, ModelHeadline> headlines = repository.headlines(ids);
        return models.stream().map(m -> new ModelListing(m, metrics.get(m.id()), headlines.get(m.id()))).toList();
    }

    /** Deletes a model that is not serving, with its versions and their bundles. */
    public void delete(UUID id) {
        List<String> bundles = repository.inTransaction(h -> {
            RegisteredModel m = lock(h, id);
            if (m.status() == ModelStatus.DEPLOYED || m.status() == ModelStatus.TRAINING) {
                throw ApiException.conflict("model " + m.modelName() + " is " + m.status().label()
                        + "; retire it (or cancel its training) before deleting it");
            }
            List<String> keys = repository.versions(h, id).stream().map(ModelVersion::bundleKey).toList();
            repository.delete(h, id);
            return keys;
        });
        for (String key : bundles) {
            deleteBundleIfUnused(key);
        }
        log.atInfo().addKeyValue("modelId", id).log("model deleted");
    }

    // ---- versions

    public List<ModelVersion> versions(UUID id) {
        get(id);
        return repository.withHandle(h -> repository.versions(h, id));
    }

    public ModelVersion version(UUID id, int version) {
        get(id);
        return repository.withHandle(h -> repository.version(h, id, version))
                .orElseThrow(() -> ApiException.notFound("model " + id + " has no version " + version));
    }

    /** Versions side by side: their parameters and metrics lined up by name. */
    public Map<String, Object> compare(UUID id, List<Integer> numbers) {
        List<ModelVersion> chosen = new ArrayList<>();
        for (int n : numbers) {
            chosen.add(version(id, n));
        }
        Map<String, Map<Integer, Object>> parameters = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> metrics = new LinkedHashMap<>();
        for (ModelVersion v : chosen) {
            JsonNode hp = v.provenance().path("hyperparameters");
            hp.fields().forEachRemaining(e -> parameters.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                    .put(v.version(), io.vigil.server.http.Json.MAPPER.convertValue(e.getValue(), Object.class)));
            v.metrics().forEach((k, value) -> metrics.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(v.version(), value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelId", id);
        out.put("versions", chosen);
        out.put("parameters", parameters);
        out.put("metrics", metrics);
        return out;
    }

    public String artifacts(UUID id, Integer version) {
        int v = version != null ? version : latestVersion(id);
        return repository.withHandle(h -> repository.artifacts(h, id, v))
                .orElseThrow(() -> ApiException.notFound("model " + id + " has no version " + v));
    }

    /**
     * What a prediction record for this version carries: each input with its kind and whether it is
     * required (optional ones the training data lacked in some rows), and the fields it ignores.
     * Read from the bundle's manifest alone.
     */
    public Map<String, Object> inputs(UUID id, int number) {
        ModelVersion v = version(id, number);
        BundleManifest manifest;
        try (InputStream in = blobs.open(v.bundleKey())) {
            manifest = ModelBundle.manifest(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of model " + id + " version " + number, e);
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (InputField f : manifest.pipeline().inputs()) {
            inputs.add(Map.of("name", f.name(), "kind", f.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "type", f.valueType().name().toLowerCase(java.util.Locale.ROOT), "required", !f.optional()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelId", id);
        out.put("version", number);
        out.put("inputs", inputs);
        List<String> ignored = new ArrayList<>(manifest.pipeline().dropped());
        if (manifest.pipeline().target() != null) {
            ignored.add(0, manifest.pipeline().target());
        }
        out.put("ignored", ignored);
        return out;
    }

    public TrainedModel loadBundle(ModelVersion v) {
        try (InputStream in = blobs.open(v.bundleKey())) {
            return ModelBundle.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of model " + v.modelId() + " version " + v.version(), e);
        }
    }

    // ---- lifecycle

    /**
     * Evaluates a version on a dataset it was not trained on and gates it on metric thresholds;
     * passing moves it (and the model) to {@code validated}. The report is stored on the version.
     */
    public Map<String, Object> validate(UUID id, ValidateRequest r) {
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        errors.throwIfAny();
        RegisteredModel m = get(id);
        int number = r.version() != null ? r.version() : latestVersion(id);
        ModelVersion v = version(id, number);
        if (r.datasetId().equals(v.datasetId())) {
            throw ApiException.invalid("datasetId", "validate on data the version was not trained on; dataset "
                    + r.datasetId() + " is its training data");
        }
        Dataset dataset = datasets.get(r.datasetId());
        if (dataset.sha256().equals(v.datasetSha256())) {
            throw ApiException.invalid("datasetId", "dataset " + r.datasetId() + " has the same content as the version's"
                    + " training data; validate on data it was not trained on");
        }
        TrainedModel trained = loadBundle(v);
        Table table = datasets.loadTable(dataset, trained.pipeline().target(), m.binarize() == null ? null : m.binarize()::apply);
        ModelEvaluation.Evaluation evaluation = ModelEvaluation.evaluate(trained, table);
        Map<String, Double> metrics = evaluation.metrics();
        // the default gates are on labelled metrics; a detector without labels has none of them
        Map<String, Double> thresholds = r.thresholds() != null && !r.thresholds().isEmpty() ? r.thresholds()
                : defaultThresholds.entrySet().stream().filter(t -> metrics.containsKey(t.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (String name : thresholds.keySet()) {
            if (!metrics.containsKey(name)) {
                errors.add("thresholds." + name, "unknown metric; known: " + metrics.keySet());
            }
        }
        errors.throwIfAny();
        List<Map<String, Object>> gates = ModelEvaluation.gates(metrics, thresholds);
        List<Map<String, Object>> failures = ModelEvaluation.failures(gates);
        boolean passed = failures.isEmpty();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("modelId", id);
        result.put("version", number);
        result.put("datasetId", dataset.id());
        result.put("datasetSha256", dataset.sha256());
        result.put("passed", passed);
        result.put("metrics", metrics);
        result.put("thresholds", thresholds);
        result.put("gates", gates);
        result.put("failures", failures);
        if (evaluation.report() != null) {
            result.put("confusionMatrix", ModelEvaluation.confusionMatrix(evaluation.report()));
        }
        result.put("validatedAt", clock.instant());
        repository.inTransaction(h -> {
            RegisteredModel locked = lock(h, id);
            repository.setValidation(h, id, number, result);
            if (passed && "trained".equals(v.status())) {
                repository.setVersionStatus(h, id, number, "validated");
            }
            if (passed && locked.status() != ModelStatus.DEPLOYED && locked.status().canMoveTo(ModelStatus.VALIDATED)) {
                move(h, locked, ModelStatus.VALIDATED);
            }
            return null;
        });
        log.atInfo().addKeyValue("modelId", id).addKeyValue("version", number).addKeyValue("passed", passed)
                .addKeyValue("accuracy", metrics.get("accuracy")).log("model validated");
        return result;
    }

    /**
     * Makes a validated version the active model of its type, ending the previous deployment. When
     * this returns, this instance serves the version to every request that starts afterwards.
     */
    public Deployment deploy(UUID id, Integer version) {
        return deployments.deploy(id, version);
    }

    /** Puts the deployment that this model's current one replaced back in place; in effect on this instance when it returns. */
    public Deployment rollback(UUID id) {
        return deployments.rollback(id);
    }

    /** Takes a model out of service for good; it stays readable. In effect on this instance when it returns. */
    public RegisteredModel retire(UUID id) {
        deployments.retire(id);
        return get(id);
    }

    /** Told of every deploy, rollback and retire this instance makes (see {@link DeploymentListener}). */
    public void addDeploymentListener(DeploymentListener listener) {
        deployments.addListener(listener);
    }

    public List<Deployment> deployments(UUID id) {
        get(id);
        return repository.withHandle(h -> repository.deployments(h, id));
    }

    // ---- shared pieces (also used by the training job)

    RegisteredModel lock(Handle h, UUID id) {
        return repository.lock(h, id).orElseThrow(() -> ApiException.notFound("no model with id " + id));
    }

    /** Moves the model to {@code next} if the state machine allows it, and tells watchers. */
    void move(Handle h, RegisteredModel m, ModelStatus next) {
        if (!m.status().canMoveTo(next)) {
            throw illegalMove(m, next);
        }
        repository.setStatus(h, m.id(), next, clock.instant());
        Event moved = new Event(Event.MODEL_STATE, m.id(), null, next.label(), null,
                Map.of("modelId", m.id(), "modelName", m.modelName(), "from", m.status().label(), "to", next.label()),
                clock.instant());
        h.afterCommit(() -> events.publish(moved)); // watchers never hear of a move that is rolled back, nor before it is visible
    }

    /** The model's state as a {@code model.state} event, for a client that starts watching it (404 if unknown). */
    public Event currentState(UUID id) {
        RegisteredModel m = get(id);
        return new Event(Event.MODEL_STATE, m.id(), null, m.status().label(), null,
                Map.of("modelId", m.id(), "modelName", m.modelName(), "status", m.status().label()), clock.instant());
    }

    static ApiException illegalMove(RegisteredModel m, ModelStatus next) {
        // The one move users try most often: a version is deployed only after it passed validation.
        String hint = m.status() == ModelStatus.TRAINED && next == ModelStatus.DEPLOYED
                ? " (validate it first: POST /ml/models/" + m.id() + "/validate with a test dataset and thresholds)" : "";
        return ApiException.conflict("model " + m.modelName() + " is " + m.status().label() + " and cannot become "
                + next.label() + "; from " + m.status().label() + " it can become " + m.status().nextStates().stream()
                .map(ModelStatus::label).toList() + hint);
    }

    void deleteBundleIfUnused(String key) {
        try {
            if (!repository.withHandle(h -> repository.bundleInUse(h, key))) {
                blobs.delete(key);
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("blobKey", key).log("could not delete an unused model bundle");
        }
    }

    static Trainer trainer(String algorithm, FieldErrors errors) {
        try {
            return Algorithms.trainer(algorithm);
        } catch (IllegalArgumentException e) {
            errors.add("algorithm", e.getMessage());
            return null;
        }
    }

    /** Every problem of {@code hp} for {@code trainer}, in one message (unless the map itself was refused already). */
    static void checkHyperparameters(Trainer trainer, Map<String, Object> hp, FieldErrors errors) {
        List<String> problems = errors.has("hyperparameters") ? List.of() : hyperparameterProblems(trainer, hp);
        if (!problems.isEmpty()) {
            errors.add("hyperparameters", String.join("; ", problems));
        }
    }

    /** What is wrong with {@code hp} for {@code trainer}: every unknown, mistyped or out-of-range one; empty when nothing is. */
    static List<String> hyperparameterProblems(Trainer trainer, Map<String, ?> hp) {
        try {
            trainer.validate(hp);
            return List.of();
        } catch (InvalidHyperparameterException e) {
            return e.problems();
        }
    }

    private int latestVersion(UUID id) {
        Integer latest = get(id).latestVersion();
        if (latest == null) {
            throw ApiException.conflict("model " + id + " has no trained version yet; train it first");
        }
        return latest;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
