package io.vigil.cli.commands;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.auth.SessionFile;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.Query;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil logout}: {@code POST /auth/logout}, and the saved session is forgotten. */
@Command(name = "logout", description = "End the session `vigil login` keeps for this server.")
public final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            URI server = cli.server();
            Optional<SessionFile.Session> saved = cli.sessions().find(server.toString());
            if (saved.isEmpty()) {
                session.out().println("not logged in to " + server);
                return ExitCodes.OK;
            }
            cli.sessions().remove(server.toString()); // forgotten here even if the server cannot be told
            new ApiClient(server).post(Query.path("/auth/logout"), Map.of("refreshToken", saved.get().refreshToken()));
            session.out().println("logged out of " + server);
            return ExitCodes.OK;
        });
    }
}
