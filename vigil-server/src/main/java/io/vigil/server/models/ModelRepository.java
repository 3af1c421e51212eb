package io.vigil.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.Json;
import io.vigil.server.http.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's tables: {@code models}, {@code model_versions}, {@code deployments}. Methods take
 * a {@link Handle} so the service can compose them in one transaction ({@link #inTransaction}).
 */
public final class ModelRepository {
    private static final String MODEL_COLUMNS = "m.id, m.name, m.model_type, m.algorithm, m.hyperparameters::text as hyperparameters, "
            + "m.features::text as features, m.drop_columns::text as drop_columns, m.target_variable, m.binarize::text as binarize, "
            + "m.description, m.tags::text as tags, m.prediction_cache, m.status, m.owner, m.created_at, m.updated_at, "
            + "(select max(v.version) from model_versions v where v.model_id = m.id) as latest_version, "
            + "(select d.version from deployments d where d.model_id = m.id and d.active) as deployed_version";
    private static final String VERSION_COLUMNS = "model_id, version, status, metrics::text as metrics, provenance::text as provenance, "
            + "parameters::text as parameters, dataset_id, dataset_sha256, job_id, validation::text as validation, bundle_key, "
            + "bundle_sha256, bundle_size, created_by, created_at";

    private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);
    static final int MAX_ATTEMPTS = 5;
    private static final java.util.Set<String> RETRYABLE_STATES = java.util.Set.of("40P01", "40001");

    private final Jdbi jdbi;

    public ModelRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public <T> T inTransaction(Function<Handle, T> work) {
        return jdbi.inTransaction(work::apply);
    }

    /**
     * A transaction that PostgreSQL may abort to break a deadlock (40P01) or a serialization
     * conflict (40001): it is run again, from the start, up to {@link #MAX_ATTEMPTS} times.
     * {@code work} must therefore have no effect outside the transaction until it commits.
     */
    public <T> T inTransactionRetrying(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::apply);
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                log.atInfo().addKeyValue("attempt", attempt).addKeyValue("reason", retryReason(e))
                        .log("model registry transaction rolled back by the database; running it again");
                pause(attempt);
            }
        }
    }

    public <T> T withHandle(Function<Handle, T> work) {
        return jdbi.withHandle(work::apply);
    }

    // ---- models

    public void insert(Handle h, RegisteredModel m) {
        try {
            h.createUpdate("insert into models (id, name, model_type, algorithm, hyperparameters, features, drop_columns, "
                            + "target_variable, binarize, description, tags, prediction_cache, status, owner, created_at, updated_at) values (:id, :name, "
                            + ":type, :algorithm, cast(:hp as jsonb), cast(:features as jsonb), cast(:drop as jsonb), :target, "
                            + "cast(:binarize as jsonb), :description, cast(:tags as jsonb), :cache, :status, :owner, :createdAt, :updatedAt)")
                    .bind("id", m.id()).bind("name", m.modelName()).bind("type", m.modelType()).bind("algorithm", m.algorithm())
                    .bind("hp", Json.write(m.hyperparameters())).bind("features", m.features() == null ? null : Json.write(m.features()))
                    .bind("drop", Json.write(m.dropColumns())).bind("target", m.targetVariable())
                    .bind("binarize", m.binarize() == null ? null : Json.write(m.binarize()))
                    .bind("description", m.description()).bind("tags", Json.write(m.tags())).bind("cache", m.predictionCache()).bind("status", m.status().label())
                    .bind("owner", m.owner()).bind("createdAt", ts(m.createdAt())).bind("updatedAt", ts(m.updatedAt()))
                    .execute();
        } catch (UnableToExecuteStatementException e) {
            throw uniqueName(e, m.modelName());
        }
    }

    /** Saves the definition fields (not the status). */
    public void update(Handle h, RegisteredModel m) {
        try {
            h.createUpdate("update models set name = :name, algorithm = :algorithm, hyperparameters = cast(:hp as jsonb), "
                            + "features = cast(:features as jsonb), drop_columns = cast(:drop as jsonb), target_variable = :target, "
                            + "binarize = cast(:binarize as jsonb), description = :description, tags = cast(:tags as jsonb), "
                            + "prediction_cache = :cache, "
                            + "updated_at = :updatedAt where id = :id")
                    .bind("id", m.id()).bind("name", m.modelName()).bind("algorithm", m.algorithm())
                    .bind("hp", Json.write(m.hyperparameters())).bind("features", m.features() == null ? null : Json.write(m.features()))
                    .bind("drop", Json.write(m.dropColumns())).bind("target", m.targetVariable())
                    .bind("binarize", m.binarize() == null ? null : Json.write(m.binarize()))
                    .bind("description", m.description()).bind("tags", Json.write(m.tags())).bind("cache", m.predictionCache())
                    .bind("updatedAt", ts(m.updatedAt()))
                    .execute();
        } catch (UnableToExecuteStatementException e) {
            throw uniqueName(e, m.modelName());
        }
    }

    public void setStatus(Handle h, UUID id, ModelStatus status, Instant at) {
        h.createUpdate("update models set status = :status, updated_at = :at where id = :id")
                .bind("status", status.label()).bind("at", ts(at)).bind("id", id).execute();
    }

    public Optional<RegisteredModel> find(Handle h, UUID id) {
        return h.createQuery("select " + MODEL_COLUMNS + " from models m where m.id = :id").bind("id", id)
                .map(ModelRepository::mapModel).findOne();
    }

    /** Reads the model and locks its row until the transaction ends: lifecycle moves are serialised. */
    public Optional<RegisteredModel> lock(Handle h, UUID id) {
        h.createQuery("select id from models where id = :id for update").bind("id", id).mapTo(String.class).findOne();
        return find(h, id);
    }

    /**
     * Locks several model rows in one fixed order (by id), so two transactions that lock the same
     * rows can never each hold one the other waits for. Missing models are left out of the answer.
     */
    public Map<UUID, RegisteredModel> lockInOrder(Handle h, java.util.Collection<UUID> ids) {
        Map<UUID, RegisteredModel> locked = new java.util.LinkedHashMap<>();
        for (UUID id : new java.util.TreeSet<>(ids)) {
            lock(h, id).ifPresent(m -> locked.put(id, m));
        }
        return locked;
    }

    public Optional<RegisteredModel> findByName(Handle h, String name) {
        return h.createQuery("select " + MODEL_COLUMNS + " from models m where m.name = :name").bind("name", name)
                .map(ModelRepository::mapModel).findOne();
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
                    .map(ModelRepository::mapModel).list();
            return Page.of(items, page, size, total);
        });
    }

    /** The metrics of each model's latest version, for the models that have one. */
    public Map<UUID, Map<String, Double>> latestMetrics(List<UUID> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<UUID, Map<String, Double>> latest = new java.util.HashMap<>();
            h.createQuery("select distinct on (model_id) model_id, metrics::text as metrics from model_versions"
                            + " where model_id in (<ids>) order by model_id, version desc")
                    .bindList("ids", modelIds)
                    .map((rs, ctx) -> Map.entry(rs.getObject("model_id", UUID.class),
                            Json.read(rs.getString("metrics"), new TypeReference<Map<String, Double>>() {})))
                    .forEach(e -> latest.put(e.getKey(), e.getValue()));
            return latest;
        });
    }

    /**
     * The {@link ModelHeadline} of each model that has a version: its deployed version, else its
     * latest, with that version's latest validation and the name of the dataset it was validated on.
     */
    public Map<UUID, ModelHeadline> headlines(List<UUID> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<UUID, ModelHeadline> headlines = new java.util.HashMap<>();
            h.createQuery("select v.model_id, v.version, d.version is not null as deployed, v.metrics::text as metrics,"
                            + " v.validation::text as validation,"
                            // a dataset deleted by force lives on in the version's record of it
                            + " coalesce(ds.name, v.validation -> 'dataset' ->> 'name') as validation_dataset"
                            + " from model_versions v"
                            + " left join deployments d on d.model_id = v.model_id and d.active"
                            + " left join datasets ds on ds.id = cast(v.validation ->> 'datasetId' as uuid)"
                            + " where v.model_id in (<ids>) and v.version = coalesce(d.version,"
                            + " (select max(l.version) from model_versions l where l.model_id = v.model_id))")
                    .bindList("ids", modelIds)
                    .map(ModelRepository::mapHeadline)
                    .forEach(e -> headlines.put(e.getKey(), e.getValue()));
            return headlines;
        });
    }

    public void delete(Handle h, UUID id) {
        h.createUpdate("delete from models where id = :id").bind("id", id).execute();
    }

    // ---- versions

    public int nextVersion(Handle h, UUID modelId) {
        return h.createQuery("select coalesce(max(version), 0) + 1 from model_versions where model_id = :id")
                .bind("id", modelId).mapTo(Integer.class).one();
    }

    public void insertVersion(Handle h, ModelVersion v, JsonNode artifacts) {
        h.createUpdate("insert into model_versions (model_id, version, status, bundle_key, bundle_sha256, bundle_size, metrics, "
                        + "artifacts, provenance, parameters, dataset_id, dataset_sha256, job_id, created_by, created_at) values "
                        + "(:modelId, :version, :status, :bundleKey, :bundleSha, :bundleSize, cast(:metrics as jsonb), "
                        + "cast(:artifacts as jsonb), cast(:provenance as jsonb), cast(:parameters as jsonb), :datasetId, "
                        + ":datasetSha, :jobId, :createdBy, :createdAt)")
                .bind("modelId", v.modelId()).bind("version", v.version()).bind("status", v.status())
                .bind("bundleKey", v.bundleKey()).bind("bundleSha", v.bundleSha256()).bind("bundleSize", v.bundleSize())
                .bind("metrics", Json.write(v.metrics())).bind("artifacts", Json.write(artifacts)).bind("provenance", Json.write(v.provenance()))
                .bind("parameters", Json.write(v.parameters())).bind("datasetId", v.datasetId()).bind("datasetSha", v.datasetSha256())
                .bind("jobId", v.jobId()).bind("createdBy", v.createdBy()).bind("createdAt", ts(v.createdAt()))
                .execute();
    }

    public List<ModelVersion> versions(Handle h, UUID modelId) {
        return h.createQuery("select " + VERSION_COLUMNS + " from model_versions where model_id = :id order by version")
                .bind("id", modelId).map(ModelRepository::mapVersion).list();
    }

    public Optional<ModelVersion> version(Handle h, UUID modelId, int version) {
        return h.createQuery("select " + VERSION_COLUMNS + " from model_versions where model_id = :id and version = :v")
                .bind("id", modelId).bind("v", version).map(ModelRepository::mapVersion).findOne();
    }

    public Optional<String> artifacts(Handle h, UUID modelId, int version) {
        return h.createQuery("select artifacts::text from model_versions where model_id = :id and version = :v")
                .bind("id", modelId).bind("v", version).mapTo(String.class).findOne();
    }

    public void setVersionStatus(Handle h, UUID modelId, int version, String status) {
        h.createUpdate("update model_versions set status = :status where model_id = :id and version = :v")
                .bind("status", status).bind("id", modelId).bind("v", version).execute();
    }

    public void setValidation(Handle h, UUID modelId, int version, Object report) {
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

    // ---- deployments

    /** Serialises deploys of one detection slot across instances (the lock ends with the transaction). */
    public void lockSlot(Handle h, String modelType) {
        h.createQuery("select pg_advisory_xact_lock(hashtext('deploy:' || :type))").bind("type", modelType)
                .mapTo(String.class).one();
    }

    public Optional<Deployment> activeDeployment(Handle h, String modelType) {
        return h.createQuery("select * from deployments where model_type = :type and active").bind("type", modelType)
                .map(ModelRepository::mapDeployment).findOne();
    }

    public void endDeployment(Handle h, long id, Instant at) {
        h.createUpdate("update deployments set active = false, ended_at = :at where id = :id").bind("at", ts(at)).bind("id", id).execute();
    }

    public Deployment insertDeployment(Handle h, String modelType, UUID modelId, int version, String action,
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
                .map(ModelRepository::mapDeployment).list();
    }

    // ---- mapping

    private static RegisteredModel mapModel(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RegisteredModel(
                rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("model_type"), rs.getString("algorithm"),
                Json.read(rs.getString("hyperparameters"), new TypeReference<Map<String, Object>>() {}),
                rs.getString("features") == null ? null : Json.read(rs.getString("features"), new TypeReference<List<String>>() {}),
                Json.read(rs.getString("drop_columns"), new TypeReference<List<String>>() {}),
                rs.getString("target_variable"),
                rs.getString("binarize") == null ? null : Json.read(rs.getString("binarize"), new TypeReference<Binarize>() {}),
                rs.getString("description"),
                Json.read(rs.getString("tags"), new TypeReference<List<String>>() {}),
                rs.getBoolean("prediction_cache"),
                ModelStatus.parse(rs.getString("status")),
                (Integer) rs.getObject("latest_version"), (Integer) rs.getObject("deployed_version"),
                rs.getString("owner"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static ModelVersion mapVersion(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ModelVersion(
                rs.getObject("model_id", UUID.class), rs.getInt("version"), rs.getString("status"),
                Json.read(rs.getString("metrics"), new TypeReference<Map<String, Double>>() {}),
                Json.read(rs.getString("provenance"), new TypeReference<JsonNode>() {}),
                Json.read(rs.getString("parameters"), new TypeReference<JsonNode>() {}),
                rs.getObject("dataset_id", UUID.class),
                rs.getString("dataset_sha256") == null ? null : rs.getString("dataset_sha256").trim(),
                rs.getObject("job_id", UUID.class),
                rs.getString("validation") == null ? null : Json.read(rs.getString("validation"), new TypeReference<JsonNode>() {}),
                rs.getString("bundle_sha256").trim(), rs.getLong("bundle_size"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("bundle_key"));
    }

    private static Map.Entry<UUID, ModelHeadline> mapHeadline(ResultSet rs, StatementContext ctx) throws SQLException {
        ModelHeadline.Validation validation = null;
        if (rs.getString("validation") != null) {
            JsonNode report = Json.read(rs.getString("validation"), new TypeReference<JsonNode>() {});
            validation = new ModelHeadline.Validation(UUID.fromString(report.path("datasetId").asText()), rs.getString("validation_dataset"),
                    report.path("passed").asBoolean(), Json.MAPPER.convertValue(report.get("validatedAt"), Instant.class),
                    Json.MAPPER.convertValue(report.get("metrics"), new TypeReference<Map<String, Double>>() {}));
        }
        return Map.entry(rs.getObject("model_id", UUID.class), new ModelHeadline(rs.getInt("version"), rs.getBoolean("deployed"),
                Json.read(rs.getString("metrics"), new TypeReference<Map<String, Double>>() {}), validation));
    }

    private static Deployment mapDeployment(ResultSet rs, StatementContext ctx) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Deployment(rs.getLong("id"), rs.getString("model_type"), rs.getObject("model_id", UUID.class),
                rs.getInt("version"), rs.getString("action"), rs.getBoolean("active"),
                rs.getObject("previous_model_id", UUID.class), (Integer) rs.getObject("previous_version"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), ended == null ? null : ended.toInstant());
    }

    private static boolean isRetryable(Throwable e) {
        return retryReason(e) != null;
    }

    private static String retryReason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return sql.getSQLState().equals("40P01") ? "deadlock" : "serialization conflict";
            }
            if (c instanceof SlotChangedException) {
                return "model changed its detection slot";
            }
        }
        return null;
    }

    /** A short random pause that grows with each attempt, so the two sides of a deadlock do not meet again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a model registry transaction", e);
        }
    }

    /** Thrown inside {@link #inTransactionRetrying} when a model's slot changed between reading it and locking the slot. */
    static final class SlotChangedException extends RuntimeException {
        SlotChangedException(UUID modelId) {
            super("model " + modelId + " changed its detection slot while it was being locked", null, false, false);
        }
    }

    private static ApiException uniqueName(UnableToExecuteStatementException e, String name) {
        if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
            return ApiException.conflict("a model named '" + name + "' already exists");
        }
        throw e;
    }



    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
