package io.vigil.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's PostgreSQL: an embedded server or an external one, a connection pool, the
 * schema migrated by Flyway, and a {@link Jdbi} over it all.
 *
 * <p>Close it once, at shutdown: the pool first, then the embedded server if we started it.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int HEALTH_QUERY_TIMEOUT_SECONDS = 2;
    private static final long CONNECTION_TIMEOUT_MS = 5_000;

    private final EmbeddedPostgres embedded; // null when external
    private final Runnable releaseEmbedded;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String schemaVersion;
    private volatile boolean closed;

    private Database(EmbeddedPostgres embedded, Runnable releaseEmbedded, HikariDataSource dataSource, String schemaVersion) {
        this.embedded = embedded;
        this.releaseEmbedded = releaseEmbedded;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.schemaVersion = schemaVersion;
    }

    /**
     * Starts (embedded) or connects to (external) PostgreSQL and migrates the schema.
     *
     * @throws DatabaseUnavailableException if PostgreSQL cannot be started, reached or migrated
     */
    public static Database start(DatabaseSettings settings) {
        long begin = System.nanoTime();
        EmbeddedPostgres embedded = null;
        Runnable release = () -> { };
        String url = settings.jdbcUrl();
        String user = settings.user();
        String password = settings.password();
        if (settings.isEmbedded()) {
            EmbeddedPostgresStarter.Started started =
                    EmbeddedPostgresStarter.start(settings.embeddedDataDir(), settings.embeddedPort());
            embedded = started.postgres();
            release = started.release();
            url = started.jdbcUrl();
            user = EmbeddedPostgresStarter.SUPERUSER;
            password = started.password();
        }
        HikariDataSource pool = null;
        try {
            pool = openPool(url, user, password, settings.effectivePoolSize());
            String schemaVersion = migrate(pool);
            Database database = new Database(embedded, release, pool, schemaVersion);
            log.info("database ready embedded={} url={} poolSize={} millis={}", embedded != null, JdbcUrls.redact(url),
                    settings.effectivePoolSize(), (System.nanoTime() - begin) / 1_000_000);
            return database;
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            EmbeddedPostgresStarter.stop(embedded, release);
            if (e instanceof DatabaseUnavailableException) {
                throw e;
            }
            throw new DatabaseUnavailableException("database at " + JdbcUrls.redact(url) + " unavailable: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource openPool(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("vigil");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        // fail fast at start when the server is unreachable, instead of at the first request
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MS);
        return new HikariDataSource(config);
    }

    /** Applies pending migrations; returns the schema's version after them. */
    private static String migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        // the result's target version is null when nothing was pending: ask the schema history instead
        MigrationInfo current = flyway.info().current();
        String version = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
        log.atInfo().addKeyValue("applied", result.migrationsExecuted).addKeyValue("schemaVersion", version)
                .log("database migrated");
        return version;
    }

    /** The version of the schema's latest applied migration, e.g. {@code 8}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A connection of its own, outside the pool, with the pool's URL and credentials: for a session
     * that waits for good (a {@code LISTEN}), which would otherwise hold a pool connection. It shows
     * as {@code applicationName} in {@code pg_stat_activity}. The caller closes it.
     */
    public Connection openDedicated(String applicationName) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MS / 1000));
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    /** Whether this process started the PostgreSQL server (and will stop it on close). */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * Runs {@code SELECT 1} with a short timeout (for {@code GET /ready}).
     *
     * @throws DatabaseUnavailableException if the database does not answer
     */
    public void checkHealth() {
        if (closed) {
            throw new DatabaseUnavailableException("database is closed");
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(HEALTH_QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery("select 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new DatabaseUnavailableException("database health query returned no row");
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("database health check failed: " + e.getMessage(), e);
        }
    }

    /** Closes the pool, then stops the embedded server if this process started it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dataSource.close();
        EmbeddedPostgresStarter.stop(embedded, releaseEmbedded);
        log.info("database closed embedded={}", embedded != null);
    }
}
