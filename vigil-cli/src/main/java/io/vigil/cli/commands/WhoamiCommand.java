package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Query;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil whoami} over {@code GET /auth/me}. */
@Command(name = "whoami", description = "Who the server takes you for, and what you may do.")
public final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/auth/me")), WhoamiCommand::print));
    }

    private static void print(JsonNode me, PrintWriter out) {
        out.println(me.path("name").asText() + " (" + me.path("kind").asText().replace('_', ' ') + "), role " + me.path("role").asText());
        for (JsonNode may : me.path("may")) {
            out.println("  may " + may.path("meaning").asText());
        }
    }
}
