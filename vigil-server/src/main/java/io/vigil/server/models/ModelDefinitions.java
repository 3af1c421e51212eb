package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.bundle.BundleManifest;
import io.vigil.engine.features.InputField;
import io.vigil.engine.windows.SpecProblem;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models as defined, and their versions as recorded: create, change, delete, list and read them,
 * compare versions and describe their inputs. What moves a model through its lifecycle is
 * {@link ModelLifecycle}'s and the training's.
 */
public final class ModelDefinitions {
    private static final Logger log = LoggerFactory.getLogger(ModelDefinitions.class);

    private final ModelRepository repository;
    private final ModelBundles bundles;
    private final Clock clock;

    public ModelDefinitions(ModelRepository repository, ModelBundles bundles, Clock clock) {
        this.repository = repository;
        this.bundles = bundles;
        this.clock = clock;
    }

    /** Registers a model; its {@code owner} is the request's, else the caller who registers it. */
    public RegisteredModel create(ModelRequest request, Caller by) {
        RegisteredModel m = checked(request, by);
        repository.inTransaction(h -> {
            repository.insert(h, m);
            return null;
        });
        log.atInfo().addKeyValue("modelId", m.id()).addKeyValue("name", m.modelName()).addKeyValue("algorithm", m.algorithm())
                .log("model created");
        return m;
    }

    /**
     * What {@link #create} would register, every check made (a name already taken too: 409), nothing
     * stored: a form checks a definition as it is written, with the server's own rules and words.
     */
    public RegisteredModel dryRun(ModelRequest request, Caller by) {
        RegisteredModel m = checked(request, by);
        repository.withHandle(h -> repository.findByName(h, m.modelName())).ifPresent(taken -> {
            throw VigilException.conflict("a model named " + m.modelName() + " already exists (id " + taken.id() + ")");
        });
        return m;
    }

    private RegisteredModel checked(ModelRequest request, Caller by) {
        ModelRequest r = request.withColumnNamesTrimmed();
        FieldErrors errors = new FieldErrors();
        r.check(errors, true);
        Trainer trainer = r.algorithm() == null || errors.has("algorithm") ? null : HyperparameterChecks.trainer(r.algorithm(), errors);
        Map<String, Object> hp = r.hyperparameters() == null ? Map.of() : r.hyperparameters();
        if (trainer != null) {
            hp = HyperparameterChecks.canonical(trainer, hp, errors, "hyperparameters");
            HyperparameterChecks.check(trainer, hp, errors);
            // a classifier without a targetVariable learns the label column of the dataset it first trains on
        }
        checkColumnRoles(blankToNull(r.targetVariable()), r.dropColumns(), r.features(), r.binarize(), errors);
        WindowSpec windows = r.windowsCleared() ? null : r.windows();
        checkWindows(windows, blankToNull(r.targetVariable()), r.dropColumns(), errors);
        errors.throwIfAny();
        Instant now = clock.instant();
        // stored by the algorithm's registered name (xgboost is gbm), as its hyperparameters are by theirs
        // a model given no detection slot has one of its own, named as it is
        String slot = r.modelType() != null ? r.modelType() : r.modelName();
        RegisteredModel m = new RegisteredModel(UUID.randomUUID(), r.modelName(), slot, trainer.algorithm(), hp,
                r.features(), r.dropColumns() == null ? List.of() : r.dropColumns(), blankToNull(r.targetVariable()),
                r.binarize(), r.description(), r.tags() == null ? List.of() : r.tags(),
                r.predictionCache() == null || r.predictionCache(), ModelStatus.CREATED, null, null,
                r.owner() != null && !r.owner().isBlank() ? r.owner() : by.name(), now, now, windows);
        return m;
    }

