package io.vigil.server.models;

import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.DatasetReference;
import io.vigil.server.datasets.DatasetUsage;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The registry's tables: {@code models}, {@code model_versions}, {@code deployments}, and the one way
 * the services reach their rows. Methods that take a {@link Handle} compose in one transaction
 * ({@link #inTransaction}); the others open their own. Outside this package, only reads.
 */
public final class ModelRepository {
    private static final String MODEL_COLUMNS = "m.id, m.name, m.model_type, m.algorithm, m.hyperparameters::text as hyperparameters, "
            + "m.features::text as features, m.drop_columns::text as drop_columns, m.target_variable, m.binarize::text as binarize, "
            + "m.description, m.tags::text as tags, m.prediction_cache, m.status, m.owner, m.created_at, m.updated_at, "
            + "m.windows::text as windows, "
            + "(select max(v.version) from model_versions v where v.model_id = m.id) as latest_version, "
            + "(select d.version from deployments d where d.model_id = m.id and d.active) as deployed_version";
    private static final String VERSION_COLUMNS = "model_id, version, status, metrics::text as metrics, provenance::text as provenance, "
            + "parameters::text as parameters, dataset_id, dataset_sha256, job_id, validation::text as validation, bundle_key, "
            + "bundle_sha256, bundle_size, created_by, created_at";

    private final Jdbi jdbi;

    public ModelRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    <T> T inTransaction(Function<Handle, T> work) {
        return jdbi.inTransaction(work::apply);
    }

    /** A transaction run again after a deadlock or serialization abort (see {@link RetryingTransactions}). */
    <T> T inTransactionRetrying(Function<Handle, T> work) {
        return RetryingTransactions.run(jdbi, work);
    }

    public <T> T withHandle(Function<Handle, T> work) {
        return jdbi.withHandle(work::apply);
    }

    // ---- models

    void insert(Handle h, RegisteredModel m) {
        try {
            h.createUpdate("insert into models (id, name, model_type, algorithm, hyperparameters, features, drop_columns, "
                            + "target_variable, binarize, description, tags, prediction_cache, status, owner, created_at, updated_at, windows) "
                            + "values (:id, :name, "
                            + ":type, :algorithm, cast(:hp as jsonb), cast(:features as jsonb), cast(:drop as jsonb), :target, "
                            + "cast(:binarize as jsonb), :description, cast(:tags as jsonb), :cache, :status, :owner, :createdAt, :updatedAt, "
                            + "cast(:windows as jsonb))")
                    .bind("id", m.id()).bind("name", m.modelName()).bind("type", m.modelType()).bind("algorithm", m.algorithm())
                    .bind("hp", Json.write(m.hyperparameters())).bind("features", m.features() == null ? null : Json.write(m.features()))
                    .bind("drop", Json.write(m.dropColumns())).bind("target", m.targetVariable())
                    .bind("binarize", m.binarize() == null ? null : Json.write(m.binarize()))
                    .bind("description", m.description()).bind("tags", Json.write(m.tags())).bind("cache", m.predictionCache()).bind("status", m.status().label())
                    .bind("owner", m.owner()).bind("createdAt", ts(m.createdAt())).bind("updatedAt", ts(m.updatedAt()))
                    .bind("windows", m.windows() == null ? null : Json.write(m.windows()))
                    .execute();
        } catch (UnableToExecuteStatementException e) {
            throw uniqueName(e, m.modelName());
        }
    }

    /** Saves the definition fields (not the status). */
    void update(Handle h, RegisteredModel m) {
        try {
            h.createUpdate("update models set name = :name, algorithm = :algorithm, hyperparameters = cast(:hp as jsonb), "
                            + "features = cast(:features as jsonb), drop_columns = cast(:drop as jsonb), target_variable = :target, "
                            + "binarize = cast(:binarize as jsonb), description = :description, tags = cast(:tags as jsonb), "
                            + "prediction_cache = :cache, windows = cast(:windows as jsonb), "
                            + "updated_at = :updatedAt where id = :id")
                    .bind("id", m.id()).bind("name", m.modelName()).bind("algorithm", m.algorithm())
                    .bind("hp", Json.write(m.hyperparameters())).bind("features", m.features() == null ? null : Json.write(m.features()))
                    .bind("drop", Json.write(m.dropColumns())).bind("target", m.targetVariable())
                    .bind("binarize", m.binarize() == null ? null : Json.write(m.binarize()))
                    .bind("description", m.description()).bind("tags", Json.write(m.tags())).bind("cache", m.predictionCache())
                    .bind("windows", m.windows() == null ? null : Json.write(m.windows()))
                    .bind("updatedAt", ts(m.updatedAt()))
                    .execute();
        } catch (UnableToExecuteStatementException e) {
            throw uniqueName(e, m.modelName());
        }
    }

    /** Only {@link ModelTransitions} moves a model, after checking the move. */
    void setStatus(Handle h, UUID id, ModelStatus status, Instant at) {
        h.createUpdate("update models set status = :status, updated_at = :at where id = :id")
                .bind("status", status.label()).bind("at", ts(at)).bind("id", id).execute();
    }

    /** The model; a 404 if there is none. */
    public RegisteredModel get(UUID id) {
        return jdbi.withHandle(h -> find(h, id)).orElseThrow(() -> noModel(id));
    }

    /** The model, its row locked until {@code h}'s transaction ends; a 404 if there is none. */
    RegisteredModel getLocked(Handle h, UUID id) {
        return lock(h, id).orElseThrow(() -> noModel(id));
    }

    public Optional<RegisteredModel> find(Handle h, UUID id) {
        return h.createQuery("select " + MODEL_COLUMNS + " from models m where m.id = :id").bind("id", id)
                .map(RegistryRows::model).findOne();
    }

    /** Reads the model and locks its row until the transaction ends: lifecycle moves are serialised. */
    Optional<RegisteredModel> lock(Handle h, UUID id) {
        h.createQuery("select id from models where id = :id for update").bind("id", id).mapTo(String.class).findOne();
        return find(h, id);
    }

    /**
     * Locks several model rows in one fixed order (by id), so two transactions that lock the same
     * rows can never each hold one the other waits for. Missing models are left out of the answer.
     */
    Map<UUID, RegisteredModel> lockInOrder(Handle h, Collection<UUID> ids) {
        Map<UUID, RegisteredModel> locked = new LinkedHashMap<>();
        for (UUID id : new TreeSet<>(ids)) {
            lock(h, id).ifPresent(m -> locked.put(id, m));
        }
        return locked;
    }

    public Optional<RegisteredModel> findByName(Handle h, String name) {
        return h.createQuery("select " + MODEL_COLUMNS + " from models m where m.name = :name").bind("name", name)
                .map(RegistryRows::model).findOne();
    }

    public Page<RegisteredModel> list(String type, String status, String nameContains, int page, int size) {
        String where = " where (cast(:type as text) is null or m.model_type = :type)"
                + " and (cast(:status as text) is null or m.status = :status)"
                + " and (cast(:pattern as text) is null or lower(m.name) like :pattern escape '\\')";
        String pattern = nameContains == null ? null : "%" + nameContains.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from models m" + where)
                    .bind("type", type).bind("status", status).bind("pattern", pattern).mapTo(Long.class).one();
            List<RegisteredModel> items = h.createQuery("select " + MODEL_COLUMNS + " from models m" + where
                            + " order by m.created_at desc, m.id limit :limit offset :offset")
                    .bind("type", type).bind("status", status).bind("pattern", pattern)
                    .bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map(RegistryRows::model).list();
            return Page.of(items, page, size, total);
        });
    }

    /** Every model with a deployed version, newest first (a deployment is one per slot: few). */
    public List<RegisteredModel> deployed() {
        List<RegisteredModel> all = new java.util.ArrayList<>();
        for (int page = 1; ; page++) {
            Page<RegisteredModel> deployed = list(null, ModelStatus.DEPLOYED.label(), null, page, 500);
            deployed.items().stream().filter(m -> m.deployedVersion() != null).forEach(all::add);
            if (page >= deployed.pages()) {
                return all;
            }
        }
    }

    /** The metrics of each model's latest version, for the models that have one. */
    public Map<UUID, Map<String, Double>> latestMetrics(List<UUID> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return byModel(jdbi.withHandle(h -> h.createQuery("select distinct on (model_id) model_id, metrics::text as metrics"
                        + " from model_versions where model_id in (<ids>) order by model_id, version desc")
                .bindList("ids", modelIds).map(RegistryRows::metrics).list()));
    }

    /**
     * The {@link ModelHeadline} of each model that has a version: its deployed version, else its
     * latest, with that version's latest validation and the name of the dataset it was validated on.
     */
    public Map<UUID, ModelHeadline> headlines(List<UUID> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return byModel(jdbi.withHandle(h -> h.createQuery("select v.model_id, v.version, d.version is not null as deployed,"
                        + " v.metrics::text as metrics, v.validation::text as validation,"
                        // a dataset deleted by force lives on in the version's record of it
                        + " coalesce(ds.name, v.validation -> 'dataset' ->> 'name') as validation_dataset"
                        + " from model_versions v"
                        + " left join deployments d on d.model_id = v.model_id and d.active"
                        + " left join datasets ds on ds.id = cast(v.validation ->> 'datasetId' as uuid)"
                        + " where v.model_id in (<ids>) and v.version = coalesce(d.version,"
                        + " (select max(l.version) from model_versions l where l.model_id = v.model_id))")
                .bindList("ids", modelIds).map(RegistryRows::headline).list()));
    }

    private static <V> Map<UUID, V> byModel(List<Map.Entry<UUID, V>> entries) {
        return entries.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void delete(Handle h, UUID id) {
        h.createUpdate("delete from models where id = :id").bind("id", id).execute();
    }

    // ---- versions

    int nextVersion(Handle h, UUID modelId) {
        return h.createQuery("select coalesce(max(version), 0) + 1 from model_versions where model_id = :id")
                .bind("id", modelId).mapTo(Integer.class).one();
    }

    void insertVersion(Handle h, ModelVersion v, VersionArtifacts artifacts) {
        h.createUpdate("insert into model_versions (model_id, version, status, bundle_key, bundle_sha256, bundle_size, metrics, "
                        + "artifacts, provenance, parameters, dataset_id, dataset_sha256, job_id, created_by, created_at) values "
                        + "(:modelId, :version, :status, :bundleKey, :bundleSha, :bundleSize, cast(:metrics as jsonb), "
                        + "cast(:artifacts as jsonb), cast(:provenance as jsonb), cast(:parameters as jsonb), cast(:datasetId as uuid), "
                        + ":datasetSha, cast(:jobId as uuid), :createdBy, :createdAt)") // null for an imported version: typed casts
                .bind("modelId", v.modelId()).bind("version", v.version()).bind("status", v.status().label())
                .bind("bundleKey", v.bundleKey()).bind("bundleSha", v.bundleSha256()).bind("bundleSize", v.bundleSize())
                .bind("metrics", Json.write(v.metrics())).bind("artifacts", Json.write(artifacts)).bind("provenance", Json.write(v.provenance()))
                .bind("parameters", Json.write(v.parameters())).bind("datasetId", v.datasetId()).bind("datasetSha", v.datasetSha256())
                .bind("jobId", v.jobId()).bind("createdBy", v.createdBy()).bind("createdAt", ts(v.createdAt()))
                .execute();
    }

    public List<ModelVersion> versions(Handle h, UUID modelId) {
        return h.createQuery("select " + VERSION_COLUMNS + " from model_versions where model_id = :id order by version")
                .bind("id", modelId).map(RegistryRows::version).list();
    }

    public Optional<ModelVersion> version(Handle h, UUID modelId, int version) {
        return h.createQuery("select " + VERSION_COLUMNS + " from model_versions where model_id = :id and version = :v")
                .bind("id", modelId).bind("v", version).map(RegistryRows::version).findOne();
    }

    /** The version; a 404 naming what is missing, the model or the version. */
    public ModelVersion getVersion(UUID modelId, int version) {
        get(modelId);
        return jdbi.withHandle(h -> version(h, modelId, version))
                .orElseThrow(() -> VigilException.notFound("model " + modelId + " has no version " + version));
    }

    /** The model's latest version number; a 409 while it has none. */
    public int latestVersion(UUID modelId) {
        Integer latest = get(modelId).latestVersion();
        if (latest == null) {
            throw VigilException.conflict("model " + modelId + " has no trained version yet; train it first");
        }
        return latest;
    }

    public Optional<String> artifacts(Handle h, UUID modelId, int version) {
        return h.createQuery("select artifacts::text from model_versions where model_id = :id and version = :v")
                .bind("id", modelId).bind("v", version).mapTo(String.class).findOne();
    }

    void setVersionStatus(Handle h, UUID modelId, int version, VersionStatus status) {
        h.createUpdate("update model_versions set status = :status where model_id = :id and version = :v")
                .bind("status", status.label()).bind("id", modelId).bind("v", version).execute();
    }

    void setValidation(Handle h, UUID modelId, int version, ValidationReport report) {
        h.createUpdate("update model_versions set validation = cast(:report as jsonb) where model_id = :id and version = :v")
                .bind("report", Json.write(report)).bind("id", modelId).bind("v", version).execute();
    }

    public boolean bundleInUse(String bundleKey) {
        return jdbi.withHandle(h -> bundleInUse(h, bundleKey));
    }

    public boolean bundleInUse(Handle h, String bundleKey) {
        return h.createQuery("select count(*) from model_versions where bundle_key = :key").bind("key", bundleKey)
                .mapTo(Long.class).one() > 0;
    }

    /** The versions trained, evaluated or validated on a dataset, each with how, in {@code h}'s transaction. */
    List<DatasetUsage.VersionUse> versionsUsing(Handle h, UUID datasetId) {
        return h.createQuery("select v.model_id, m.name, v.version,"
                        + " v.dataset_id = :id as trained, coalesce(v.parameters->>'validationDatasetId' = :text, false) as evaluated,"
                        + " coalesce(v.validation->>'datasetId' = :text, false) as validated"
                        + " from model_versions v join models m on m.id = v.model_id"
                        + " where v.dataset_id = :id or v.parameters->>'validationDatasetId' = :text or v.validation->>'datasetId' = :text"
                        + " order by lower(m.name), v.version")
                .bind("id", datasetId).bind("text", datasetId.toString())
                .map(RegistryRows::datasetUse).list();
    }

    /** Writes what a deleted dataset was into every version that points at it, where it does. */
    void keepDeletedDataset(Handle h, UUID datasetId, DatasetReference tombstone) {
        String json = Json.write(tombstone);
        h.createUpdate("update model_versions set provenance = jsonb_set(provenance, '{dataset}', cast(:tombstone as jsonb))"
                + " where dataset_id = :id").bind("tombstone", json).bind("id", datasetId).execute();
        h.createUpdate("update model_versions set provenance = jsonb_set(provenance, '{evaluationDataset}', cast(:tombstone as jsonb))"
                + " where parameters->>'validationDatasetId' = :text").bind("tombstone", json).bind("text", datasetId.toString()).execute();
        h.createUpdate("update model_versions set validation = jsonb_set(validation, '{dataset}', cast(:tombstone as jsonb))"
                + " where validation->>'datasetId' = :text").bind("tombstone", json).bind("text", datasetId.toString()).execute();
    }

    // ---- deployments

    /** Serialises deploys of one detection slot across instances (the lock ends with the transaction). */
    void lockSlot(Handle h, String modelType) {
        h.createQuery("select pg_advisory_xact_lock(hashtext('deploy:' || :type))").bind("type", modelType)
                .mapTo(String.class).one();
    }

    public Optional<Deployment> activeDeployment(Handle h, String modelType) {
        return h.createQuery("select * from deployments where model_type = :type and active").bind("type", modelType)
                .map(RegistryRows::deployment).findOne();
    }

    void endDeployment(Handle h, long id, Instant at) {
        h.createUpdate("update deployments set active = false, ended_at = :at where id = :id").bind("at", ts(at)).bind("id", id).execute();
    }

    Deployment insertDeployment(Handle h, String modelType, UUID modelId, int version, String action,
                                       Deployment previous, String createdBy, Instant at) {
        long id = h.createUpdate("insert into deployments (model_type, model_id, version, action, active, previous_model_id, "
                        + "previous_version, created_by, created_at) values (:type, :modelId, :version, :action, true, cast(:prevModel as uuid), "
                        + "cast(:prevVersion as int), :createdBy, :at)")
                .bind("type", modelType).bind("modelId", modelId).bind("version", version).bind("action", action)
                .bind("prevModel", previous == null ? null : previous.modelId())
                .bind("prevVersion", previous == null ? null : previous.version())
                .bind("createdBy", createdBy).bind("at", ts(at))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new Deployment(id, modelType, modelId, version, action, true,
                previous == null ? null : previous.modelId(), previous == null ? null : previous.version(), createdBy, at, null);
    }

    public List<Deployment> deployments(Handle h, UUID modelId) {
        return h.createQuery("select * from deployments where model_id = :id order by created_at desc, id desc").bind("id", modelId)
                .map(RegistryRows::deployment).list();
    }

    static VigilException noModel(UUID id) {
        return VigilException.notFound("no model with id " + id);
    }

    private static VigilException uniqueName(UnableToExecuteStatementException e, String name) {
        if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
            return VigilException.conflict("a model named '" + name + "' already exists");
        }
        throw e;
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
