package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil users list|create|role|disable|enable|reset-password} over {@code /auth/users} (admins). */
@Command(name = "users", description = "Manage users (admins only). Roles: admin, data_scientist, analyst, service.")
public final class UsersCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Users by name.")
    int list(@Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/auth/users").param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("username", "role", "state", "id", "created");
            for (JsonNode u : response.json().path("items")) {
                table.row(u.path("username").asText(), u.path("role").asText(), u.path("disabled").asBoolean() ? "disabled" : "enabled",
                        u.path("id").asText(), Formats.time(u.path("createdAt").asText()));
            }
            Pages.print(table, response.json(), "user", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "create", description = "Create a user. The password: --password-stdin, else $VIGIL_NEW_PASSWORD, else asked twice.")
    int create(@Parameters(paramLabel = "NAME") String username,
               @Option(names = "--role", required = true, paramLabel = "ROLE") String role,
               @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin) {
        return cli.run(spec, session -> {
            String password = cli.passwords().read(stdin, "VIGIL_NEW_PASSWORD", "password for " + username, true);
            return session.show(session.api().post(Query.path("/auth/users"),
                    Map.of("username", username, "role", role, "password", password)), UsersCommand::printUser);
        });
    }

    @Command(name = "role", description = "Give a user another role.")
    int role(@Parameters(paramLabel = "NAME", description = "username or id") String user, @Parameters(paramLabel = "ROLE") String role) {
        return change(user, Map.of("role", role));
    }

    @Command(name = "disable", description = "Disable a user: its sessions end, its tokens stop working.")
    int disable(@Parameters(paramLabel = "NAME", description = "username or id") String user) {
        return change(user, Map.of("disabled", true));
    }

    @Command(name = "enable", description = "Enable a disabled user again.")
    int enable(@Parameters(paramLabel = "NAME", description = "username or id") String user) {
        return change(user, Map.of("disabled", false));
    }

    @Command(name = "reset-password", description = "Set a user's password: --password-stdin, else $VIGIL_NEW_PASSWORD, else asked twice.")
    int resetPassword(@Parameters(paramLabel = "NAME", description = "username or id") String user,
                      @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin) {
        return cli.run(spec, session -> {
            String id = userId(session.api(), user);
            String password = cli.passwords().read(stdin, "VIGIL_NEW_PASSWORD", "new password for " + user, true);
            session.api().post(Query.path("/auth/users/", id, "/password"), Map.of("password", password));
            session.out().println("password of " + user + " set; its sessions have ended");
            return ExitCodes.OK;
        });
    }

    private int change(String user, Map<String, Object> change) {
        return cli.run(spec, session -> session.show(session.api().patch(Query.path("/auth/users/", userId(session.api(), user)), change),
                UsersCommand::printUser));
    }

    private static void printUser(JsonNode u, PrintWriter out) {
        out.println("user " + u.path("username").asText() + ": role " + u.path("role").asText()
                + (u.path("disabled").asBoolean() ? ", disabled" : "") + " (id " + u.path("id").asText() + ")");
    }

    /** A username's id (names are case-insensitive); an argument that is a UUID is taken as the id. */
    static String userId(ApiClient api, String user) throws Exception {
        if (Names.isId(user)) return user;
        for (int page = 1; ; page++) {
            JsonNode answer = api.get(Query.path("/auth/users").param("page", page).param("size", 500)).json();
            for (JsonNode u : answer.path("items")) {
                if (u.path("username").asText().toLowerCase(Locale.ROOT).equals(user.toLowerCase(Locale.ROOT))) {
                    return u.path("id").asText();
                }
            }
            if (page >= answer.path("pages").asInt(1)) {
                throw new CliException("no user named '" + user + "'", ExitCodes.FAILED);
            }
        }
    }
}
