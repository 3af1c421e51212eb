package io.vigil.server.testing;

import io.vigil.server.Vigil;
import io.vigil.server.auth.Role;
import io.vigil.server.auth.Users;
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
 * shared test PostgreSQL, with authentication on. Talk to it over HTTP with {@link #http()}, as
 * its first admin (logged in with {@link #ADMIN_PASSWORD}); {@link #as(Role)} acts with another
 * role, {@link #anonymous()} as nobody.
 */
public final class TestServer implements AutoCloseable {
    /** The first admin's password on every test server (VIGIL_ADMIN_PASSWORD). */
    public static final String ADMIN_PASSWORD = "test-admin-password-" + Long.toString(System.nanoTime(), 36);
    /** Every user {@link #as(Role)} makes has this password. */
    public static final String USER_PASSWORD = "test-user-password-" + Long.toString(System.nanoTime() + 1, 36);

    private final Vigil vigil;
    private final Path dataDir;
    private final boolean ownDataDir; // made for this server, so removed when it stops
    private final HttpTestClient anonymous;
    private final HttpTestClient http;
    private final java.util.Map<Role, HttpTestClient> byRole = new java.util.concurrent.ConcurrentHashMap<>();
    private io.vigil.server.storage.BlobStore blobs; // a second handle on the server's store, made on first use

    private TestServer(Vigil vigil, Path dataDir, boolean ownDataDir) {
        this.vigil = vigil;
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        String base = "http://127.0.0.1:" + vigil.port();
        this.anonymous = new HttpTestClient(base);
        this.http = anonymous.as("Authorization", new TestLogin(base, Users.FIRST_ADMIN, ADMIN_PASSWORD));
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
                    "VIGIL_GRPC_PORT", "0",
                    "VIGIL_DATA_DIR", dataDir.toString(),
                    "VIGIL_DB_URL", TestPostgres.freshDatabaseUrl(),
                    "VIGIL_DB_USER", TestPostgres.user(),
                    "VIGIL_DB_POOL_SIZE", "4",
                    "VIGIL_SHUTDOWN_TIMEOUT_SECONDS", "0",
                    "VIGIL_ADMIN_PASSWORD", ADMIN_PASSWORD));
            if (TestPostgres.password() != null) {
                all.put("VIGIL_DB_PASSWORD", TestPostgres.password());
            }
            all.putAll(env);
            boolean own = !env.containsKey("VIGIL_DATA_DIR");
            if (!own) { // the test keeps its data where it said: the directory made for it is not needed
                Files.deleteIfExists(dataDir);
            }
            VigilConfig config = ConfigLoader.load(null, all);
            return new TestServer(Vigil.start(config, clock), config.dataDir(), own);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client acting as the first admin: it may do everything. */
    public HttpTestClient http() {
        return http;
    }

    /** A client that sends no credential. */
    public HttpTestClient anonymous() {
        return anonymous;
    }

    /** A client logged in as a user of {@code role} (made on first use; an admin is the first admin). */
    public HttpTestClient as(Role role) {
        if (role == Role.ADMIN) {
            return http;
        }
        return byRole.computeIfAbsent(role, r -> {
            String username = "test-" + r.wire().replace('_', '-');
            createUser(username, r);
            return anonymous.as("Authorization", new TestLogin(anonymous.base(), username, USER_PASSWORD));
        });
    }

    /** Makes a user with {@link #USER_PASSWORD}; answers its id. */
    public String createUser(String username, Role role) {
        HttpTestClient.Response r = http.postJson("/auth/users", "{\"username\": \"" + username + "\", \"role\": \""
                + role.wire() + "\", \"password\": \"" + USER_PASSWORD + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("cannot create the user " + username + ": " + r);
        }
        return r.json().get("id").asText();
    }

    /** A new API key of {@code role}, as the admin made it: the key itself. */
    public String apiKey(Role role) {
        HttpTestClient.Response r = http.postJson("/auth/keys", "{\"name\": \"test " + role.wire() + "\", \"role\": \""
                + role.wire() + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("cannot create an API key: " + r);
        }
        return r.json().get("key").asText();
    }

    public int port() {
        return vigil.port();
    }

    /** The gRPC port (tests start it on a free one). */
    public int grpcPort() {
        return vigil.grpcPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public java.util.List<io.vigil.server.http.Route> routes() {
        return vigil.routes();
    }

    /** Security events, incidents and verdicts of this server (tests wait on its intake's {@code flush}). */
    public io.vigil.server.detections.Detections detections() {
        return vigil.detections();
    }

    /** The retention job of this server ({@code runOnce} runs a round now). */
    public io.vigil.server.privacy.Retention retention() {
        return vigil.retention();
    }

    public VigilConfig config() {
        return vigil.config();
    }

    /**
     * The server's blob store seen from outside, whatever its driver: another instance on the same
     * directory, bucket or container, to count or damage what the server stored.
     */
    public synchronized io.vigil.server.storage.BlobStore blobs() {
        if (blobs == null) {
            blobs = io.vigil.server.storage.BlobStores.create(config().storage(), dataDir);
        }
        return blobs;
    }

    @Override
    public void close() {
        if (blobs instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("cannot close the test's blob store: " + e);
            }
        }
        vigil.close();
        if (ownDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) { // a leftover temp directory fails no test
            System.err.println("cannot remove the test data directory " + root + ": " + e);
        }
    }
}
