package io.vigil.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.Session;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil predict}: scores records with a deployed model through {@code POST /ml/predict}.
 * One record given as JSON prints its verdict; a file of records (JSON Lines or a JSON array) is
 * sent in batches of {@value #BATCH} and prints one line per record, failed records included.
 */
@Command(name = "predict", description = "Score records with a deployed model: one JSON object, or a file of them.",
        footer = {"", "Examples:",
                "  vigil predict --type intrusion '{\"duration\": 0, \"protocol_type\": \"tcp\", ...}' --explain",
                "  vigil predict --type intrusion --file events.jsonl      (exit 1 if any record failed)"})
public final class PredictCommand implements Callable<Integer> {
    static final int BATCH = 1000;

    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--type", paramLabel = "T", description = "the active model of this type") String type;
        @Option(names = "--model", paramLabel = "ID", description = "a model by id or name (its deployed version unless --version)") String model;
    }

    @Option(names = "--version", paramLabel = "V", description = "with --model: this version") Integer version;

    @Option(names = "--explain", description = "add each verdict's largest feature contributions") boolean explain;

    @Option(names = "--top", paramLabel = "K", description = "contributions shown with --explain (default: the server's)") Integer top;

    @Option(names = "--file", paramLabel = "FILE", description = "records as JSON Lines or a JSON array; - reads stdin") String file;

    @Parameters(arity = "0..1", paramLabel = "RECORD", description = "one record: a JSON object of feature name to value")
    String record;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            if ((record == null) == (file == null)) {
                throw new CliException("give one RECORD as JSON, or --file with records", ExitCodes.USAGE);
            }
            if (version != null && target.model == null) {
                throw new CliException("--version goes with --model", ExitCodes.USAGE);
            }
            return record != null ? one(session, parseRecord(record, "RECORD")) : many(session);
        });
    }

    private int one(Session session, ObjectNode features) throws Exception {
        ObjectNode body = request();
        body.set("features", features);
        ApiResponse response = session.api().post(Query.path("/ml/predict"), body);
        if (session.json()) {
            session.printJson(response);
        } else {
            printVerdict(response.json(), session.out());
        }
        return ExitCodes.OK;
    }

    private int many(Session session) throws Exception {
        int failed = 0;
        int index = 0;
        Table table = session.json() ? null : explain
                ? new Table("#", "label", "confidence", "anomaly score", "why", "error")
                : new Table("#", "label", "confidence", "anomaly score", "error");
        try (Records records = Records.open(file)) {
            while (records.hasNext()) {
                ArrayNode instances = Json.MAPPER.createArrayNode();
                while (records.hasNext() && instances.size() < BATCH) {
                    instances.add(records.next());
                }
                ObjectNode body = request();
                body.set("instances", instances);
                ApiResponse response = session.api().post(Query.path("/ml/predict"), body);
                if (session.json()) {
                    session.printJson(response);
                }
                int position = 0;
                for (JsonNode p : response.json().path("predictions")) { // in record order
                    int at = index + position++;
                    JsonNode error = p.get("error");
                    failed += error == null ? 0 : 1;
                    if (table != null && explain) {
                        table.row(at, Formats.text(p, "label"), Formats.text(p, "confidence"), Formats.text(p, "anomalyScore"),
                                why(p.get("explanation")), error == null ? null : errorText(error));
                    } else if (table != null) {
                        table.row(at, Formats.text(p, "label"), Formats.text(p, "confidence"), Formats.text(p, "anomalyScore"),
                                error == null ? null : errorText(error));
                    }
                }
                index += instances.size();
            }
        }
        if (table != null) {
            table.print(session.out());
            session.out().println(index + " records, " + failed + " failed");
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private ObjectNode request() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (target.type != null) body.put("modelType", target.type);
        // the API takes a model by id or by name itself
        if (target.model != null) body.put(Names.isId(target.model) ? "modelId" : "modelName", target.model.strip());
        if (version != null) body.put("version", version);
        if (explain) body.put("explain", true);
        if (top != null) body.put("topK", top);
        return body;
    }

    static void printVerdict(JsonNode p, PrintWriter out) {
        out.println("label:         " + Formats.text(p, "label"));
        out.println("confidence:    " + Formats.text(p, "confidence"));
        StringBuilder probabilities = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("probabilities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            probabilities.append(probabilities.length() == 0 ? "" : "  ").append(e.getKey()).append('=').append(Formats.number(e.getValue()));
        }
        out.println("probabilities: " + probabilities);
        if (p.has("anomalyScore")) {
            out.println("anomaly score: " + Formats.text(p, "anomalyScore") + (p.path("anomaly").asBoolean() ? " (anomaly)" : ""));
        }
        JsonNode model = p.path("model");
        out.println("model:         " + Formats.text(model, "name") + " version " + Formats.text(model, "version"));
        out.println("prediction id: " + Formats.text(p, "predictionId"));
        JsonNode why = p.get("explanation");
        if (why != null) {
            out.println();
            // classifiers explain log-odds, an isolation forest -E(h), the statistical detectors their score
            String margin = why.hasNonNull("marginOf") ? why.get("marginOf").asText() + " " : "log-odds ";
            out.println("why " + Formats.text(why, "explainedClass") + " (" + margin + Formats.text(why, "margin")
                    + " = bias " + Formats.text(why, "bias") + " + contributions):");
            Table contributions = new Table("feature", "value", "contribution");
            for (JsonNode c : why.path("contributions")) {
                contributions.row(Formats.text(c, "feature"), Formats.text(c, "value"), Formats.text(c, "contribution"));
            }
            contributions.print(out);
        }
    }

    /** A verdict's largest contributions on one line: {@code duration +1.49, orig_bytes +0.9}. */
    static String why(JsonNode explanation) {
        if (explanation == null) return null;
        List<String> parts = new ArrayList<>();
        for (JsonNode c : explanation.path("contributions")) {
            double value = c.path("contribution").asDouble();
            parts.add(Formats.text(c, "feature") + " " + (value >= 0 ? "+" : "") + Formats.number(c.path("contribution")));
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String errorText(JsonNode error) {
        List<String> fields = new ArrayList<>();
        for (JsonNode e : error.path("errors")) {
            fields.add(Formats.text(e, "field") + ": " + Formats.text(e, "message"));
        }
        return fields.isEmpty() ? Formats.text(error, "detail") : String.join("; ", fields);
    }

    private static ObjectNode parseRecord(String text, String where) throws CliException {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode object) return object;
            throw new CliException(where + " must be a JSON object of feature name to value", ExitCodes.USAGE);
        } catch (JsonProcessingException e) {
            throw new CliException(where + " is not JSON: " + e.getOriginalMessage(), ExitCodes.USAGE);
        }
    }

    /** The records of a file, read one at a time: JSON Lines, or one JSON array of objects. */
    private static final class Records implements AutoCloseable {
        private final BufferedReader reader;
        private final Iterator<JsonNode> array;
        private final String name;
        private String nextLine;
        private long line;

        private Records(BufferedReader reader, Iterator<JsonNode> array, String name) {
            this.reader = reader;
            this.array = array;
            this.name = name;
        }

        static Records open(String file) throws IOException, CliException {
            BufferedReader reader = TextInputs.open(file);
            if (TextInputs.firstNonBlank(reader) == '[') { // a JSON array: small enough to read whole
                JsonNode all = Json.MAPPER.readTree(reader);
                reader.close();
                return new Records(null, all.iterator(), file);
            }
            Records records = new Records(reader, null, file);
            records.advance();
            return records;
        }

        boolean hasNext() {
            return array != null ? array.hasNext() : nextLine != null;
        }

        ObjectNode next() throws IOException, CliException {
            if (array != null) {
                JsonNode node = array.next();
                if (node instanceof ObjectNode object) return object;
                throw new CliException(name + ": every element of the array must be a JSON object", ExitCodes.USAGE);
            }
            ObjectNode record = parseRecord(nextLine, name + " line " + line);
            advance();
            return record;
        }

        private void advance() throws IOException {
            do {
                nextLine = reader.readLine();
                line++;
            } while (nextLine != null && nextLine.isBlank());
        }

        @Override
        public void close() throws IOException {
            if (reader != null) reader.close();
        }
    }
}
