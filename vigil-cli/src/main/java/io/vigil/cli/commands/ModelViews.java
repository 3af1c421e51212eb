package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Metrics;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** How models, their versions, status and validation reports read in a terminal. */
final class ModelViews {
    /** At most this many metric columns in the versions table (the rest: models show --json). */
    private static final int METRIC_COLUMNS = 5;

    private ModelViews() {}

    static void printModel(JsonNode model, PrintWriter out) {
        new Details()
                .add("id", Formats.text(model, "id"))
                .add("name", Formats.text(model, "modelName"))
                .add("type", Formats.text(model, "modelType"))
                .add("algorithm", Formats.text(model, "algorithm"))
                .add("status", Formats.text(model, "status"))
                .add("latest version", Formats.text(model, "latestVersion"))
                .add("deployed version", Formats.text(model, "deployedVersion"))
                .add("target", Formats.text(model, "targetVariable"))
                .add("features", joined(model.path("features")))
                .add("hyperparameters", pairs(model.path("hyperparameters")))
                .add("dropped columns", joined(model.path("dropColumns")))
                .add("binarize", model.path("binarize").isObject() ? "every label but "
                        + Formats.text(model.path("binarize"), "negativeClass") + " -> "
                        + Formats.text(model.path("binarize"), "positiveClass") : null)
                .add("tags", joined(model.path("tags")))
                .add("description", Formats.text(model, "description"))
                .add("owner", Formats.text(model, "owner"))
                .add("created", Formats.time(Formats.text(model, "createdAt")))
                .add("updated", Formats.time(Formats.text(model, "updatedAt")))
                .print(out);
    }

    /** A version's inputs: name, type (what to send), required; then the fields a record may carry that it ignores. */
    static void printInputs(JsonNode answer, PrintWriter out) {
        out.println("model " + Formats.text(answer, "modelId") + " version " + Formats.text(answer, "version"));
        Table table = new Table("input", "type", "required");
        for (JsonNode input : answer.path("inputs")) {
            table.row(Formats.text(input, "name"), inputType(input),
                    input.path("required").asBoolean() ? "yes" : "no (may be left out: read as missing)");
        }
        table.print(out);
        List<String> ignored = new ArrayList<>();
        answer.path("ignored").forEach(f -> ignored.add(f.asText()));
        if (!ignored.isEmpty()) {
            out.println();
            out.println("ignored if present: " + String.join(", ", ignored));
        }
    }

    /** Deployments, newest first: what was put in the slot, what it replaced, and whether it still serves. */
    static void printDeployments(JsonNode deployments, PrintWriter out) {
        if (!deployments.isArray() || deployments.isEmpty()) {
            out.println("never deployed");
            return;
        }
        Table table = new Table("action", "slot", "model", "version", "active", "replaced", "at", "ended");
        for (JsonNode d : deployments) {
            String replaced = d.hasNonNull("previousModelId")
                    ? Formats.text(d, "previousModelId") + " v" + Formats.text(d, "previousVersion") : null;
            table.row(Formats.text(d, "action"), Formats.text(d, "modelType"), Formats.text(d, "modelId"), Formats.text(d, "version"),
                    d.path("active").asBoolean() ? "yes" : "no", replaced, Formats.time(Formats.text(d, "createdAt")),
                    Formats.time(Formats.text(d, "endedAt")));
        }
        table.print(out);
    }

    /** A version's evaluation artifacts: where it was measured, per class, the confusion matrix, importance, its search. */
    static void printReport(String version, JsonNode artifacts, int top, PrintWriter out) {
        JsonNode on = artifacts.path("evaluatedOn");
        if (on.isObject()) {
            out.println("version " + version + ", evaluated on " + Formats.text(on, "rows") + " rows of dataset " + Formats.text(on, "datasetId")
                    + (on.hasNonNull("holdOutFraction")
                            ? " (" + Formats.percent(on.path("holdOutFraction").asDouble()) + " held out"
                                    + (on.path("stratified").asBoolean() ? ", stratified)" : ")")
                            : " (a separate dataset)"));
        } else {
            out.println("version " + version);
        }
        JsonNode perClass = artifacts.path("perClass");
        if (perClass.isArray() && !perClass.isEmpty()) {
            out.println();
            Table table = new Table("class", "precision", "recall", "f1", "support");
            for (JsonNode c : perClass) {
                table.row(Formats.text(c, "name"), Formats.number(c.path("precision")), Formats.number(c.path("recall")),
                        Formats.number(c.path("f1")), Formats.text(c, "support"));
            }
            table.print(out);
        }
        JsonNode matrix = artifacts.path("confusionMatrix");
        if (matrix.path("counts").isArray() && !matrix.path("counts").isEmpty()) {
            out.println();
            out.println("confusion matrix (rows: actual class, columns: predicted):");
            List<String> headers = new ArrayList<>(List.of("actual"));
            matrix.path("classes").forEach(c -> headers.add(c.asText()));
            Table table = new Table(headers.toArray(String[]::new)).headersAsGiven(); // class names keep their case
            int i = 0;
            for (JsonNode row : matrix.path("counts")) {
                List<Object> cells = new ArrayList<>(List.of(matrix.path("classes").path(i++).asText()));
                row.forEach(n -> cells.add(n.asText()));
                table.row(cells.toArray());
            }
            table.print(out);
        }
        JsonNode importance = artifacts.path("featureImportance");
        if (importance.path("features").isArray() && !importance.path("features").isEmpty()) {
            out.println();
            JsonNode features = importance.path("features");
            out.println("feature importance (" + Formats.text(importance, "method") + ")"
                    + (features.size() > top ? ", top " + top + " of " + features.size() : "") + ":");
            Table table = new Table("feature", "importance");
            for (int f = 0; f < Math.min(top, features.size()); f++) {
                table.row(Formats.text(features.get(f), "feature"), Formats.number(features.get(f).path("importance")));
            }
            table.print(out);
        }
        if (artifacts.path("tuning").isObject()) {
            out.println();
            JobViews.printTuning(artifacts.path("tuning"), out);
        }
    }

