package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil alerts rules list|create|delete} over {@code /ml/alerts/rules}. */
@Command(name = "rules", description = "The alert rules: those of the configuration (alerts.rules) and those made here.")
public final class AlertRulesCommand {
    @ParentCommand
    AlertsCommand alerts;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Every rule, by name.")
    int list() {
        return alerts.cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/alerts/rules").param("size", 500)), (answer, out) -> {
            Table table = new Table("name", "kind", "model", "threshold", "window", "severity", "cooldown", "enabled", "source", "id");
            for (JsonNode r : answer.path("items")) {
                table.row(Formats.text(r, "name"), Formats.text(r, "kind"), r.path("modelName").isNull() ? "(all deployed)"
                                : Formats.text(r, "modelName"), Formats.text(r, "threshold"), Formats.text(r, "window"),
                        Formats.text(r, "severity"), Formats.text(r, "cooldown"), r.path("enabled").asBoolean() ? "yes" : "no",
                        Formats.text(r, "source"), Formats.text(r, "id"));
            }
            Pages.print(table, answer, "rule", out);
        }));
    }

    @Command(name = "create", description = "Make a rule; what is left out has its kind's default.")
    int create(@Option(names = "--name", required = true, paramLabel = "N") String name,
               @Option(names = "--kind", required = true, paramLabel = "K", description = "drift_share, accuracy_drop, error_rate,"
                       + " latency_p99, class_mix_shift, threat_prediction, experiment_decision or retraining") String kind,
               @Option(names = "--model", paramLabel = "M", description = "the one model it watches (id or name); default: every deployed model")
               String model,
               @Option(names = "--threshold", paramLabel = "X", description = "by kind: a share, points of accuracy (0.05), ms, a distance,"
                       + " a confidence") Double threshold,
               @Option(names = "--floor", paramLabel = "X", description = "accuracy_drop: fire below this accuracy too") Double floor,
               @Option(names = "--class", paramLabel = "C", description = "threat_prediction: an attack class (repeat; default: all but normal)")
               List<String> classes,
               @Option(names = "--baseline", paramLabel = "B", description = "class_mix_shift: reference or previous") String baseline,
               @Option(names = "--window", paramLabel = "W", description = "15m, 1h, 24h, 7d") String window,
               @Option(names = "--min-samples", paramLabel = "N") Integer minSamples,
               @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical") String severity,
               @Option(names = "--cooldown", paramLabel = "C", description = "0, 15m, 1h... (default 30m)") String cooldown,
               @Option(names = "--channel", paramLabel = "ID", description = "a channel's id (repeat)") List<String> channels,
               @Option(names = "--disabled", description = "made disabled") boolean disabled,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        return alerts.cli.run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("kind", kind);
            put(body, "modelId", Names.model(session.api(), model));
            put(body, "threshold", threshold);
            put(body, "floor", floor);
            put(body, "classes", classes);
            put(body, "baseline", baseline);
            put(body, "window", window);
            put(body, "minSamples", minSamples);
            put(body, "severity", severity);
            put(body, "cooldown", cooldown);
            put(body, "channels", channels);
            put(body, "enabled", disabled ? Boolean.FALSE : null);
            put(body, "description", description);
            ApiResponse response = session.api().post(Query.path("/ml/alerts/rules"), body);
            return session.show(response, (r, out) -> out.println("created alert rule " + Formats.text(r, "name") + " (" + Formats.text(r, "kind")
                    + ", threshold " + Formats.text(r, "threshold") + ", window " + Formats.text(r, "window") + ", " + Formats.text(r, "severity")
                    + ", " + (r.path("modelName").isNull() ? "every deployed model" : "model " + Formats.text(r, "modelName")) + "): "
                    + Formats.text(r, "id")));
        });
    }

    @Command(name = "delete", description = "Delete a rule made here; its open alerts are resolved, its alerts kept.")
    int delete(@Parameters(paramLabel = "RULE", description = "its id or name") String rule) {
        return alerts.cli.run(spec, session -> {
            session.api().delete(Query.path("/ml/alerts/rules/", ruleId(session.api(), rule)));
            session.out().println("deleted alert rule " + rule);
            return ExitCodes.OK;
        });
    }

    private static void put(Map<String, Object> body, String field, Object value) {
        if (value != null) body.put(field, value);
    }

    /** The id of the rule {@code given} names (an id as it is; null stays null). */
    static String ruleId(ApiClient api, String given) throws Exception {
        if (given == null || Names.isId(given)) return given == null ? null : given.strip();
        for (JsonNode r : api.get(Query.path("/ml/alerts/rules").param("size", 500)).json().path("items")) {
            if (given.equals(Formats.text(r, "name"))) return Formats.text(r, "id");
        }
        throw new CliException("no alert rule named '" + given + "'", ExitCodes.FAILED);
    }
}
