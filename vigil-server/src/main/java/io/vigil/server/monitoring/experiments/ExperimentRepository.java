package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The {@code experiments} table and the shadow counts beside it (V16). */
final class ExperimentRepository {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    ExperimentRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new running experiment; a 409 when its slot runs one already (on any instance). */
    void insert(Experiment e) {
        try {
            jdbi.useHandle(h -> h.createUpdate("insert into experiments (id, name, model_type, champion_model_id, champion_version,"
                            + " challenger_model_id, challenger_version, mode, split, sticky_key, primary_metric, positive_class,"
                            + " normal_class, min_samples, alpha, auto_promote, auto_stop, max_duration_seconds, status, looks,"
                            + " started_at, started_by) values (:id, :name, :type, :championId, :championVersion, :challengerId,"
                            + " :challengerVersion, :mode, :split, :sticky, :metric, :positive, :normal, :minSamples, :alpha,"
                            + " :autoPromote, :autoStop, :maxSeconds, 'running', 0, :at, :by)")
                    .bind("id", e.id()).bind("name", e.name()).bind("type", e.modelType())
                    .bind("championId", e.champion().modelId()).bind("championVersion", e.champion().version())
                    .bind("challengerId", e.challenger().modelId()).bind("challengerVersion", e.challenger().version())
                    .bind("mode", e.mode()).bind("split", e.split()).bind("sticky", e.stickyKey()).bind("metric", e.primaryMetric().wire())
                    .bind("positive", e.positiveClass()).bind("normal", e.normalClass()).bind("minSamples", e.minSamples())
                    .bind("alpha", e.alpha()).bind("autoPromote", e.autoPromote()).bind("autoStop", e.autoStop())
                    .bind("maxSeconds", e.maxDurationMinutes() == null ? null : e.maxDurationMinutes() * 60L)
                    .bind("at", e.startedAt().atOffset(ZoneOffset.UTC)).bind("by", e.startedBy()).execute());
        } catch (UnableToExecuteStatementException ex) {
            if (ex.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw VigilException.conflict("an experiment is already running for modelType '" + e.modelType()
                        + "'; stop it first (GET /ml/experiments?status=running)");
            }
            throw ex;
        }
    }

    Optional<Experiment> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select * from experiments where id = :id").bind("id", id)
                .map((rs, ctx) -> experiment(rs)).findOne());
    }

    Experiment get(UUID id) {
        return find(id).orElseThrow(() -> VigilException.notFound("no experiment with id " + id));
    }

    /** The running experiments (at most one per slot): what serving routes by. */
    List<Experiment> running() {
        return jdbi.withHandle(h -> h.createQuery("select * from experiments where status = 'running'")
                .map((rs, ctx) -> experiment(rs)).list());
    }

    /** One page, newest first; {@code status} and {@code modelType} filter when given. */
    Page<Experiment> list(String status, String modelType, int page, int size) {
        String where = " where (cast(:status as text) is null or status = :status) and (cast(:type as text) is null or model_type = :type)";
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from experiments" + where).bind("status", status).bind("type", modelType)
                    .mapTo(Long.class).one();
            List<Experiment> items = h.createQuery("select * from experiments" + where
                            + " order by started_at desc, id limit :limit offset :offset")
                    .bind("status", status).bind("type", modelType).bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map((rs, ctx) -> experiment(rs)).list();
            return Page.of(items, page, size, total);
        });
    }

    /**
     * Ends a running experiment with its decision's figures; false when it had ended already (another
     * instance, or another request, decided first).
     */
    boolean end(UUID id, ExperimentStatus status, Instant at, String by, String reason, Object decision) {
        return jdbi.withHandle(h -> h.createUpdate("update experiments set status = :status, ended_at = :at, ended_by = :by,"
                        + " end_reason = :reason, decision = cast(:decision as jsonb) where id = :id and status = 'running'")
                .bind("status", status.wire()).bind("at", at.atOffset(ZoneOffset.UTC)).bind("by", by).bind("reason", reason)
                .bind("decision", decision == null ? null : Json.write(decision)).bind("id", id).execute()) == 1;
    }

    /** Records that look {@code look} was taken (only if it is the next one: two evaluations never count one look twice). */
    void lookTaken(UUID id, int look) {
        jdbi.useHandle(h -> h.createUpdate("update experiments set looks = :next where id = :id and looks = :look and status = 'running'")
                .bind("next", look + 1).bind("look", look).bind("id", id).execute());
    }

    /** Adds an instance's shadow counts (they add up across instances). */
    void addShadowCounts(Map<UUID, ShadowFigures> counts) {
        jdbi.useTransaction(h -> counts.forEach((id, c) -> h.createUpdate("insert into experiment_shadow_counts as s (experiment_id,"
                        + " compared, agreed, dropped, failed) select :id, :compared, :agreed, :dropped, :failed"
                        + " where exists (select 1 from experiments where id = :id)"
                        + " on conflict (experiment_id) do update set compared = s.compared + excluded.compared,"
                        + " agreed = s.agreed + excluded.agreed, dropped = s.dropped + excluded.dropped, failed = s.failed + excluded.failed")
                .bind("id", id).bind("compared", c.compared()).bind("agreed", c.agreed()).bind("dropped", c.dropped())
                .bind("failed", c.failed()).execute()));
    }

    /** The shadow counts of every instance, added. */
    ShadowFigures shadowCounts(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select compared, agreed, dropped, failed from experiment_shadow_counts"
                        + " where experiment_id = :id").bind("id", id)
                .map((rs, ctx) -> new ShadowFigures(rs.getLong("compared"), rs.getLong("agreed"), rs.getLong("dropped"), rs.getLong("failed")))
                .findOne().orElse(ShadowFigures.NONE));
    }

    /** The constant of {@code type} stored as its lower-case name. */
    static <E extends Enum<E>> E wire(Class<E> type, String stored) {
        return Enum.valueOf(type, stored.toUpperCase(java.util.Locale.ROOT));
    }

    private static Experiment experiment(ResultSet rs) throws SQLException {
        long maxSeconds = rs.getLong("max_duration_seconds");
        Integer maxMinutes = rs.wasNull() ? null : (int) (maxSeconds / 60);
        String decision = rs.getString("decision");
        OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
        return new Experiment(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("model_type"),
                new VersionRef(rs.getObject("champion_model_id", UUID.class), rs.getInt("champion_version")),
                new VersionRef(rs.getObject("challenger_model_id", UUID.class), rs.getInt("challenger_version")),
                rs.getString("mode"), rs.getDouble("split"), rs.getString("sticky_key"), wire(PrimaryMetric.class, rs.getString("primary_metric")),
                rs.getString("positive_class"), rs.getString("normal_class"), rs.getInt("min_samples"), rs.getDouble("alpha"),
                rs.getBoolean("auto_promote"), rs.getBoolean("auto_stop"), maxMinutes, wire(ExperimentStatus.class, rs.getString("status")),
                rs.getInt("looks"), rs.getObject("started_at", OffsetDateTime.class).toInstant(), rs.getString("started_by"),
                ended == null ? null : ended.toInstant(), rs.getString("ended_by"), rs.getString("end_reason"),
                decision == null ? null : Json.readTree(decision));
    }
}
