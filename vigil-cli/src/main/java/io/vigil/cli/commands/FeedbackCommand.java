package io.vigil.cli.commands;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil feedback FILE}: sends the true labels of predictions to {@code POST /ml/feedback} in
 * batches, and prints how many were accepted and refused, and each refused one with its line.
 * Items refused as not recorded yet (predictions of the last moments, still on their way to the
 * prediction log) are sent again, a second apart, a few times.
 */
@Command(name = "feedback", description = "Send the true labels of predictions (ground truth): live accuracy comes from them.",
        footer = {"", "FILE is CSV with a header (predictionId,actualLabel; an anomaly detector may take anomaly=true|false)",
                "or JSON Lines ({\"predictionId\": \"...\", \"actualLabel\": \"attack\"}); - reads stdin.",
                "", "Examples:",
                "  vigil feedback labels.csv              (exit 1 if any item was refused)",
                "  vigil predict --type intrusion --file events.jsonl --json | ...   (the predictionIds to label)"})
public final class FeedbackCommand implements Callable<Integer> {
    /** Items per request: the server's limit. */
    static final int MAX_BATCH = 10_000;
    static final int RETRIES = 5;
    static final long RETRY_MILLIS = 1_000;

    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "CSV with a header, or JSON Lines; - reads stdin")
    String file;

    @Option(names = "--batch", paramLabel = "N", description = "items per request (default and most: " + MAX_BATCH + ")")
    int batch = MAX_BATCH;

    /** The outcome of one item, as the last answer about it said. */
    private record Sent(long line, JsonNode item, JsonNode outcome) {}

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            if (batch < 1 || batch > MAX_BATCH) {
                throw new CliException("--batch: from 1 to " + MAX_BATCH, ExitCodes.USAGE);
            }
            long accepted = 0;
            long replaced = 0;
            List<Sent> refused = new ArrayList<>();
            try (FeedbackFile in = FeedbackFile.open(file)) {
                FeedbackFile.Line line = in.next();
                while (line != null) {
                    List<FeedbackFile.Line> lines = new ArrayList<>();
                    while (line != null && lines.size() < batch) {
                        lines.add(line);
                        line = in.next();
                    }
                    for (Sent s : send(session, lines)) {
                        if ("accepted".equals(s.outcome().path("status").asText())) {
                            accepted++;
                            replaced += s.outcome().path("replaced").asBoolean() ? 1 : 0;
                        } else {
                            refused.add(s);
                        }
                    }
                }
            }
            if (!session.json()) {
                print(session, accepted, replaced, refused);
            }
            return refused.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    /** One batch, and again for its items not recorded yet: each item's last outcome, in file order. */
    private List<Sent> send(Session session, List<FeedbackFile.Line> lines) throws Exception {
        List<Sent> outcomes = new ArrayList<>(lines.size());
        for (FeedbackFile.Line l : lines) {
            outcomes.add(new Sent(l.number(), l.item(), null));
        }
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(RETRY_MILLIS);
            }
            ArrayNode items = Json.MAPPER.createArrayNode();
            pending.forEach(i -> items.add(lines.get(i).item()));
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.set("items", items);
            ApiResponse response = session.api().post(Query.path("/ml/feedback"), body);
            if (session.json()) {
                session.printJson(response);
            }
            JsonNode answers = response.json().path("items");
            List<Integer> again = new ArrayList<>();
            for (int k = 0; k < pending.size(); k++) {
                int i = pending.get(k);
                JsonNode outcome = answers.get(k);
                outcomes.set(i, new Sent(lines.get(i).number(), lines.get(i).item(), outcome));
                if ("not-recorded-yet".equals(outcome.path("error").asText()) && attempt < RETRIES) {
                    again.add(i);
                }
            }
            pending = again;
        }
        return outcomes;
    }

    private static void print(Session session, long accepted, long replaced, List<Sent> refused) {
        if (!refused.isEmpty()) {
            Table table = new Table("line", "prediction id", "error", "detail");
            for (Sent s : refused) {
                table.row(s.line(), Formats.text(s.item(), "predictionId"), Formats.text(s.outcome(), "error"),
                        Formats.text(s.outcome(), "detail"));
            }
            table.print(session.out());
        }
        session.out().println(accepted + " accepted" + (replaced > 0 ? " (" + replaced + " replacing earlier feedback)" : "")
                + ", " + refused.size() + " refused");
    }
}
