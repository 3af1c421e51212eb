package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil experiments start|list|show|stop|promote} over {@code /ml/experiments}: A/B tests and shadow models. */
@Command(name = "experiments", description = "A/B tests and shadow models: a challenger version against the deployed champion.")
public final class ExperimentsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "start", description = "Start an experiment on a detection slot's traffic.")
    int start(
            @Option(names = "--name", required = true, paramLabel = "N") String name,
            @Option(names = "--type", required = true, paramLabel = "T", description = "the slot; its deployed version is the champion") String type,
            @Option(names = "--champion", required = true, paramLabel = "MODEL@V", description = "model id or name, @version") String champion,
            @Option(names = "--challenger", required = true, paramLabel = "MODEL@V", description = "model id or name, @version") String challenger,
            @Option(names = "--mode", paramLabel = "M", description = "ab (default) or shadow") String mode,
            @Option(names = "--split", paramLabel = "S", description = "ab: the challenger's share (default 0.1); shadow: the share copied (default 1)") Double split,
            @Option(names = "--sticky-key", paramLabel = "K", description = "a field of the record (src_ip) or header:<Name>; default: random per request") String stickyKey,
            @Option(names = "--metric", paramLabel = "M", description = "accuracy (default), precision, recall or f1") String metric,
            @Option(names = "--positive-class", paramLabel = "C", description = "the attack class precision, recall and f1 are of") String positiveClass,
            @Option(names = "--min-samples", paramLabel = "N", description = "feedback per arm before the first test (default 500)") Integer minSamples,
            @Option(names = "--alpha", paramLabel = "A", description = "significance level (default 0.05)") Double alpha,
            @Option(names = "--auto-promote", description = "deploy a significantly better challenger") boolean autoPromote,
            @Option(names = "--auto-stop", description = "stop when the challenger is significantly worse") boolean autoStop,
            @Option(names = "--max-minutes", paramLabel = "N", description = "then inconclusive") Integer maxMinutes) {
        return cli.run(spec, session -> {
            Start body = new Start(name, type, version(session.api(), champion, "--champion"), version(session.api(), challenger,
                    "--challenger"), mode, split, stickyKey, metric, positiveClass, minSamples, alpha, autoPromote, autoStop, maxMinutes);
            return session.show(session.api().post(Query.path("/ml/experiments"), body), ExperimentsCommand::print);
        });
    }

    @Command(name = "list", description = "List experiments, newest first.")
    int list(
            @Option(names = "--status", paramLabel = "S", description = "running, promoted, stopped, inconclusive") String status,
            @Option(names = "--type", paramLabel = "T") String type,
            @Option(names = "--page", paramLabel = "N") Integer page,
            @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/experiments")
                    .param("status", status).param("modelType", type).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
            } else {
                JsonNode answer = response.json();
                Table table = new Table("id", "name", "type", "mode", "split", "status", "started");
                for (JsonNode e : answer.path("items")) {
                    table.row(Formats.text(e, "id"), Formats.text(e, "name"), Formats.text(e, "modelType"), Formats.text(e, "mode"),
                            Formats.text(e, "split"), Formats.text(e, "status"), Formats.time(Formats.text(e, "startedAt")));
                }
                Pages.print(table, answer, "experiment", session.out());
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One experiment: its arms' figures from feedback and their comparison.")
    int show(@Parameters(paramLabel = "ID") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/experiments/", id)), ExperimentsCommand::print));
    }

    @Command(name = "stop", description = "End an experiment; the champion keeps all traffic.")
    int stop(@Parameters(paramLabel = "ID") String id) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/experiments/", id, "/stop"), null),
                ExperimentsCommand::print));
    }

    @Command(name = "promote", description = "Deploy the challenger for the slot and end the experiment.")
    int promote(@Parameters(paramLabel = "ID") String id) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/experiments/", id, "/promote"), null),
                ExperimentsCommand::print));
    }

    /** The body of {@code POST /ml/experiments} (absent fields are left out: the server's defaults). */
    record Start(String name, String modelType, Version champion, Version challenger, String mode, Double split, String stickyKey,
                 String primaryMetric, String positiveClass, Integer minSamples, Double alpha, boolean autoPromote, boolean autoStop,
                 Integer maxDurationMinutes) {}

    record Version(String modelId, int version) {}

    /** {@code model@version}, the model by id or name. */
    private static Version version(ApiClient api, String given, String option) throws Exception {
        int at = given.lastIndexOf('@');
        if (at <= 0 || at == given.length() - 1) {
            throw new CliException(option + " takes MODEL@VERSION (a model's id or name, then its version), e.g. kdd-gbm@2", ExitCodes.USAGE);
        }
        int version;
        try {
            version = Integer.parseInt(given.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new CliException(option + ": '" + given.substring(at + 1) + "' is not a version number", ExitCodes.USAGE);
        }
        return new Version(Names.model(api, given.substring(0, at)), version);
    }

    static void print(JsonNode e, PrintWriter out) {
        out.println("experiment " + Formats.text(e, "name") + " (" + Formats.text(e, "id") + "): " + Formats.text(e, "status"));
        out.println("  " + Formats.text(e, "modelType") + ", " + Formats.text(e, "mode") + ", split " + Formats.text(e, "split")
                + ", sticky key " + (e.hasNonNull("stickyKey") ? Formats.text(e, "stickyKey") : "none (random per request)"));
        out.println("  champion  " + ref(e.path("champion")) + "   challenger  " + ref(e.path("challenger")));
        out.println("  " + Formats.text(e, "primaryMetric") + ", at least " + Formats.text(e, "minSamples") + " feedback per arm, alpha "
                + Formats.text(e, "alpha") + (e.path("autoPromote").asBoolean() ? ", promotes by itself" : "")
                + (e.path("autoStop").asBoolean() ? ", stops by itself" : ""));
        if (e.hasNonNull("endedAt")) {
            out.println("  ended " + Formats.time(Formats.text(e, "endedAt")) + " by " + Formats.text(e, "endedBy") + ": "
                    + Formats.text(e, "endReason"));
        }
        JsonNode figures = e.hasNonNull("figures") ? e.get("figures") : e.path("decision").path("figures");
        if (figures.isMissingNode() || figures.isNull()) {
            return;
        }
        Table arms = new Table("arm", "feedback", "accuracy", "precision", "recall", "f1");
        for (String arm : new String[] {"champion", "challenger"}) {
            JsonNode a = figures.path(arm);
            arms.row(arm, Formats.text(a, "feedback"), Formats.text(a, "accuracy"), Formats.text(a, "precision"), Formats.text(a, "recall"),
                    Formats.text(a, "f1"));
        }
        arms.print(out);
        JsonNode c = figures.path("comparison");
        if (c.isObject()) {
            out.println("challenger - champion: " + Formats.text(c, "difference") + ", " + percent(c.path("level").asDouble())
                    + " CI " + Formats.text(c, "low") + " to " + Formats.text(c, "high") + " (" + Formats.text(c, "interval") + "), p = "
                    + Formats.text(c, "pValue") + " (" + Formats.text(c, "test") + ")");
        } else if (figures.hasNonNull("reason")) {
            out.println("no comparison yet: " + Formats.text(figures, "reason"));
        }
        if ("running".equals(Formats.text(e, "status"))) {
            out.println("next test at " + Formats.text(figures, "samplesForNextLook") + " feedback per arm, at alpha "
                    + Formats.text(figures, "alphaOfNextLook"));
        }
        JsonNode shadow = figures.path("shadow");
        if (shadow.isObject()) {
            out.println("shadow: " + Formats.text(shadow, "compared") + " rows compared, " + (shadow.hasNonNull("agreementRate")
                    ? Formats.percent(shadow.path("agreementRate").asDouble()) + " agreed" : "none yet") + ", "
                    + Formats.text(shadow, "dropped") + " copies dropped (queue full), " + Formats.text(shadow, "failed") + " failed");
        }
    }

    private static String ref(JsonNode v) {
        return Formats.text(v, "modelId") + "@" + Formats.text(v, "version");
    }

    private static String percent(double level) {
        return Formats.percent(level).replace(".0%", "%");
    }
}
