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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil keys create|list|revoke} over {@code /auth/keys} (admins): API keys for machines and scripts. */
@Command(name = "keys", description = "Manage API keys (admins only). A script sends one as $VIGIL_API_KEY.")
public final class KeysCommand {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([hd])");

    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Make a key. It is printed once: keep it, the server only stores its hash.")
    int create(@Option(names = "--name", required = true, paramLabel = "N", description = "what it is for, e.g. zeek-sensor-3") String name,
               @Option(names = "--role", required = true, paramLabel = "ROLE", description = "service, analyst, data_scientist or admin") String role,
               @Option(names = "--expires", paramLabel = "WHEN", description = "an ISO time (2027-01-31T00:00:00Z) or from now (12h, 90d); default: never")
               String expires) {
        return cli.run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            if (expires != null) body.put("expiresAt", when(expires).toString());
            ApiResponse response = session.api().post(Query.path("/auth/keys"), body);
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            JsonNode key = response.json();
            session.out().println(key.path("key").asText());
            session.err().println("API key " + key.path("prefix").asText() + "... (" + key.path("name").asText() + ", role "
                    + key.path("role").asText() + ", id " + key.path("id").asText() + "): shown once, keep it now");
            return ExitCodes.OK;
        });
    }

    @Command(name = "list", description = "Keys, newest first (never the keys themselves).")
    int list(@Option(names = "--all", description = "revoked keys too") boolean all,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/auth/keys").param("includeRevoked", all ? "true" : null)
                    .param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("prefix", "name", "role", "state", "expires", "created by", "id");
            for (JsonNode k : response.json().path("items")) {
                String state = !k.path("revokedAt").isNull() ? "revoked" : "valid";
                table.row(k.path("prefix").asText(), k.path("name").asText(), k.path("role").asText(), state,
                        k.path("expiresAt").isNull() ? "never" : Formats.time(k.path("expiresAt").asText()),
                        k.path("createdBy").asText(), k.path("id").asText());
            }
            Pages.print(table, response.json(), "key", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "revoke", description = "Revoke a key at once (other servers stop taking it within seconds).")
    int revoke(@Parameters(paramLabel = "KEY", description = "its id or its prefix (vgl_...)") String key) {
        return cli.run(spec, session -> {
            String id = keyId(session.api(), key);
            session.api().delete(Query.path("/auth/keys/", id));
            session.out().println("revoked API key " + key);
            return ExitCodes.OK;
        });
    }

    private static String keyId(ApiClient api, String given) throws Exception {
        if (Names.isId(given)) return given;
        for (int page = 1; ; page++) {
            JsonNode answer = api.get(Query.path("/auth/keys").param("includeRevoked", "true").param("page", page).param("size", 500)).json();
            for (JsonNode k : answer.path("items")) {
                if (given.startsWith(k.path("prefix").asText())) return k.path("id").asText();
            }
            if (page >= answer.path("pages").asInt(1)) {
                throw new CliException("no API key with prefix '" + given + "'", ExitCodes.FAILED);
            }
        }
    }

    private static Instant when(String given) throws CliException {
        Matcher relative = RELATIVE.matcher(given.strip());
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            return Instant.now().plus(relative.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n));
        }
        try {
            return Instant.parse(given.strip());
        } catch (DateTimeParseException e) {
            throw new CliException("--expires: give an ISO time such as 2027-01-31T00:00:00Z, or 12h / 90d from now", ExitCodes.USAGE);
        }
    }
}
