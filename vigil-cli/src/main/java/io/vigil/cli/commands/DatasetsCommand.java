package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.Session;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.MultipartBody;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil datasets upload|list|show|stats|rm} over {@code /ml/datasets}. */
@Command(name = "datasets", description = "Upload and inspect datasets.")
public final class DatasetsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    enum Format { csv, tsv, jsonl, arff, zeek, eve, cowrie, cef, leef, pcap }

    enum Sort { createdAt, name }

    @Command(name = "upload", description = "Upload a file (streamed); prints the stored dataset.")
    int upload(
            @Parameters(paramLabel = "FILE", description = "CSV, TSV, JSON Lines, ARFF or a Zeek log, optionally gzipped") Path file,
            @Option(names = "--name", description = "default: the file name without extension") String name,
            @Option(names = "--description") String description,
            @Option(names = "--label", paramLabel = "COL", description = "the label (class) column") String label,
            @Option(names = "--format", description = "csv, tsv, jsonl, arff, zeek, eve, cowrie, cef, leef or pcap (default: detected)") Format format,
            @Option(names = "--columns", paramLabel = "a,b,c", description = "column names of a file without a header row") String columns,
            @Option(names = "--delimiter", paramLabel = "X", description = "',' ';' '|' ':' or 'tab' (default: detected)") String delimiter,
            @Option(names = "--encoding", paramLabel = "E", description = "the file's encoding, e.g. windows-1252 (default: UTF-8)") String encoding,
            @Option(names = "--decimal", paramLabel = "C", description = "',' when numbers are written 3,75 (default '.')") String decimal,
            @Option(names = "--event-type", paramLabel = "T", description = "Suricata EVE or Cowrie: keep only this event type (alert, cowrie.login)") String eventType,
            @Option(names = "--keep-flows-before-damage", description = "a packet capture cut or damaged: keep the flows before the damage") boolean keepFlows) {
        return cli.run(spec, session -> {
            if (!Files.isRegularFile(file)) throw new CliException("no such file: " + file, ExitCodes.USAGE);
            if (!Files.isReadable(file)) throw new CliException("cannot read " + file, ExitCodes.USAGE);
            MultipartBody form = new MultipartBody()
                    .field("name", name)
                    .field("description", description)
                    .field("labelColumn", label)
                    .field("format", format == null ? null : format.name())
                    .field("columns", columns)
                    .field("delimiter", delimiter)
                    .field("encoding", encoding)
                    .field("decimal", decimal)
                    .field("eventType", eventType)
                    .field("keepFlowsBeforeDamage", keepFlows ? "true" : null);
            ApiResponse response = session.api().upload(Query.path("/ml/datasets/upload"), form, "file", file);
            return printCreated(session, response, "uploaded " + file.getFileName());
        });
    }

    @Command(name = "concat", description = "Join datasets with the same columns (several files of one source) into a new one.")
    int concat(
            @Parameters(paramLabel = "DSID", arity = "2..*", description = "the datasets (ids or names), in the order their rows are joined") List<String> datasets,
            @Option(names = "--name", required = true, description = "the new dataset's name") String name,
            @Option(names = "--description") String description,
            @Option(names = "--label", paramLabel = "COL", description = "default: the first dataset's label column") String label) {
        return cli.run(spec, session -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
            if (description != null) body.put("description", description);
            if (label != null) body.put("labelColumn", label);
            var ids = body.putArray("datasetIds");
            for (String dataset : datasets) ids.add(Names.dataset(session.api(), dataset));
            ApiResponse response = session.api().post(Query.path("/ml/datasets/concat"), body);
            return printCreated(session, response, "joined " + datasets.size() + " datasets");
        });
    }

    /** A new dataset: the server's JSON, or a note on stderr and the dataset as a table. */
    private static int printCreated(Session session, ApiResponse response, String what) {
        if (session.json()) {
            session.printJson(response);
        } else {
            session.err().println(what + " as dataset " + Formats.text(response.json(), "id"));
            printDataset(response.json(), session.out());
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "List datasets, newest first.")
    int list(
            @Option(names = "--name", paramLabel = "S", description = "part of the name") String name,
            @Option(names = "--format", paramLabel = "F") Format format,
            @Option(names = "--page", paramLabel = "N", description = "from 1") Integer page,
            @Option(names = "--size", paramLabel = "N", description = "per page, at most 500") Integer size,
            @Option(names = "--sort", description = "createdAt or name") Sort sort) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/datasets")
                    .param("name", name).param("format", format).param("page", page).param("size", size).param("sort", sort));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            JsonNode answer = response.json();
            Table table = new Table("id", "name", "format", "rows", "columns", "size", "label", "created");
            for (JsonNode dataset : answer.path("items")) {
                table.row(Formats.text(dataset, "id"), Formats.text(dataset, "name"), Formats.text(dataset, "format"),
                        Formats.text(dataset, "rows"), Formats.text(dataset, "columns"),
                        Formats.bytes(dataset.path("sizeBytes").asLong()), Formats.text(dataset, "labelColumn"),
                        Formats.time(Formats.text(dataset, "createdAt")));
            }
            Pages.print(table, answer, "dataset", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One dataset: its file, schema and how it was parsed.")
    int show(@Parameters(paramLabel = "ID", description = "dataset id or name") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().get(Query.path("/ml/datasets/", Names.dataset(session.api(), idOrName))), DatasetsCommand::printDataset));
    }

    @Command(name = "head", description = "Rows of a dataset, typed as it was read (missing cells shown as -).")
    int head(
            @Parameters(paramLabel = "ID", description = "dataset id or name") String idOrName,
            @Option(names = "--rows", paramLabel = "N", defaultValue = "10", description = "how many (1-1000, default ${DEFAULT-VALUE})") int rows,
            @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "rows to skip first") long offset,
            @Option(names = "--columns", paramLabel = "a,b", split = ",", description = "only these columns, in this order") List<String> columns) {
        return cli.run(spec, session -> {
            String id = Names.dataset(session.api(), idOrName);
            ApiResponse response = session.api().get(Query.path("/ml/datasets/", id, "/preview").param("offset", offset).param("limit", rows));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            JsonNode preview = response.json();
            List<String> shown = new ArrayList<>();
            preview.path("columns").forEach(c -> shown.add(c.asText()));
            if (columns != null) {
                List<String> unknown = columns.stream().filter(c -> !shown.contains(c)).toList();
                if (!unknown.isEmpty()) {
                    throw new CliException("no column " + String.join(", ", unknown) + " in this dataset; its columns are " + shown, ExitCodes.USAGE);
                }
                shown.retainAll(columns);
                shown.sort(java.util.Comparator.comparingInt(columns::indexOf));
            }
            Table table = new Table(shown.toArray(String[]::new)).headersAsGiven();
            for (JsonNode row : preview.path("rows")) {
                table.row(shown.stream().map(c -> row.path(c).isNull() || row.path(c).isMissingNode() ? "-" : row.path(c).asText()).toArray());
            }
            table.print(session.out());
            long total = preview.path("totalRows").asLong();
            session.err().println("rows " + (preview.path("rows").isEmpty() ? "none" : (offset + 1) + "-" + (offset + preview.path("rows").size()))
                    + " of " + total);
            return ExitCodes.OK;
        });
    }

    @Command(name = "stats", description = "The profile computed at upload: per-column statistics and class balance.")
    int stats(@Parameters(paramLabel = "ID", description = "dataset id or name") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().get(Query.path("/ml/datasets/", Names.dataset(session.api(), idOrName), "/stats")), DatasetsCommand::printStats));
    }

    @Command(name = "download", description = "Save a dataset's file (as uploaded, or a batch job's CSV) to FILE.")
    int download(
            @Parameters(paramLabel = "ID", description = "dataset id or name") String idOrName,
            @Option(names = "--output", required = true, paramLabel = "FILE", description = "where to save it") Path output) {
        return cli.run(spec, session -> {
            long bytes = session.api().download(Query.path("/ml/datasets/", Names.dataset(session.api(), idOrName), "/download"), output);
            if (!session.json()) session.out().println("saved dataset " + idOrName + " to " + output + " (" + Formats.bytes(bytes) + ")");
            return ExitCodes.OK;
        });
    }

    @Command(name = "rm", aliases = "delete", description = "Delete a dataset.")
    int rm(@Parameters(paramLabel = "ID", description = "dataset id or name") String idOrName,
           @Option(names = "--force", description = "delete it even if model versions were trained or validated on it") boolean force) {
        return cli.run(spec, session -> {
            String id = Names.dataset(session.api(), idOrName);
            session.api().delete(Query.path("/ml/datasets/", id).param("force", force ? "true" : null));
            if (!session.json()) session.out().println("deleted dataset " + idOrName + (idOrName.equals(id) ? "" : " (" + id + ")"));
            return ExitCodes.OK;
        });
    }

    /** How the server reads the file, where it differs from plain UTF-8 comma-separated text with a header. */
    static String readAs(JsonNode parsing) {
        if (!parsing.isObject()) return null;
        List<String> parts = new ArrayList<>();
        String delimiter = Formats.text(parsing, "delimiter");
        String format = Formats.text(parsing, "format");
        if ("CSV".equals(format) && delimiter != null && !",".equals(delimiter)) parts.add("'" + delimiter + "' separated");
        if (parsing.path("gzip").asBoolean()) parts.add("gzip");
        if (parsing.has("header") && !parsing.path("header").asBoolean()) parts.add("no header row (columns given)");
        String encoding = Formats.text(parsing, "encoding");
        if (encoding != null && !"UTF-8".equals(encoding)) parts.add(encoding);
        if (parsing.path("decimalComma").asBoolean()) parts.add("decimal comma");
        if (parsing.path("flattenObjects").asBoolean()) parts.add("nested objects as dotted columns");
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static void printDataset(JsonNode dataset, PrintWriter out) {
        new Details()
                .add("id", Formats.text(dataset, "id"))
                .add("name", Formats.text(dataset, "name"))
                .add("description", Formats.text(dataset, "description"))
                .add("format", Formats.text(dataset, "format"))
                .add("label column", Formats.text(dataset, "labelColumn"))
                .add("rows", Formats.text(dataset, "rows"))
                .add("columns", Formats.text(dataset, "columns"))
                .add("file", Formats.text(dataset, "fileName"))
                .add("size", dataset.has("sizeBytes") ? Formats.bytes(dataset.path("sizeBytes").asLong()) : null)
                .add("sha256", Formats.text(dataset, "sha256"))
                .add("read as", readAs(dataset.path("parsing")))
                .add("created", Formats.time(Formats.text(dataset, "createdAt")))
                .print(out);
        JsonNode schema = dataset.path("schema");
        if (schema.isArray() && !schema.isEmpty()) {
            out.println();
            Table table = new Table("column", "type");
            for (JsonNode column : schema) table.row(Formats.text(column, "name"), Formats.text(column, "type"));
            table.print(out);
        }
    }

    private static void printStats(JsonNode profile, PrintWriter out) {
        new Details()
                .add("rows", Formats.text(profile, "rows"))
                .add("columns", Formats.text(profile, "columns"))
                .add("duplicate rows", approximate(Formats.text(profile, "duplicateRows"), profile.path("duplicateRowsExact")))
                .add("label column", Formats.text(profile, "labelColumn"))
                .print(out);
        out.println();
        Table columns = new Table("column", "type", "missing", "distinct", "min", "mean", "max");
        for (JsonNode column : profile.path("columnProfiles")) {
            JsonNode numeric = column.path("numeric");
            columns.row(Formats.text(column, "name"), Formats.text(column, "type"), Formats.text(column, "missing"),
                    approximate(Formats.text(column, "distinct"), column.path("distinctExact")),
                    Formats.number(numeric.get("min")), Formats.number(numeric.get("mean")), Formats.number(numeric.get("max")));
        }
        columns.print(out);
        JsonNode balance = profile.path("classBalance");
        if (balance.isArray() && !balance.isEmpty()) {
            out.println();
            out.println("class balance" + (profile.hasNonNull("labelColumn") ? " (" + Formats.text(profile, "labelColumn") + ")" : "") + ":");
            Table classes = new Table("class", "count", "share");
            for (JsonNode value : balance) {
                classes.row(Formats.text(value, "value"), Formats.text(value, "count"),
                        Formats.percent(value.path("fraction").asDouble()));
            }
            classes.print(out);
        }
    }

    /** Marks sketch estimates with "~" (the server flags them with *Exact: false). */
    private static String approximate(String value, JsonNode exact) {
        return value != null && exact.isBoolean() && !exact.asBoolean() ? "~" + value : value;
    }
}
