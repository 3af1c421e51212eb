package io.vigil.server.monitoring.retraining;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code retraining_triggers} (V17): every trigger and its outcome. Deciding a trigger is claimed
 * by one conditional update ({@link #claimDecision}), so one instance decides each, once.
 */
final class TriggerRepository {
    private static final String COLUMNS = "id, model_id, reason, observed, threshold, detail::text as detail, triggered_at,"
            + " triggered_by, champion_version, promotion, job_id, base_dataset_id, feedback_dataset_id, training_dataset_id,"
            + " feedback_rows, feedback_until, outcome, outcome_detail, new_version, comparison::text as comparison, decided_at";

    private final Jdbi jdbi;

    TriggerRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Trigger t) {
        jdbi.useHandle(h -> h.createUpdate("insert into retraining_triggers (id, model_id, reason, observed, threshold, detail,"
                        + " triggered_at, triggered_by, champion_version, promotion, job_id, base_dataset_id, feedback_dataset_id,"
                        + " training_dataset_id, feedback_rows, feedback_until, outcome, outcome_detail, decided_at) values (:id, :model,"
                        + " :reason, cast(:observed as float8), cast(:threshold as float8), cast(:detail as jsonb), :at, :by, :champion,"
                        + " :promotion, cast(:job as uuid), cast(:base as uuid), cast(:feedback as uuid), cast(:training as uuid),"
                        + " :feedbackRows, cast(:feedbackUntil as timestamptz), :outcome, :outcomeDetail, cast(:decidedAt as timestamptz))")
                .bind("id", t.id()).bind("model", t.modelId()).bind("reason", t.reason()).bind("observed", t.observed())
                .bind("threshold", t.threshold()).bind("detail", Json.write(t.detail())).bind("at", ts(t.triggeredAt()))
                .bind("by", t.triggeredBy()).bind("champion", t.championVersion()).bind("promotion", t.promotion())
                .bind("job", t.jobId()).bind("base", t.baseDatasetId()).bind("feedback", t.feedbackDatasetId())
                .bind("training", t.trainingDatasetId()).bind("feedbackRows", t.feedbackRows())
                .bind("feedbackUntil", ts(t.feedbackUntil())).bind("outcome", t.outcome()).bind("outcomeDetail", t.outcomeDetail())
                .bind("decidedAt", ts(t.decidedAt()))
                .execute());
    }

    Optional<Trigger> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from retraining_triggers where id = :id").bind("id", id)
                .map((rs, ctx) -> trigger(rs)).findOne());
    }

    Optional<Trigger> byJob(UUID jobId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from retraining_triggers where job_id = :job").bind("job", jobId)
                .map((rs, ctx) -> trigger(rs)).findOne());
    }

    /** The model's triggers, newest first. */
    Page<Trigger> history(UUID modelId, int page, int size) {
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from retraining_triggers where model_id = :model").bind("model", modelId)
                    .mapTo(Long.class).one();
            List<Trigger> items = h.createQuery("select " + COLUMNS + " from retraining_triggers where model_id = :model"
                            + " order by triggered_at desc, id desc limit :limit offset :offset")
                    .bind("model", modelId).bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map((rs, ctx) -> trigger(rs)).list();
            return Page.of(items, page, size, total);
        });
    }

    /** The triggers still waiting for a decision whose claim, if any, is older than {@code staleBefore}. */
    List<UUID> undecided(Instant staleBefore) {
        return jdbi.withHandle(h -> h.createQuery("select id from retraining_triggers where outcome = 'training'"
                        + " or (outcome = 'deciding' and claimed_at < :stale) order by triggered_at")
                .bind("stale", ts(staleBefore)).mapTo(UUID.class).list());
    }

    /**
     * Claims the decision of trigger {@code id} for this instance: true when it was waiting for one
     * (or its claim is older than {@code staleBefore}, its claimer gone).
     */
    boolean claimDecision(UUID id, Instant now, Instant staleBefore) {
        return jdbi.withHandle(h -> h.createUpdate("update retraining_triggers set outcome = 'deciding', claimed_at = :now"
                        + " where id = :id and (outcome = 'training' or (outcome = 'deciding' and claimed_at < :stale))")
                .bind("id", id).bind("now", ts(now)).bind("stale", ts(staleBefore)).execute()) == 1;
    }

    /** Records the decision. */
    void decide(UUID id, String outcome, String detail, Integer newVersion, Object comparison, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("update retraining_triggers set outcome = :outcome, outcome_detail = :detail,"
                        + " new_version = cast(:version as int), comparison = cast(:comparison as jsonb), decided_at = :at where id = :id")
                .bind("id", id).bind("outcome", outcome).bind("detail", detail).bind("version", newVersion)
                .bind("comparison", comparison == null ? null : Json.write(comparison)).bind("at", ts(at)).execute());
    }

    /** When the feedback the training of job {@code jobId} took ends; empty if no trigger queued it, or it took none. */
    Optional<Instant> feedbackUntil(UUID jobId) {
        return jdbi.withHandle(h -> h.createQuery("select feedback_until from retraining_triggers where job_id = :job"
                        + " and feedback_until is not null")
                .bind("job", jobId).mapTo(OffsetDateTime.class).findOne()).map(OffsetDateTime::toInstant);
    }

    private static Trigger trigger(ResultSet rs) throws SQLException {
        String comparison = rs.getString("comparison");
        Integer newVersion = (Integer) rs.getObject("new_version");
        return new Trigger(rs.getObject("id", UUID.class), rs.getObject("model_id", UUID.class), rs.getString("reason"),
                (Double) rs.getObject("observed"), (Double) rs.getObject("threshold"),
                Json.read(rs.getString("detail"), new TypeReference<Map<String, Object>>() {}),
                instant(rs, "triggered_at"), rs.getString("triggered_by"), rs.getInt("champion_version"), rs.getString("promotion"),
                rs.getObject("job_id", UUID.class), rs.getObject("base_dataset_id", UUID.class),
                rs.getObject("feedback_dataset_id", UUID.class), rs.getObject("training_dataset_id", UUID.class),
                rs.getInt("feedback_rows"), instant(rs, "feedback_until"), rs.getString("outcome"), rs.getString("outcome_detail"),
                newVersion, comparison == null ? null : Json.readTree(comparison), instant(rs, "decided_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
