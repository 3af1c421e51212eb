package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil audit}: the audit log over {@code GET /ml/audit} (admins), newest first, filtered and paged. */
@Command(name = "audit", description = "Read the audit log (admins only): every change, login and refusal, newest first.")
public final class AuditCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", description = "a user's name, or key:<prefix> for an API key")
    String user;

    @Option(names = "--action", paramLabel = "ACTION", description = "'POST /ml/models/{id}/deploy', or a route alone for any method")
    String action;

    @Option(names = "--object", paramLabel = "ID", description = "rows about this id (a model, a dataset, a user, a key, ...)")
    String object;

    @Option(names = "--since", paramLabel = "WHEN", description = "an ISO time (2026-05-01T00:00:00Z), or ago: 30m, 12h, 7d")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "the same, excluded")
    String until;

    @Option(names = "--result", paramLabel = "STATUS", description = "a status (403) or a class (2xx, 4xx)")
    String result;

    @Option(names = "--page", paramLabel = "N")
    Integer page;

    @Option(names = "--size", paramLabel = "N")
    Integer size;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/audit").param("user", user).param("action", action)
                    .param("object", object).param("from", Times.when("--since", since)).param("to", Times.when("--until", until))
                    .param("result", result).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("time", "who", "role", "action", "object", "result", "address", "request id");
            for (JsonNode row : response.json().path("items")) {
                table.row(Formats.time(row.path("at").asText()), row.path("actor").isNull() ? "(nobody)" : row.path("actor").asText(),
                        row.path("role").isNull() ? "-" : row.path("role").asText(), row.path("action").asText(),
                        object(row.path("object")), row.path("result").asText(), row.path("address").asText(),
                        row.path("requestId").asText("-"));
            }
            Pages.print(table, response.json(), "row", session.out());
            return ExitCodes.OK;
        });
    }

    private static String object(JsonNode ids) {
        StringJoiner text = new StringJoiner(" ");
        for (Iterator<Map.Entry<String, JsonNode>> it = ids.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            text.add(e.getKey() + "=" + e.getValue().asText());
        }
        return text.length() == 0 ? "-" : text.toString();
    }
}
