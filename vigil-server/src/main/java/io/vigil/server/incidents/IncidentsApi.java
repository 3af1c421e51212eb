package io.vigil.server.incidents;

import io.javalin.http.Context;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/** HTTP handlers of {@code /ml/incidents}: list, one incident, triage, notes, and its report. */
public final class IncidentsApi {
    private final Incidents incidents;
    private final IncidentReports reports;

    public IncidentsApi(Incidents incidents, IncidentReports reports) {
        this.incidents = incidents;
        this.reports = reports;
    }

    /** Filters {@code status}, {@code severity}, {@code entity}, {@code assignee}, {@code modelType}, {@code since}/{@code until}; latest first. */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        String status = p.oneOf("status", null, Set.copyOf(Incident.STATUSES));
        String severity = p.oneOf("severity", null, Set.of("info", "warning", "critical"));
        String entity = p.text("entity", 256);
        String assignee = p.text("assignee", RequestLimits.NAME_LENGTH);
        String modelType = p.text("modelType", RequestLimits.MODEL_NAME_LENGTH);
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (since != null && until != null && !since.isBefore(until)) {
            p.add("until", "must be after 'since'");
        }
        p.throwIfInvalid();
        ctx.json(incidents.list(new IncidentFilter(status, severity, entity, assignee, modelType, since, until), page, size));
    }

    public void get(Context ctx) {
        ctx.json(incidents.get(Params.pathId(ctx, "incident")));
    }

    /** {@code PATCH /ml/incidents/{id}}: status and/or assignee, with a note. */
    public void update(Context ctx) {
        var id = Params.pathId(ctx, "incident");
        ctx.json(incidents.update(id, Bodies.json(ctx, IncidentUpdate.class), Callers.of(ctx)));
    }

    /** The body of {@code POST /ml/incidents/{id}/notes}. */
    public record NoteRequest(String text) {}

    public void note(Context ctx) {
        var id = Params.pathId(ctx, "incident");
        ctx.status(201).json(incidents.note(id, Bodies.json(ctx, NoteRequest.class).text(), Callers.of(ctx)));
    }

    /**
     * {@code GET /ml/incidents/{id}/report}: JSON, or {@code format=markdown} / {@code format=html}
     * (also chosen by an {@code Accept} of {@code text/markdown} or {@code text/html}).
     */
    public void report(Context ctx) {
        Params p = new Params(ctx);
        String format = p.oneOf("format", null, Set.of("json", "markdown", "html"));
        p.throwIfInvalid();
        var id = Params.pathId(ctx, "incident");
        if (format == null) {
            String accept = ctx.header("Accept");
            format = accept == null ? "json" : accept.contains("text/html") ? "html" : accept.contains("text/markdown") ? "markdown" : "json";
        }
        IncidentReport report = reports.report(id);
        switch (format) {
            case "markdown" -> Bodies.send(ctx, "text/markdown; charset=utf-8", ReportRendering.markdown(report).getBytes(StandardCharsets.UTF_8));
            case "html" -> {
                ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"); // a report runs no script
                Bodies.send(ctx, "text/html; charset=utf-8", ReportRendering.html(report).getBytes(StandardCharsets.UTF_8));
            }
            default -> ctx.json(report);
        }
    }
}
