package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil algorithms [NAME]} over {@code GET /ml/algorithms}: what {@code models create --algorithm} and {@code --param} take. */
@Command(name = "algorithms", description = "The algorithms a model may use, with their hyperparameters' defaults and ranges.")
public final class AlgorithmsCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "only this algorithm, e.g. gbm")
    String name;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/algorithms"));
            List<String> names = new ArrayList<>();
            response.json().path("algorithms").forEach(a -> names.add(a.path("name").asText()));
            if (name != null && !names.contains(name)) {
                throw new CliException("no algorithm named '" + name + "'; there are " + String.join(", ", names), ExitCodes.USAGE);
            }
            return session.show(response, this::print);
        });
    }

    private void print(JsonNode body, PrintWriter out) {
        boolean first = true;
        for (JsonNode a : body.path("algorithms")) {
            if (name != null && !name.equals(a.path("name").asText())) continue;
            if (!first) out.println();
            first = false;
            out.println(a.path("name").asText() + " (" + a.path("task").asText().replace('_', ' ') + ", target "
                    + a.path("targetVariable").asText() + ")");
            Table table = new Table("hyperparameter", "type", "default", "valid", "what");
            for (JsonNode p : a.path("hyperparameters")) {
                List<String> values = new ArrayList<>();
                p.path("values").forEach(v -> values.add(v.asText()));
                String valid = p.has("range") ? p.path("range").asText() : values.isEmpty() ? null : String.join("|", values);
                table.row(p.path("name").asText(), p.path("type").asText(), Formats.text(p, "default"), valid, Formats.text(p, "description"));
            }
            table.print(out);
        }
    }
}
