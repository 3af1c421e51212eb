package io.vigil.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.Json;
import io.vigil.server.datasets.DatasetUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** Rows of the registry's tables as records: the one place that knows their columns' types. */
final class RegistryRows {
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    private RegistryRows() {}

    static RegisteredModel model(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RegisteredModel(
                rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("model_type"), rs.getString("algorithm"),
                Json.read(rs.getString("hyperparameters"), new TypeReference<Map<String, Object>>() {}),
                rs.getString("features") == null ? null : Json.read(rs.getString("features"), NAMES),
                Json.read(rs.getString("drop_columns"), NAMES),
                rs.getString("target_variable"),
                rs.getString("binarize") == null ? null : Json.read(rs.getString("binarize"), new TypeReference<Binarize>() {}),
                rs.getString("description"),
                Json.read(rs.getString("tags"), NAMES),
                rs.getBoolean("prediction_cache"),
                ModelStatus.parse(rs.getString("status")),
                (Integer) rs.getObject("latest_version"), (Integer) rs.getObject("deployed_version"),
                rs.getString("owner"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("windows") == null ? null : Json.read(rs.getString("windows"), new TypeReference<WindowSpec>() {}));
    }

    static ModelVersion version(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ModelVersion(
                rs.getObject("model_id", UUID.class), rs.getInt("version"), VersionStatus.parse(rs.getString("status")),
                Json.read(rs.getString("metrics"), METRICS),
                Json.read(rs.getString("provenance"), new TypeReference<JsonNode>() {}),
                Json.read(rs.getString("parameters"), new TypeReference<JsonNode>() {}),
                rs.getObject("dataset_id", UUID.class),
                rs.getString("dataset_sha256") == null ? null : rs.getString("dataset_sha256").trim(),
                rs.getObject("job_id", UUID.class),
                rs.getString("validation") == null ? null : Json.read(rs.getString("validation"), new TypeReference<JsonNode>() {}),
                rs.getString("bundle_sha256").trim(), rs.getLong("bundle_size"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("bundle_key"));
    }

    /** A model's metrics from its {@code model_id} and {@code metrics} columns. */
    static Map.Entry<UUID, Map<String, Double>> metrics(ResultSet rs, StatementContext ctx) throws SQLException {
        return Map.entry(rs.getObject("model_id", UUID.class), Json.read(rs.getString("metrics"), METRICS));
    }

    static Map.Entry<UUID, ModelHeadline> headline(ResultSet rs, StatementContext ctx) throws SQLException {
        ModelHeadline.Validation validation = null;
        if (rs.getString("validation") != null) {
            JsonNode report = Json.read(rs.getString("validation"), new TypeReference<JsonNode>() {});
            validation = new ModelHeadline.Validation(UUID.fromString(report.path("datasetId").asText()), rs.getString("validation_dataset"),
                    report.path("passed").asBoolean(), Json.MAPPER.convertValue(report.get("validatedAt"), Instant.class),
                    Json.MAPPER.convertValue(report.get("metrics"), METRICS));
        }
        return Map.entry(rs.getObject("model_id", UUID.class), new ModelHeadline(rs.getInt("version"), rs.getBoolean("deployed"),
                Json.read(rs.getString("metrics"), METRICS), validation));
    }

    /** A version that used a dataset, from the flags {@code trained}, {@code evaluated} and {@code validated}. */
    static DatasetUsage.VersionUse datasetUse(ResultSet rs, StatementContext ctx) throws SQLException {
        List<String> uses = new ArrayList<>();
        if (rs.getBoolean("trained")) {
            uses.add("trained on");
        }
        if (rs.getBoolean("evaluated")) {
            uses.add("evaluated on");
        }
        if (rs.getBoolean("validated")) {
            uses.add("validated on");
        }
        return new DatasetUsage.VersionUse(rs.getObject("model_id", UUID.class), rs.getString("name"), rs.getInt("version"),
                List.copyOf(uses));
    }

    static Deployment deployment(ResultSet rs, StatementContext ctx) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Deployment(rs.getLong("id"), rs.getString("model_type"), rs.getObject("model_id", UUID.class),
                rs.getInt("version"), rs.getString("action"), rs.getBoolean("active"),
                rs.getObject("previous_model_id", UUID.class), (Integer) rs.getObject("previous_version"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), ended == null ? null : ended.toInstant());
    }
}
