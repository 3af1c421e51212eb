package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.RankedNumbers;
import io.vigil.cli.output.Metrics;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How jobs, their progress and their metrics read in a terminal. */
final class JobViews {
    /** States after which a job never changes again. */
    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");

    private JobViews() {}

    static boolean isFinished(JsonNode job) {
        return isFinished(Formats.text(job, "state"));
    }

    static boolean isFinished(String state) {
        return state != null && FINISHED.contains(state.toLowerCase(Locale.ROOT));
    }

    static boolean succeeded(JsonNode job) {
        return "succeeded".equalsIgnoreCase(Formats.text(job, "state"));
    }

    /** "50.0% training round 50/100". */
    static String progress(JsonNode progress) {
        if (progress == null || !progress.isObject()) return null;
        StringBuilder text = new StringBuilder(Formats.percent(progress.path("fraction").asDouble(0)));
        String phase = Formats.text(progress, "phase");
        if (phase != null) text.append(' ').append(phase);
        if (progress.path("totalRounds").asLong() > 0) {
            text.append(" round ").append(progress.path("round").asLong()).append('/').append(progress.path("totalRounds").asLong());
        }
        return text.toString();
    }

    static void printJob(JsonNode job, PrintWriter out) {
        JsonNode result = job.path("result");
        new Details()
                .add("id", Formats.text(job, "id"))
                .add("kind", Formats.text(job, "kind"))
                .add("model", Formats.text(job, "modelId"))
                .add("state", Formats.text(job, "state"))
                .add("priority", Formats.text(job, "priority"))
                .add("progress", progress(job.get("progress")))
                .add("attempts", Formats.text(job, "attempts"))
                .add("error", Formats.text(job, "error"))
                .add("created", Formats.time(Formats.text(job, "createdAt")))
                .add("started", Formats.time(Formats.text(job, "startedAt")))
                .add("finished", Formats.time(Formats.text(job, "finishedAt")))
                .add("duration", job.hasNonNull("durationMs") ? Formats.duration(job.path("durationMs").asLong()) : null)
                .add("version", Formats.text(result, "version"))
                .print(out);
        if (result.path("metrics").isObject() && !result.path("metrics").isEmpty()) {
            out.println();
            printMetrics(result.path("metrics"), out);
        }
    }

    /** A metrics map {name: number} as a two-column table, headline metrics first. */
    static void printMetrics(JsonNode metrics, PrintWriter out) {
        Table table = new Table("metric", "value");
        for (String name : Metrics.ordered(metrics)) {
            JsonNode value = metrics.get(name);
            table.row(name, value.isValueNode() ? Formats.number(value) : value.toString());
        }
        table.print(out);
    }

    /** What a hyperparameter search tried, best first (at most ten), and what it chose: the searched values only. */
    static void printTuning(JsonNode tuning, PrintWriter out) {
        JsonNode trials = tuning.path("trials");
        JsonNode space = tuning.path("space");
        String metric = Formats.text(tuning, "metric");
        out.println("tuning: " + Formats.text(tuning, "method") + " search, " + trials.size() + " combinations, "
                + Formats.text(tuning, "folds") + "-fold " + metric + (metric.equals("log_loss") ? " (negated: higher is better)" : ""));
        Table table = new Table("rank", "hyperparameters", "cv score");
        List<Double> scores = new ArrayList<>();
        trials.forEach(t -> scores.add(t.path("score").isNumber() ? t.path("score").doubleValue() : null));
        List<String> shown = RankedNumbers.format(scores.subList(0, Math.min(10, scores.size())));
        int rank = 0;
        for (JsonNode trial : trials) {
            if (++rank > 10) break;
            List<String> params = new ArrayList<>();
            trial.path("params").fields().forEachRemaining(e -> {
                if (space.isMissingNode() || space.has(e.getKey())) params.add(e.getKey() + "=" + Formats.number(e.getValue()));
            });
            table.row(rank == 1 ? "1 (chosen)" : Integer.toString(rank), String.join(" ", params), shown.get(rank - 1));
        }
        table.print(out);
    }

    /** One row per job, for job lists. */
    static Table table(Iterable<JsonNode> jobs) {
        Table table = new Table("id", "kind", "model", "state", "priority", "progress", "created", "duration");
        for (JsonNode job : jobs) {
            table.row(Formats.text(job, "id"), Formats.text(job, "kind"), Formats.text(job, "modelId"),
                    Formats.text(job, "state"), Formats.text(job, "priority"),
                    job.path("progress").isObject() ? Formats.percent(job.path("progress").path("fraction").asDouble()) : null,
                    Formats.time(Formats.text(job, "createdAt")),
                    job.hasNonNull("durationMs") ? Formats.duration(job.path("durationMs").asLong()) : null);
        }
        return table;
    }
}
