package io.vigil.server.testing;

import io.vigil.server.Vigil;
import io.vigil.server.config.ConfigLoader;
import io.vigil.server.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A real Vigil on a random port with its own data directory and its own fresh database in the
 * shared test PostgreSQL. Talk to it over HTTP with {@link #http()}.
 */
public final class TestServer implements AutoCloseable {
    private final Vigil vigil;
    private final Path dataDir;
    private final HttpTestClient http;

    private TestServer(Vigil vigil, Path dataDir) {
        this.vigil = vigil;
        this.dataDir = dataDir;
        this.http = new HttpTestClient("http://127.0.0.1:" + vigil.port());
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** Starts with the given {@code VIGIL_*} settings on top of the test defaults. */
    public static TestServer start(Map<String, String> env) {
        return start(env, Clock.systemUTC());
    }

    /** Starts with the given settings and the clock the server is injected with. */
    public static TestServer start(Map<String, String> env, Clock clock) {
        try {
            Path dataDir = Files.createTempDirectory("vigil-test-");
            Map<String, String> all = new java.util.HashMap<>(Map.of(
                    "VIGIL_PORT", "0",
                    "VIGIL_DATA_DIR", dataDir.toString(),
                    "VIGIL_DB_URL", TestPostgres.freshDatabaseUrl(),
                    "VIGIL_DB_USER", TestPostgres.user(),
                    "VIGIL_DB_POOL_SIZE", "4",
                    "VIGIL_SHUTDOWN_TIMEOUT_SECONDS", "0"));
            if (TestPostgres.password() != null) {
                all.put("VIGIL_DB_PASSWORD", TestPostgres.password());
            }
            all.putAll(env);
            VigilConfig config = ConfigLoader.load(null, all);
            return new TestServer(Vigil.start(config, clock), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpTestClient http() {
        return http;
    }

    public int port() {
        return vigil.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public java.util.List<io.vigil.server.http.Route> routes() {
        return vigil.routes();
    }

    public VigilConfig config() {
        return vigil.config();
    }

    @Override
    public void close() {
        vigil.close();
    }
}
