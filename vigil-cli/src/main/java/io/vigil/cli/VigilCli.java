package io.vigil.cli;

import io.vigil.cli.auth.Passwords;
import io.vigil.cli.auth.SessionCredentials;
import io.vigil.cli.auth.SessionFile;
import io.vigil.cli.commands.AlertChannelsCommand;
import io.vigil.cli.commands.AlertsCommand;
import io.vigil.cli.commands.AlgorithmsCommand;
import io.vigil.cli.commands.ConfigCommand;
import io.vigil.cli.commands.AnomalyCommand;
import io.vigil.cli.commands.AssetsCommand;
import io.vigil.cli.commands.EventsCommand;
import io.vigil.cli.commands.AuditCommand;
import io.vigil.cli.commands.ExperimentsCommand;
import io.vigil.cli.commands.FeedbackCommand;
import io.vigil.cli.commands.HealthCommand;
import io.vigil.cli.commands.IncidentsCommand;
import io.vigil.cli.commands.KeysCommand;
import io.vigil.cli.commands.LoginCommand;
import io.vigil.cli.commands.LogoutCommand;
import io.vigil.cli.commands.UsersCommand;
import io.vigil.cli.commands.WhoamiCommand;
import io.vigil.cli.commands.DatasetsCommand;
import io.vigil.cli.commands.JobsCommand;
import io.vigil.cli.commands.ModelsCommand;
import io.vigil.cli.commands.PredictCommand;
import io.vigil.cli.commands.RetrainingCommand;
import io.vigil.cli.commands.ServingCommand;
import io.vigil.cli.commands.StreamsCommand;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.Credentials;
import io.vigil.cli.http.ServerError;
import io.vigil.cli.http.ServerUnreachable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code vigil} command: talks to a Vigil server over HTTP only. Every command goes through
 * {@link #run}, which turns the server's problem documents and connection failures into
 * "error: ..." on stderr and an exit code (see {@link ExitCodes}).
 */
// scope INHERIT: every subcommand, down to `models train`, gets --help and --version
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VigilCli.Version.class, scope = ScopeType.INHERIT,
        description = "Command-line client of a Vigil server.",
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, DatasetsCommand.class, ModelsCommand.class,
                PredictCommand.class, FeedbackCommand.class, ExperimentsCommand.class, JobsCommand.class, ServingCommand.class, StreamsCommand.class, AlgorithmsCommand.class, UsersCommand.class,
                KeysCommand.class, AuditCommand.class, RetrainingCommand.class, HealthCommand.class, AlertsCommand.class,
                AssetsCommand.class, AnomalyCommand.class, EventsCommand.class, IncidentsCommand.class, ConfigCommand.class},
        footer = {"", "A model or dataset is taken by its id or by its name (a name several datasets share: exit 2, with their ids).",
                "", "Identity: $VIGIL_API_KEY (an API key), else $VIGIL_TOKEN (an access token), else the session of `vigil login`.",
                "", "Exit status: 0 ok; 1 the server refused, or the job or validation failed;",
                "2 usage error; 3 no server at the URL."})
public final class VigilCli {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Vigil server (default: $VIGIL_URL, else " + DEFAULT_URL + ")")
    String url;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the server's JSON instead of tables (for scripts)")
    boolean json;

    private final Map<String, String> environment;

    public VigilCli() {
        this(System.getenv());
    }

    /** With a given environment (tests), for VIGIL_URL, VIGIL_API_KEY, VIGIL_TOKEN and the session file. */
    public VigilCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What a command does with a session; its result is the exit code. */
    @FunctionalInterface
    public interface Action {
        int run(Session session) throws Exception;
    }

    /** Runs {@code action} and maps every failure to a message on stderr and an exit code. */
    public int run(CommandSpec spec, Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            URI server = serverUrl();
            return action.run(new Session(new ApiClient(server, credentials(server)), out, err, json));
        } catch (ServerError e) {
            err.println("error: " + e.detail());
            List<String> fields = e.fieldErrors();
            if (!(fields.size() == 1 && fields.get(0).equals(e.detail()))) { // the detail is often the only error, said once
                for (String field : fields) err.println("  " + field);
            }
            if (e.status() == 401) {
                err.println("hint: log in with ./vigil login, or set VIGIL_API_KEY to an API key");
            }
            return ExitCodes.FAILED;
        } catch (ServerUnreachable e) {
            err.println("error: " + e.getMessage());
            err.println("hint: is the server running? ./vigil serve");
            return ExitCodes.UNREACHABLE;
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return ExitCodes.FAILED;
        } catch (Exception e) {
            err.println("error: " + e);
            return ExitCodes.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** VIGIL_API_KEY, else VIGIL_TOKEN, else the session {@code vigil login} saved for {@code server}. */
    Credentials credentials(URI server) {
        String key = environment.get("VIGIL_API_KEY");
        if (key != null && !key.isBlank()) return Credentials.apiKey(key.strip());
        String token = environment.get("VIGIL_TOKEN");
        if (token != null && !token.isBlank()) return Credentials.token(token.strip());
        return new SessionCredentials(sessions(), server, java.time.Clock.systemUTC());
    }

    /** The environment the client runs with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Where {@code vigil login} keeps sessions. */
    public SessionFile sessions() {
        return SessionFile.from(environment);
    }

    /** Where passwords come from: stdin, the environment, the terminal. */
    public Passwords passwords() {
        return new Passwords(environment, System.in, System.console());
    }

    /** The server's URL as the user gave it (or the default), for commands that keep per-server state. */
    public URI server() throws CliException {
        return serverUrl();
    }

    /** --url, else $VIGIL_URL, else the local default; only http(s) URLs. */
    URI serverUrl() throws CliException {
        String value = url != null ? url : environment.getOrDefault("VIGIL_URL", "");
        if (value.isBlank()) value = DEFAULT_URL;
        try {
            URI uri = new URI(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected http://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("bad server URL '" + value + "': expected http://host:port", ExitCodes.USAGE);
        }
    }

    /** The version written into the jar's manifest by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = VigilCli.class.getPackage().getImplementationVersion();
            return new String[] {"vigil-cli " + (version == null ? "(development build)" : version)};
        }
    }
}
