package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.Session;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil retraining show|set|run|history MODEL} over {@code /ml/models/{id}/retraining}: a
 * model's retraining policy, a change to it (the options given, on top of the policy it has), a run
 * now, and the triggers with their reasons and outcomes.
 */
@Command(name = "retraining", description = "A model's retraining: its triggers and promotion rule, a run now, and what fired.",
        footer = {"", "Examples:",
                "  vigil retraining set kdd-gbm --accuracy-floor 0.9 --min-feedback 200 --window 24h --cooldown 12h",
                "  vigil retraining set kdd-gbm --schedule '0 3 * * 1' --include-feedback --promotion if_better",
                "  vigil retraining set kdd-gbm --drift-share off        (a trigger set to off no longer fires)",
                "  vigil retraining run kdd-gbm",
                "  vigil retraining history kdd-gbm"})
public final class RetrainingCommand {
    private static final String OFF = "off";

    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "show", description = "The model's policy (the defaults when it has none) and when it fires next.")
    int show(@Parameters(paramLabel = "MODEL", description = "a model's name or id") String model) {
        return cli.run(spec, session -> session.show(session.api().get(path(session, model)), RetrainingCommand::printPolicy));
    }

    /** The options of {@code set}; each left out keeps the model's current value. */
    static final class Changes {
        @Option(names = "--drift-share", paramLabel = "SHARE", description = "retrain when this share of inputs drifted (0-1], or off")
        String driftShare;
        @Option(names = "--accuracy-floor", paramLabel = "ACCURACY", description = "retrain when live accuracy is below it (0-1], or off")
        String accuracyFloor;
        @Option(names = "--window", paramLabel = "SPAN", description = "the span both look at: 15m, 1h, 24h, 7d (at most 30d)")
        String window;
        @Option(names = "--min-feedback", paramLabel = "N", description = "feedback rows in the window before accuracy counts")
        Integer minFeedback;
        @Option(names = "--schedule", paramLabel = "CRON", description = "a Unix cron expression in UTC ('0 3 * * 1'), or off")
        String schedule;
        @Option(names = "--include-feedback", negatable = true, description = "train on the dataset plus the feedback-labelled predictions")
        Boolean includeFeedback;
        @Option(names = "--promotion", paramLabel = "RULE", description = "if_better, challenger or never")
        String promotion;
        @Option(names = "--metric", paramLabel = "NAME", description = "what 'better' is measured on: accuracy, f1, roc_auc, ...")
        String metric;
        @Option(names = "--min-improvement", paramLabel = "X", description = "how much better than the deployed version, 0-1")
        Double minImprovement;
        @Option(names = "--cooldown", paramLabel = "SPAN", description = "no second trigger within it: 30m, 6h, 1d")
        String cooldown;
        @Option(names = "--enabled", negatable = true, description = "whether the triggers fire (--no-enabled pauses them)")
        Boolean enabled;
    }

    @Command(name = "set", description = "Change the model's policy: the options given, on top of what it has.")
    int set(@Parameters(paramLabel = "MODEL", description = "a model's name or id") String model,
            @picocli.CommandLine.ArgGroup(exclusive = false) Changes changes) {
        return cli.run(spec, session -> {
            Query path = path(session, model);
            ObjectNode policy = (ObjectNode) session.api().get(path).json().path("policy").deepCopy();
            if (changes != null) {
                apply(policy, changes);
            }
            return session.show(session.api().put(path, policy), RetrainingCommand::printPolicy);
        });
    }

    @Command(name = "run", description = "Retrain the deployed model now, under its policy; the outcome comes in its history.")
    int run(@Parameters(paramLabel = "MODEL", description = "a model's name or id") String model) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/models/", Names.model(session.api(), model),
                "/retraining/run"), null), (t, out) -> out.println("retraining queued: job " + Formats.text(t, "jobId")
                + " from version " + Formats.text(t, "championVersion") + " (trigger " + Formats.text(t, "id") + ")")));
    }

    @Command(name = "history", description = "What fired, newest first: the reason, the value against its threshold, the job and the outcome.")
    int history(@Parameters(paramLabel = "MODEL", description = "a model's name or id") String model,
                @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/models/", Names.model(session.api(), model),
                "/retraining/history").param("page", page).param("size", size)), RetrainingCommand::printHistory));
    }

    private static Query path(Session session, String model) throws Exception {
        return Query.path("/ml/models/", Names.model(session.api(), model), "/retraining");
    }

    private static void apply(ObjectNode p, Changes c) {
        number(p, "driftShare", c.driftShare);
        number(p, "accuracyFloor", c.accuracyFloor);
        if (c.schedule != null) {
            if (c.schedule.equalsIgnoreCase(OFF)) p.putNull("schedule"); else p.put("schedule", c.schedule);
        }
        if (c.window != null) p.put("window", c.window);
        if (c.minFeedback != null) p.put("minFeedback", c.minFeedback);
        if (c.includeFeedback != null) p.put("includeFeedback", c.includeFeedback);
        if (c.promotion != null) p.put("promotion", c.promotion);
        if (c.metric != null) p.put("metric", c.metric);
        if (c.minImprovement != null) p.put("minImprovement", c.minImprovement);
        if (c.cooldown != null) p.put("cooldown", c.cooldown);
        if (c.enabled != null) p.put("enabled", c.enabled);
    }

    /** A number option, or off: sent as typed, so the server names a bad one. */
    private static void number(ObjectNode p, String field, String value) {
        if (value == null) return;
        if (value.equalsIgnoreCase(OFF)) {
            p.putNull(field);
            return;
        }
        try {
            p.put(field, Double.parseDouble(value));
        } catch (NumberFormatException e) {
            p.put(field, value); // the server refuses it, naming the field
        }
    }

    static void printPolicy(JsonNode a, PrintWriter out) {
        JsonNode p = a.path("policy");
        Details d = new Details().add("model", Formats.text(a, "modelName") + " (" + Formats.text(a, "modelId") + ")");
        d.add("policy", a.path("configured").asBoolean() ? (p.path("enabled").asBoolean() ? "enabled" : "paused")
                : "none (the defaults below; only 'run' retrains it)");
        if (p.hasNonNull("driftShare")) d.add("drift", "share of drifted inputs >= " + Formats.number(p.path("driftShare")) + " over "
                + Formats.text(p, "window"));
        if (p.hasNonNull("accuracyFloor")) d.add("accuracy", "live accuracy < " + Formats.number(p.path("accuracyFloor")) + " over "
                + Formats.text(p, "window") + ", with " + Formats.text(p, "minFeedback") + " feedback rows or more");
        if (p.hasNonNull("schedule")) d.add("schedule", Formats.text(p, "schedule") + " (UTC)" + (a.hasNonNull("nextScheduledAt")
                ? ", next " + Formats.time(Formats.text(a, "nextScheduledAt")) : ""));
        d.add("data", p.path("includeFeedback").asBoolean() ? "the training dataset plus the feedback-labelled predictions since"
                : "the training dataset");
        d.add("promotion", Formats.text(p, "promotion") + " on " + Formats.text(p, "metric") + " (better by at least "
                + Formats.number(p.path("minImprovement")) + ")");
        d.add("cooldown", Formats.text(p, "cooldown"));
        if (a.hasNonNull("lastTriggeredAt")) d.add("last trigger", Formats.time(Formats.text(a, "lastTriggeredAt")));
        d.print(out);
    }

    static void printHistory(JsonNode page, PrintWriter out) {
        Table table = new Table("when", "reason", "observed", "threshold", "by", "from", "job", "outcome", "new");
        for (JsonNode t : page.path("items")) {
            table.row(Formats.time(Formats.text(t, "triggeredAt")), Formats.text(t, "reason"), Formats.number(t.path("observed")),
                    Formats.number(t.path("threshold")), Formats.text(t, "triggeredBy"), "v" + Formats.text(t, "championVersion"),
                    Formats.text(t, "jobId"), Formats.text(t, "outcome"), t.hasNonNull("newVersion") ? "v" + Formats.text(t, "newVersion") : null);
        }
        if (table.isEmpty()) {
            out.println("no retraining yet");
            return;
        }
        table.print(out);
        for (JsonNode t : page.path("items")) {
            if (t.hasNonNull("outcomeDetail")) {
                out.println(Formats.time(Formats.text(t, "triggeredAt")) + "  " + Formats.text(t, "outcomeDetail"));
            }
        }
        out.println("page " + page.path("page").asInt() + " of " + Math.max(1, page.path("pages").asInt()) + ", "
                + page.path("total").asLong() + " in all");
    }

}
