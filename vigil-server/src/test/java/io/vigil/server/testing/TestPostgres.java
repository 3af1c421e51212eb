package io.vigil.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * One real PostgreSQL per test JVM, started on first use and stopped by a shutdown hook.
 * Each integration test class asks for {@link #freshDatabaseUrl()} and gets its own empty
 * database, so classes are isolated without paying for a PostgreSQL start each.
 *
 * <p>Authentication is {@code trust}: {@link #user()} is {@code postgres}, {@link #password()}
 * is null. Durability is off (fsync off), which is right for tests only.
 */
public final class TestPostgres {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    /** Creates a new empty database and returns its JDBC URL (without credentials). */
    public static String freshDatabaseUrl() {
        EmbeddedPostgres pg = server();
        String name = "t_" + HexFormat.of().formatHex(randomBytes(8));
        try (Connection connection = pg.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name); // name is generated: no injection
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
    }

    public static String user() {
        return "postgres";
    }

    /** Null: the test server trusts local connections. */
    public static String password() {
        return null;
    }

    /** The port of the shared server (starting it if needed). */
    public static int port() {
        return server().getPort();
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dataDir = Files.createTempDirectory("vigil-test-pg-");
                long begin = System.nanoTime();
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setPgBinaryResolver(io.vigil.server.persistence.ClassPathPostgresBinaries.INSTANCE)
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(true) // deleted when closed
                        .start();
                System.getLogger(TestPostgres.class.getName()).log(System.Logger.Level.INFO,
                        "test postgres started port={0} millis={1}", started.getPort(),
                        (System.nanoTime() - begin) / 1_000_000);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // the JVM is exiting; the library logs the failure
                    }
                }, "test-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL", e);
            }
        }
        return server;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
