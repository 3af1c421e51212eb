package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Metrics;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * How models compare at a glance: the list, and a model's headline figures. Both are those of the
 * version that serves (deployed, else latest), as measured on its hold-out rows and in its latest
 * validation, side by side so that a hold-out score is never taken for one on other data.
 */
final class ModelListViews {
    private ModelListViews() {}

    /** Metrics the list shows for each model, when any model has them. */
    private static final List<String> LIST_METRICS = List.of("accuracy", "f1", "roc_auc", "pr_auc", "anomaly_rate");
    /** Under the list: what its metric cells hold. */
    static final String LIST_LEGEND = "metrics of the version that serves (deployed, else latest): hold-out / validation";

    /**
     * The models with the figures of the version that serves: hold-out and validation side by side
     * ({@code 0.9991 / 0.7884}). A server older than those figures gives its latest version's
     * metrics, shown as they are.
     */
    static Table table(Iterable<JsonNode> models) {
        boolean headlines = false;
        for (JsonNode model : models) headlines |= model.has("headline");
        return headlines ? headlineTable(models) : latestMetricsTable(models);
    }

    /** Whether {@link #table} printed headline figures, which {@link #LIST_LEGEND} explains. */
    static boolean hasHeadlines(Iterable<JsonNode> models) {
        for (JsonNode model : models) {
            if (model.path("headline").isObject()) return true;
        }
        return false;
    }

    private static Table headlineTable(Iterable<JsonNode> models) {
        List<String> metrics = new ArrayList<>();
        for (String name : LIST_METRICS) {
            for (JsonNode model : models) {
                JsonNode headline = model.path("headline");
                if (headline.path("holdOut").has(name) || headline.path("validation").path("metrics").has(name)) {
                    metrics.add(name);
                    break;
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("id", "name", "type", "algorithm", "status", "serves"));
        header.addAll(metrics);
        header.add("validated on");
        header.add("updated");
        Table table = new Table(header.toArray(String[]::new));
        for (JsonNode model : models) {
            JsonNode headline = model.path("headline");
            JsonNode validation = headline.path("validation");
            List<Object> row = new ArrayList<>(List.of(Formats.text(model, "id"), Formats.text(model, "modelName"),
                    Formats.text(model, "modelType"), Formats.text(model, "algorithm"), Formats.text(model, "status")));
            row.add(serves(headline));
            for (String name : metrics) {
                String holdOut = Formats.number(headline.path("holdOut").get(name));
                String validated = Formats.number(validation.path("metrics").get(name));
                row.add(holdOut == null && validated == null ? null
                        : firstNonNull(holdOut, "-") + " / " + firstNonNull(validated, "-"));
            }
            row.add(validation.isObject() ? datasetName(validation) : null);
            row.add(Formats.time(firstNonNull(Formats.text(model, "updatedAt"), Formats.text(model, "createdAt"))));
            table.row(row.toArray());
        }
        return table;
    }

    private static Table latestMetricsTable(Iterable<JsonNode> models) {
        List<String> metrics = new ArrayList<>();
        for (String name : LIST_METRICS) {
            for (JsonNode model : models) {
                if (model.path("latestMetrics").has(name)) {
                    metrics.add(name);
                    break;
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("id", "name", "type", "algorithm", "status"));
        header.addAll(metrics);
        header.add("updated");
        Table table = new Table(header.toArray(String[]::new));
        for (JsonNode model : models) {
            List<Object> row = new ArrayList<>(List.of(Formats.text(model, "id"), Formats.text(model, "modelName"),
                    Formats.text(model, "modelType"), Formats.text(model, "algorithm"), Formats.text(model, "status")));
            for (String name : metrics) {
                JsonNode value = model.path("latestMetrics").get(name);
                row.add(value == null ? null : Formats.number(value));
            }
            row.add(Formats.time(firstNonNull(Formats.text(model, "updatedAt"), Formats.text(model, "createdAt"))));
            table.row(row.toArray());
        }
        return table;
    }

    /** "v1 deployed", or "v2 latest" when no version is deployed; null before the first version. */
    private static String serves(JsonNode headline) {
        if (!headline.isObject()) return null;
        return "v" + Formats.text(headline, "version") + (headline.path("deployed").asBoolean() ? " deployed" : " latest");
    }

    /** The validation dataset's name, else (deleted since) its id. */
    private static String datasetName(JsonNode validation) {
        return firstNonNull(Formats.text(validation, "datasetName"), Formats.text(validation, "datasetId"));
    }

    /**
     * The figures of the version that serves, hold-out and validation side by side, with where
     * the validation was measured; nothing from a server older than those figures.
     */
    static void printHeadline(JsonNode model, PrintWriter out) {
        JsonNode headline = model.path("headline");
        if (!headline.isObject()) return;
        JsonNode validation = headline.path("validation");
        out.println();
        out.println("version " + Formats.text(headline, "version") + (headline.path("deployed").asBoolean()
                ? " (deployed)" : " (the latest; none deployed)") + ", as measured:");
        Table table = new Table("metric", "hold-out", "validation");
        for (String name : Metrics.ordered(headline.path("holdOut"), validation.path("metrics"))) {
            table.row(name, Formats.number(headline.path("holdOut").get(name)), Formats.number(validation.path("metrics").get(name)));
        }
        table.print(out);
        if (validation.isObject()) {
            String name = Formats.text(validation, "datasetName");
            out.println("validation: on dataset " + (name == null ? Formats.text(validation, "datasetId") + " (deleted since)"
                    : name + " (" + Formats.text(validation, "datasetId") + ")") + ", "
                    + Formats.time(Formats.text(validation, "validatedAt")) + ", "
                    + (validation.path("passed").asBoolean() ? "passed" : "NOT passed"));
        } else {
            out.println("validation: none yet (./vigil models validate " + Formats.text(model, "modelName") + " --dataset DSID)");
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
