package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil health MODEL} over {@code GET /ml/models/{id}/health}: the deployed version's status and each check. */
@Command(name = "health", description = "A deployed model's health: healthy, degraded or failing, and each check behind it.",
        footer = {"", "Exit status: 0 healthy, 1 degraded or failing (or an error)."})
public final class HealthCommand implements Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "its id or name")
    String model;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/models/", Names.model(session.api(), model), "/health"));
            session.show(response, HealthCommand::print);
            return "healthy".equals(Formats.text(response.json(), "status")) ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    static void print(JsonNode h, PrintWriter out) {
        out.println("model " + Formats.text(h, "modelName") + " version " + Formats.text(h, "version") + ": " + Formats.text(h, "status")
                + " (checked " + Formats.time(Formats.text(h, "checkedAt")) + ")");
        Table table = new Table("check", "status", "observed", "degraded at", "failing at", "why");
        for (JsonNode c : h.path("checks")) {
            table.row(Formats.text(c, "check"), Formats.text(c, "status"), Formats.number(c.path("observed")), Formats.text(c, "degradedAt"),
                    Formats.text(c, "failingAt"), c.hasNonNull("reason") ? Formats.text(c, "reason") : Formats.text(c, "basis"));
        }
        table.print(out);
    }
}