    /** The input's type with what a record may send for it; a server before types were kept gives the kind. */
    private static String inputType(JsonNode input) {
        String type = input.hasNonNull("type") ? input.path("type").asText() : Formats.text(input, "kind");
        return switch (type) {
            case "boolean" -> "boolean (true/false, yes/no, 1/0)";
            case "timestamp" -> "timestamp (ISO-8601 or epoch seconds)";
            default -> type;
        };
    }

    static void printVersions(JsonNode answer, PrintWriter out) {
        JsonNode versions = answer.has("items") ? answer.path("items") : answer;
        if (!versions.isArray() || versions.isEmpty()) {
            out.println("no versions yet");
            return;
        }
        List<JsonNode> metricsObjects = new ArrayList<>();
        for (JsonNode version : versions) metricsObjects.add(version.path("metrics"));
        List<String> metricNames = Metrics.across(metricsObjects);
        List<String> metrics = metricNames.subList(0, Math.min(METRIC_COLUMNS, metricNames.size()));
        List<String> headers = new ArrayList<>(List.of("version", "status", "created", "dataset"));
        headers.addAll(metrics);
        Table table = new Table(headers.toArray(String[]::new));
        out.println("versions, each with its training dataset and what its training job measured (hold-out):");
        for (JsonNode version : versions) {
            List<Object> row = new ArrayList<>();
            row.add(Formats.text(version, "version"));
            row.add(Formats.text(version, "status"));
            row.add(Formats.time(Formats.text(version, "createdAt")));
            row.add(firstNonNull(Formats.text(version, "datasetId"), Formats.text(version.path("provenance"), "datasetId")));
            for (String metric : metrics) row.add(Formats.number(version.path("metrics").get(metric)));
            table.row(row.toArray());
        }
        table.print(out);
    }

    static void printStatus(JsonNode status, PrintWriter out) {
        JsonNode job = status.path("currentJob");
        String currentJob = null;
        if (job.isObject()) {
            currentJob = Formats.text(job, "id") + " " + Formats.text(job, "state")
                    + (job.path("progress").isObject() ? " " + JobViews.progress(job.path("progress")) : "");
        } else if (!job.isMissingNode() && !job.isNull()) {
            currentJob = job.asText();
        }
        new Details()
                .add("model", Formats.text(status, "modelId"))
                .add("status", Formats.text(status, "status"))
                .add("latest version", Formats.text(status, "latestVersion"))
                .add("deployed version", Formats.text(status, "deployedVersion"))
                .add("current job", currentJob)
                .print(out);
    }

    /**
     * The validation report: each metric against its threshold, then the verdict. Which metric
     * failed is the server's call (its {@code failures}): some thresholds are maxima (log_loss).
     */
    static void printValidation(JsonNode report, PrintWriter out) {
        JsonNode metrics = report.path("metrics");
        JsonNode thresholds = report.path("thresholds");
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode failure : report.path("failures")) {
            failed.add(failure.isValueNode() ? failure.asText() : String.valueOf(Formats.text(failure, "metric")));
        }
        // the server's gates say which thresholds are minima and which maxima (log_loss, anomaly_rate)
        Map<String, String> bounds = new java.util.HashMap<>();
        for (JsonNode gate : report.path("gates")) {
            String bound = gate.has("maximum") ? "<= " + Formats.number(gate.get("maximum"))
                    : gate.has("minimum") ? ">= " + Formats.number(gate.get("minimum")) : null;
            if (bound != null) bounds.put(Formats.text(gate, "metric"), bound);
        }
        Table table = new Table("metric", "value", "threshold", "result");
        for (String name : Metrics.ordered(metrics, thresholds)) {
            JsonNode threshold = thresholds.get(name);
            String result = failed.contains(name) ? "FAIL" : threshold == null || threshold.isNull() ? null : "ok";
            table.row(name, Formats.number(metrics.get(name)), bounds.getOrDefault(name, Formats.number(threshold)), result);
        }
        table.print(out);
        out.println();
        boolean passed = report.path("passed").asBoolean(false);
        String version = Formats.text(report, "version");
        out.println((version == null ? "" : "version " + version + ": ") + (passed ? "passed" : "NOT passed"));
        for (JsonNode failure : report.path("failures")) {
            out.println("  " + (failure.isValueNode() ? failure.asText() : pairs(failure)));
        }
    }

    private static String joined(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) return null;
        StringJoiner joined = new StringJoiner(", ");
        array.forEach(item -> joined.add(item.asText()));
        return joined.toString();
    }

    private static String pairs(JsonNode object) {
        if (!object.isObject() || object.isEmpty()) return null;
        StringJoiner joined = new StringJoiner(" ");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            joined.add(field.getKey() + "=" + (field.getValue().isValueNode() ? Formats.number(field.getValue()) : field.getValue()));
        }
        return joined.toString();
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