    /** Column roles that contradict each other, caught when the model is defined rather than when it trains. */
    private static void checkColumnRoles(String target, List<String> drop, List<String> features, Binarize binarize,
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

    /**
     * The window features against the rest of the definition: the spec's own checks (every bad field
     * named under {@code windows.}), and no label among their columns nor a window column dropped.
     * Whether the data has the columns is checked when a training names its dataset.
     */
    private static void checkWindows(WindowSpec windows, String target, List<String> drop, FieldErrors errors) {
        if (windows == null || errors.has("windows")) {
            return;
        }
        for (SpecProblem p : windows.problems()) {
            errors.add("windows." + p.field(), p.message());
        }
        if (!windows.problems().isEmpty()) {
            return;
        }
        if (target != null) {
            int key = windows.keys().indexOf(target);
            if (key >= 0) {
                errors.add("windows.keys[" + key + "]", "'" + target + "' is the targetVariable");
            }
            if (target.equals(windows.time())) {
                errors.add("windows.time", "'" + target + "' is the targetVariable");
            }
            for (int i = 0; i < windows.features().size(); i++) {
                if (target.equals(windows.features().get(i).column())) {
                    errors.add("windows.features[" + i + "].column", "'" + target + "' is the targetVariable: a window of labels leaks them");
                }
            }
        }
        if (drop != null) {
            List<String> computed = drop.stream().filter(windows.outputNames()::contains).distinct().limit(20).toList();
            if (!computed.isEmpty()) {
                errors.add("dropColumns", computed + " are window features; leave them out of windows.features instead");
            }
        }
    }

    public RegisteredModel update(UUID id, ModelRequest request) {
        return update(id, request, false);
    }

    /**
     * The change {@code request} makes to the model, every check made; with {@code dryRun}, nothing
     * stored: the model as it would be, or the refusal the change would get (a new name already taken too).
     */
    public RegisteredModel update(UUID id, ModelRequest request, boolean dryRun) {
        ModelRequest r = request.withColumnNamesTrimmed();
        FieldErrors shape = new FieldErrors();
        r.check(shape, false);
        shape.throwIfAny();
        RegisteredModel updated = repository.inTransaction(h -> {
            // a dry run (a form asking as someone types) reads the row without locking it: it writes nothing
            RegisteredModel m = dryRun ? repository.find(h, id).orElseThrow(() -> ModelRepository.noModel(id))
                    : repository.getLocked(h, id);
            if (r.modelType() != null && !r.modelType().equals(m.modelType())) {
                throw VigilException.invalid("modelType", "cannot change the detection slot of a model; create a new model");
            }
            if (m.status() == ModelStatus.TRAINING) {
                throw VigilException.conflict("model " + m.modelName() + " is training; change it when the job ends");
            }
            FieldErrors errors = new FieldErrors();
            String algorithm = r.algorithm() != null ? r.algorithm() : m.algorithm();
            Map<String, Object> hp = r.hyperparameters() != null ? r.hyperparameters() : m.hyperparameters();
            Trainer trainer = HyperparameterChecks.trainer(algorithm, errors);
            if (trainer != null) {
                algorithm = trainer.algorithm();
                hp = HyperparameterChecks.canonical(trainer, hp, errors, "hyperparameters");
                HyperparameterChecks.check(trainer, hp, errors);
            }
            checkColumnRoles(r.targetVariable() != null ? blankToNull(r.targetVariable()) : m.targetVariable(),
                    r.dropColumns() != null ? r.dropColumns() : m.dropColumns(), r.features() != null ? r.features() : m.features(),
                    r.binarize() != null ? r.binarize() : m.binarize(), errors);
            WindowSpec windows = r.windowsCleared() ? null : r.windows() != null ? r.windows() : m.windows();
            checkWindows(windows, r.targetVariable() != null ? blankToNull(r.targetVariable()) : m.targetVariable(),
                    r.dropColumns() != null ? r.dropColumns() : m.dropColumns(), errors);
            errors.throwIfAny();
            RegisteredModel next = new RegisteredModel(m.id(), r.modelName() != null ? r.modelName() : m.modelName(), m.modelType(),
                    algorithm, hp, r.features() != null ? r.features() : m.features(),
                    r.dropColumns() != null ? r.dropColumns() : m.dropColumns(),
                    r.targetVariable() != null ? blankToNull(r.targetVariable()) : m.targetVariable(),
                    r.binarize() != null ? r.binarize() : m.binarize(),
                    r.description() != null ? r.description() : m.description(), r.tags() != null ? r.tags() : m.tags(),
                    r.predictionCache() != null ? r.predictionCache() : m.predictionCache(),
                    m.status(), m.latestVersion(), m.deployedVersion(), r.owner() != null ? r.owner() : m.owner(),
                    m.createdAt(), clock.instant(), windows);
            if (dryRun) {
                if (!next.modelName().equals(m.modelName())) {
                    repository.findByName(h, next.modelName()).ifPresent(taken -> {
                        throw VigilException.conflict("a model named " + next.modelName() + " already exists (id " + taken.id() + ")");
                    });
                }
                return next;
            }
            repository.update(h, next);
            return next;
        });
        return dryRun ? updated : repository.get(updated.id());
    }

    public Page<ModelListing> list(String type, String status, String name, int page, int size) {
        Page<RegisteredModel> models = repository.list(type, status, name, page, size);
        return new Page<>(listings(models.items()), models.page(), models.size(), models.total(), models.pages());
    }

    /** One model with its figures, as the list shows it. */
    public ModelListing listing(UUID id) {
        return listings(List.of(repository.get(id))).get(0);
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
        List<String> keys = repository.inTransaction(h -> {
            RegisteredModel m = repository.getLocked(h, id);
            if (m.status() == ModelStatus.DEPLOYED || m.status() == ModelStatus.TRAINING) {
                throw VigilException.conflict("model " + m.modelName() + " is " + m.status().label()
                        + "; retire it (or cancel its training) before deleting it");
            }
            List<String> bundleKeys = repository.versions(h, id).stream().map(ModelVersion::bundleKey).toList();
            repository.delete(h, id);
            return bundleKeys;
        });
        keys.forEach(bundles::deleteIfUnused);
        log.atInfo().addKeyValue("modelId", id).log("model deleted");
    }

    // ---- versions

    public List<ModelVersion> versions(UUID id) {
        repository.get(id);
        return repository.withHandle(h -> repository.versions(h, id));
    }

    public ModelVersion version(UUID id, int version) {
        return repository.getVersion(id, version);
    }

    /** Versions side by side: their parameters and metrics lined up by name. */
    public VersionComparison compare(UUID id, List<Integer> numbers) {
        List<ModelVersion> chosen = new ArrayList<>();
        for (int n : numbers) {
            chosen.add(repository.getVersion(id, n));
        }
        Map<String, Map<Integer, Object>> parameters = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> metrics = new LinkedHashMap<>();
        for (ModelVersion v : chosen) {
            JsonNode hp = v.provenance().path("hyperparameters");
            hp.fields().forEachRemaining(e -> parameters.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                    .put(v.version(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
            v.metrics().forEach((k, value) -> metrics.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(v.version(), value));
        }
        return new VersionComparison(id, chosen, parameters, metrics);
    }

    /** A version's artifacts as stored (JSON text); the latest version's without a number. */
    public String artifacts(UUID id, Integer version) {
        int v = version != null ? version : repository.latestVersion(id);
        return repository.withHandle(h -> repository.artifacts(h, id, v))
                .orElseThrow(() -> VigilException.notFound("model " + id + " has no version " + v));
    }

    /**
     * What a prediction record for this version carries: each input with its kind and whether it is
     * required (optional ones the training data lacked in some rows), and the fields it ignores.
     * Read from the bundle's manifest alone.
     */
    public ModelInputs inputs(UUID id, int number) {
        BundleManifest manifest = bundles.manifest(repository.getVersion(id, number));
        WindowSpec windows = manifest.windows();
        List<String> computed = windows == null ? List.of() : windows.outputNames();
        List<ModelInputs.Input> inputs = new ArrayList<>();
        for (InputField f : manifest.pipeline().inputs()) {
            if (!computed.contains(f.name())) {
                inputs.add(new ModelInputs.Input(f.name(), f.kind().name().toLowerCase(Locale.ROOT),
                        f.valueType().name().toLowerCase(Locale.ROOT), !f.optional()));
            }
        }
        List<String> ignored = new ArrayList<>(manifest.pipeline().dropped());
        if (windows != null) { // the raw event: its key fields and time, and value columns the model reads only through windows
            List<String> raw = windows.rawColumns();
            ignored.removeAll(raw);
            ignored.removeAll(computed);
            List<String> named = inputs.stream().map(ModelInputs.Input::name).toList();
            for (String key : windows.keys()) {
                if (!named.contains(key)) {
                    inputs.add(new ModelInputs.Input(key, "categorical", "categorical", true));
                }
            }
            if (!named.contains(windows.time())) {
                inputs.add(new ModelInputs.Input(windows.time(), "numeric", "timestamp", true));
            }
            for (String column : windows.valueColumns()) {
                if (!named.contains(column)) {
                    inputs.add(new ModelInputs.Input(column, "numeric", "numeric", false));
                }
            }
        }
        if (manifest.pipeline().target() != null) {
            ignored.add(0, manifest.pipeline().target());
        }
        return new ModelInputs(id, number, inputs, ignored, windows == null ? null : computed);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
