package io.vigil.server.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.http.Context;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** HTTP handlers of {@code /ml/jobs}. */
public final class JobsApi {
    private static final Set<String> STATES = Arrays.stream(JobState.values()).map(JobState::wire).collect(Collectors.toSet());

    private static final int LOG_LINES_WITH_JOB = 500;

    private final JobQueue queue;

    public JobsApi(JobQueue queue) {
        this.queue = queue;
    }

    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        String state = p.oneOf("state", null, STATES);
        String model = p.text("modelId", 36);
        String kind = p.text("kind", RequestLimits.NAME_LENGTH);
        UUID modelId = null;
        if (model != null) {
            try {
                modelId = UUID.fromString(model);
            } catch (IllegalArgumentException e) {
                p.add("modelId", "must be a UUID");
            }
        }
        p.throwIfInvalid();
        ctx.json(queue.list(new JobFilter(state == null ? null : JobState.parse(state).orElseThrow(), modelId, kind), page, size));
    }

    /** The job with its log lines (the first {@value #LOG_LINES_WITH_JOB}; the rest at {@code /logs}). */
    public void get(Context ctx) {
        UUID id = id(ctx);
        ctx.json(new JobWithLogs(queue.get(id), queue.logs(id, 0, LOG_LINES_WITH_JOB)));
    }

    public void cancel(Context ctx) {
        ctx.json(queue.cancel(id(ctx)));
    }

    public void update(Context ctx) {
        UUID id = id(ctx);
        PriorityChange change = Bodies.json(ctx, PriorityChange.class);
        FieldErrors errors = new FieldErrors();
        if (errors.required("priority", change.priority(), "is required")) {
            errors.integer("priority", change.priority(), RequestLimits.PRIORITY_MIN, RequestLimits.PRIORITY_MAX);
        }
        errors.throwIfAny();
        ctx.json(queue.changePriority(id, change.priority()));
    }

    public void logs(Context ctx) {
        UUID id = id(ctx);
        Params p = new Params(ctx);
        long since = p.longValue("since", 0, 0, Long.MAX_VALUE);
        int limit = p.integer("limit", 1000, 1, 5000);
        p.throwIfInvalid();
        queue.get(id);
        List<JobLogLine> lines = queue.logs(id, since, limit);
        ctx.json(new LogPage(id, lines, lines.isEmpty() ? since : lines.get(lines.size() - 1).seq()));
    }

    /** {@code PATCH /ml/jobs/{id}}: only the priority can change. */
    public record PriorityChange(Integer priority) {}

    /** {@code GET /ml/jobs/{id}}: the job, with its first log lines. */
    public record JobWithLogs(@JsonUnwrapped Job job, List<JobLogLine> logs) {}

    /** {@code GET /ml/jobs/{id}/logs}: lines after {@code since}, and the {@code since} to ask for the next ones. */
    public record LogPage(UUID jobId, List<JobLogLine> lines, long next) {}

    private static UUID id(Context ctx) {
        return Params.pathId(ctx, "job");
    }
}
