package io.vigil.server.monitoring.alerts;

import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import io.vigil.server.models.ModelRepository;
import java.time.Instant;
import java.util.UUID;

/**
 * HTTP handlers of the alerts ({@code /ml/alerts}, {@code /ml/models/{id}/alerts}, acknowledge and
 * resolve) and of their rules ({@code /ml/alerts/rules}).
 */
public final class AlertsApi {
    private final Alerts alerts;
    private final AlertRules rules;
    private final ModelRepository models;

    AlertsApi(Alerts alerts, AlertRules rules, ModelRepository models) {
        this.alerts = alerts;
        this.rules = rules;
        this.models = models;
    }

    /**
     * {@code GET /ml/alerts}: filters {@code state}, {@code severity}, {@code kind}, {@code modelId},
     * {@code ruleId}, {@code since} (seen at or after), {@code until} (begun before); the most recently seen first.
     */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        UUID model = p.uuid("modelId");
        list(ctx, p, model);
    }

    /** {@code GET /ml/models/{id}/alerts}: the same filters, about one model (404 for no such model). */
    public void ofModel(Context ctx) {
        UUID model = Params.pathId(ctx, "model");
        Params p = new Params(ctx);
        models.get(model);
        list(ctx, p, model);
    }

    private void list(Context ctx, Params p, UUID model) {
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        String state = p.oneOf("state", null, java.util.Set.of("firing", "acknowledged", "resolved", "open"));
        String severity = p.oneOf("severity", null, java.util.Set.of("info", "warning", "critical"));
        String kind = p.oneOf("kind", null, java.util.Arrays.stream(RuleKind.values()).map(RuleKind::wire)
                .collect(java.util.stream.Collectors.toSet()));
        UUID rule = p.uuid("ruleId");
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (since != null && until != null && !since.isBefore(until)) {
            p.add("until", "must be after 'since'");
        }
        p.throwIfInvalid();
        AlertFilter filter = new AlertFilter("open".equals(state) ? null : AlertState.parse(state).orElse(null), "open".equals(state),
                Severity.parse(severity).orElse(null), model, rule, RuleKind.parse(kind).orElse(null), since, until);
        ctx.json(alerts.list(filter, page, size));
    }

    public void get(Context ctx) {
        ctx.json(alerts.get(Params.pathId(ctx, "alert")));
    }

    /** {@code POST /ml/alerts/{id}/acknowledge}: a firing alert taken on (409 if it is not firing). */
    public void acknowledge(Context ctx) {
        ctx.json(alerts.acknowledge(Params.pathId(ctx, "alert"), Callers.of(ctx)));
    }

    /** {@code POST /ml/alerts/{id}/resolve}: an open alert resolved (409 if it is resolved). */
    public void resolve(Context ctx) {
        ctx.json(alerts.resolve(Params.pathId(ctx, "alert"), Callers.of(ctx)));
    }

    public void listRules(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 100, 1, 500);
        p.throwIfInvalid();
        ctx.json(rules.list(page, size));
    }

    public void createRule(Context ctx) {
        AlertRule rule = rules.create(Bodies.json(ctx, AlertRuleRequest.class), Callers.of(ctx));
        ctx.status(201).header("Location", "/ml/alerts/rules/" + rule.id()).json(rule);
    }

    public void getRule(Context ctx) {
        ctx.json(rules.get(Params.pathId(ctx, "alert rule")));
    }

    public void updateRule(Context ctx) {
        UUID id = Params.pathId(ctx, "alert rule");
        ctx.json(rules.update(id, Bodies.json(ctx, AlertRuleRequest.class), Callers.of(ctx)));
    }

    public void deleteRule(Context ctx) {
        rules.delete(Params.pathId(ctx, "alert rule"), Callers.of(ctx));
        ctx.status(204);
    }
}
