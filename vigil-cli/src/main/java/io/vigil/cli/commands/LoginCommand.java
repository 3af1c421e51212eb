package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.auth.SessionFile;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil login}: {@code POST /auth/login}, the session saved for this server and refreshed by later commands. */
@Command(name = "login", description = {"Log in to the server. The session is kept in a file only you can read "
        + "($VIGIL_SESSION_FILE, else ~/.config/vigil/sessions.json) and refreshed as it is used.",
        "The password: --password-stdin, else $VIGIL_PASSWORD, else asked without echo."})
public final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "the username (default: $VIGIL_USER, else admin)")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Override
    public Integer call() {
        return cli.run(spec, session -> {
            String username = user != null ? user : cli.environment().getOrDefault("VIGIL_USER", "admin");
            String password = cli.passwords().read(passwordStdin, "VIGIL_PASSWORD", "password for " + username, false);
            URI server = cli.server();
            JsonNode answer = new ApiClient(server).post(Query.path("/auth/login"), Map.of("username", username, "password", password)).json();
            SessionFile.Session saved = SessionFile.Session.of(answer);
            cli.sessions().save(server.toString(), saved);
            if (session.json()) {
                session.out().println(io.vigil.cli.http.Json.write(Map.of("username", saved.username(), "role", saved.role(),
                        "expiresAt", saved.expiresAt().toString(), "refreshExpiresAt", saved.refreshExpiresAt().toString())));
            } else {
                session.out().println("logged in to " + server + " as " + saved.username() + " (role " + saved.role()
                        + "); the session lasts until " + Formats.time(saved.refreshExpiresAt().toString()) + " if used");
            }
            return ExitCodes.OK;
        });
    }
}
