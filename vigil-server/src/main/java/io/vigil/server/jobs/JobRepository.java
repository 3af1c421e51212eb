package io.vigil.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code jobs} and {@code job_logs} tables. Every statement about jobs is here. */
final class JobRepository {
    private static final String COLUMNS = "id, kind, model_id, state, priority, payload::text as payload, "
            + "result::text as result, error, attempts, max_attempts, time_limit_seconds, cancel_requested, "
            + "progress_fraction, phase, current_round, total_rounds, worker, created_by, created_at, started_at, "
            + "finished_at, updated_at";
    private static final String FILTER = " where (cast(:state as text) is null or state = :state)"
            + " and (cast(:modelId as uuid) is null or model_id = cast(:modelId as uuid))"
            + " and (cast(:kind as text) is null or kind = :kind)";
    static final int MAX_MESSAGE_LENGTH = 4000;

    private final Jdbi jdbi;

    JobRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Inserts a queued job created at {@code createdAt} (also its first {@code updatedAt}). */
    Job insert(Handle h, NewJob job, Instant createdAt) {
        return h.createQuery("insert into jobs (id, kind, model_id, state, priority, payload, time_limit_seconds, max_attempts, "
                        + "created_by, created_at, updated_at) values (:id, :kind, cast(:modelId as uuid), 'queued', :priority, "
                        + "cast(:payload as jsonb), :timeLimit, :maxAttempts, :createdBy, :createdAt, :createdAt) returning " + COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("kind", job.kind())
                .bindByType("modelId", job.modelId(), UUID.class)
                .bind("priority", job.priority())
                .bind("payload", toJson(job.payload()))
                .bind("timeLimit", job.timeLimitSeconds())
                .bind("maxAttempts", job.maxAttempts())
                .bind("createdBy", job.createdBy())
                .bind("createdAt", Timestamp.from(createdAt))
                .map(JobRepository::map).one();
    }

    Optional<Job> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from jobs where id = :id")
                .bind("id", id).map(JobRepository::map).findOne());
    }

    /** Reads and row-locks the job until the handle's transaction ends. */
    Optional<Job> findForUpdate(Handle h, UUID id) {
        return h.createQuery("select " + COLUMNS + " from jobs where id = :id for update")
                .bind("id", id).map(JobRepository::map).findOne();
    }

    Page<Job> list(JobFilter filter, int page, int size) {
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from jobs" + FILTER)
                    .bind("state", filter.state() == null ? null : filter.state().wire())
                    .bindByType("modelId", filter.modelId(), UUID.class)
                    .bind("kind", filter.kind())
                    .mapTo(Long.class).one();
            List<Job> items = h.createQuery("select " + COLUMNS + " from jobs" + FILTER
                            + " order by created_at desc, seq desc limit :limit offset :offset")
                    .bind("state", filter.state() == null ? null : filter.state().wire())
                    .bindByType("modelId", filter.modelId(), UUID.class)
                    .bind("kind", filter.kind())
                    .bind("limit", size)
                    .bind("offset", (long) (page - 1) * size)
                    .map(JobRepository::map).list();
            return Page.of(items, page, size, total);
        });
    }

    /** Queued and running jobs by state and kind (the claim index starts with the state). */
    List<JobQueue.JobCount> countActive() {
        return jdbi.withHandle(h -> h.createQuery("select state, kind, count(*) as n from jobs where state in ('queued', 'running')"
                        + " group by state, kind")
                .map((rs, ctx) -> new JobQueue.JobCount(JobState.fromWire(rs.getString("state")), rs.getString("kind"), rs.getLong("n")))
                .list());
    }

    /** Queued and running jobs of a model, oldest first. */
    List<Job> active(UUID modelId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from jobs where model_id = :modelId"
                        + " and state in ('queued', 'running') order by created_at, seq")
                .bind("modelId", modelId).map(JobRepository::map).list());
    }

    /** Queued and running jobs whose payload has {@code value} in one of {@code fields}, oldest first, in {@code h}'s transaction. */
    List<Job> activeNaming(Handle h, Collection<String> fields, String value) {
        return h.createQuery("select " + COLUMNS + " from jobs where state in ('queued', 'running')"
                        + " and exists (select 1 from unnest(:fields) as f(name) where payload ->> f.name = :value)"
                        + " order by created_at, seq")
                .bindArray("fields", String.class, fields).bind("value", value)
                .map(JobRepository::map).list();
    }

    /** Every running job, on any instance (for the sweeper). */
    List<Job> running() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from jobs where state = 'running'")
                .map(JobRepository::map).list());
    }

    Job markCancelledWhileQueued(Handle h, UUID id) {
        return h.createQuery("update jobs set state = 'cancelled', cancel_requested = true, "
                        + "finished_at = clock_timestamp(), updated_at = clock_timestamp() where id = :id returning " + COLUMNS)
                .bind("id", id).map(JobRepository::map).one();
    }

    Job requestCancel(Handle h, UUID id) {
        return h.createQuery("update jobs set cancel_requested = true, updated_at = clock_timestamp() "
                        + "where id = :id returning " + COLUMNS)
                .bind("id", id).map(JobRepository::map).one();
    }

    Job setPriority(Handle h, UUID id, int priority) {
        return h.createQuery("update jobs set priority = :priority, updated_at = clock_timestamp() "
                        + "where id = :id returning " + COLUMNS)
                .bind("id", id).bind("priority", priority).map(JobRepository::map).one();
    }

    /**
     * The next queued job of one of these kinds, row-locked (skipping rows other claimers hold)
     * until the handle's transaction ends.
     */
    Optional<Job> nextQueued(Handle h, Collection<String> kinds) {
        return h.createQuery("select " + COLUMNS + " from jobs where state = 'queued' and kind = any(:kinds) "
                        + "order by priority desc, created_at, seq limit 1 for update skip locked")
                .bindArray("kinds", String.class, kinds)
                .map(JobRepository::map).findOne();
    }

    /** Marks a (locked, queued) job running for this worker. */
    Job markRunning(Handle h, UUID id, String worker) {
        return h.createQuery("update jobs set state = 'running', attempts = attempts + 1, worker = :worker, "
                        + "started_at = clock_timestamp(), finished_at = null, updated_at = clock_timestamp(), "
                        + "progress_fraction = 0, phase = null, current_round = null, total_rounds = null, "
                        + "error = null, result = null where id = :id returning " + COLUMNS)
                .bind("id", id).bind("worker", worker).map(JobRepository::map).one();
    }

    /** Stores progress of this run (ignored if the run is no longer the current one). */
    void saveProgress(UUID id, int attempt, JobProgress p) {
        jdbi.useHandle(h -> h.createUpdate("update jobs set progress_fraction = :fraction, phase = :phase, "
                        + "current_round = :round, total_rounds = :totalRounds, updated_at = clock_timestamp() "
                        + "where id = :id and state = 'running' and attempts = :attempt")
                .bind("id", id).bind("attempt", attempt)
                .bind("fraction", p.fraction()).bind("phase", p.phase())
                .bind("round", p.round()).bind("totalRounds", p.totalRounds())
                .execute());
    }

    /** Ends this run of the job; empty if it is not (any more) the running attempt. */
    Optional<Job> finish(Handle h, UUID id, int attempt, JobState state, JsonNode result, String error,
                         JobProgress p) {
        return h.createQuery("update jobs set state = :state, result = cast(:result as jsonb), error = :error, "
                        + "finished_at = clock_timestamp(), updated_at = clock_timestamp(), "
                        + "progress_fraction = :fraction, phase = :phase, current_round = :round, total_rounds = :totalRounds "
                        + "where id = :id and state = 'running' and attempts = :attempt returning " + COLUMNS)
                .bind("id", id).bind("attempt", attempt)
                .bind("state", state.wire())
                .bind("result", result == null ? null : toJson(result))
                .bind("error", truncate(error))
                .bind("fraction", p.fraction()).bind("phase", p.phase())
                .bind("round", p.round()).bind("totalRounds", p.totalRounds())
                .map(JobRepository::map).findOne();
    }

    /**
     * Puts this run's job back in the queue, progress reset; {@code refundAttempt} when the run
     * should not count (a clean shutdown). Empty if it is not (any more) the running attempt.
     */
    Optional<Job> requeue(Handle h, UUID id, int attempt, boolean refundAttempt) {
        return h.createQuery("update jobs set state = 'queued', worker = null, started_at = null, "
                        + "attempts = attempts - :refund, progress_fraction = 0, phase = null, current_round = null, "
                        + "total_rounds = null, updated_at = clock_timestamp() "
                        + "where id = :id and state = 'running' and attempts = :attempt returning " + COLUMNS)
                .bind("id", id).bind("attempt", attempt).bind("refund", refundAttempt ? 1 : 0)
                .map(JobRepository::map).findOne();
    }

    /** The running jobs among these, as stored now: what the cancel poller checks. */
    List<Job> runningAmong(Collection<UUID> ids) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from jobs where id = any(:ids)")
                .bindArray("ids", UUID.class, ids).map(JobRepository::map).list());
    }

    JobLogLine insertLog(UUID jobId, JobLogLevel level, String message) {
        return jdbi.withHandle(h -> insertLog(h, jobId, level, message));
    }

    JobLogLine insertLog(Handle h, UUID jobId, JobLogLevel level, String message) {
        return h.createQuery("insert into job_logs (job_id, level, message) values (:jobId, :level, :message) "
                        + "returning seq, at, level, message")
                .bind("jobId", jobId).bind("level", level.wire())
                .bind("message", truncate(message == null ? "" : message))
                .map(JobRepository::mapLog).one();
    }

    List<JobLogLine> logs(UUID jobId, long sinceSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select seq, at, level, message from job_logs "
                        + "where job_id = :jobId and seq > :since order by seq limit :limit")
                .bind("jobId", jobId).bind("since", sinceSeq).bind("limit", limit)
                .map(JobRepository::mapLog).list());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getObject("model_id", UUID.class),
                JobState.fromWire(rs.getString("state")),
                rs.getInt("priority"),
                new JobProgress(rs.getDouble("progress_fraction"), rs.getString("phase"),
                        rs.getObject("current_round", Integer.class), rs.getObject("total_rounds", Integer.class)),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getObject("time_limit_seconds", Integer.class),
                rs.getBoolean("cancel_requested"),
                rs.getString("error"),
                fromJson(rs.getString("result")),
                fromJson(rs.getString("payload")),
                rs.getString("created_by"),
                rs.getString("worker"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static JobLogLine mapLog(ResultSet rs, StatementContext ctx) throws SQLException {
        return new JobLogLine(rs.getLong("seq"), instant(rs.getTimestamp("at")),
                JobLogLevel.fromWire(rs.getString("level")), rs.getString("message"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String toJson(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job JSON cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode fromJson(String text) {
        if (text == null) {
            return null;
        }
        return Json.readTree(text);
    }
}
