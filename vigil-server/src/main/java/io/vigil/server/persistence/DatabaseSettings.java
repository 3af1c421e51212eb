package io.vigil.server.persistence;

import java.nio.file.Path;

/**
 * How to reach PostgreSQL.
 *
 * @param jdbcUrl         an external server ({@code jdbc:postgresql://...}); null or blank means
 *                        start an embedded PostgreSQL in {@code embeddedDataDir}
 * @param user            user for the external server (the embedded one uses {@code postgres})
 * @param password        password for the external server; never logged
 * @param embeddedDataDir PostgreSQL data directory of the embedded server; kept across restarts
 * @param embeddedPort    fixed port of the embedded server, 0 for any free port
 * @param poolSize        maximum connections in the pool; 0 or less means the default (10)
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, Path embeddedDataDir,
                               int embeddedPort, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseSettings {
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null; // an empty setting means "not set": embedded
        }
        if (jdbcUrl == null && embeddedDataDir == null) {
            throw new IllegalArgumentException("database: set either a jdbcUrl or an embedded data directory");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("database: embedded port out of range: " + embeddedPort);
        }
    }

    /** Settings for an embedded server in {@code dataDir} on any free port. */
    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(null, null, null, dataDir, 0, 0);
    }

    /** Settings for an external server. */
    public static DatabaseSettings external(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, user, password, null, 0, 0);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    /** The pool size to use, applying the default. */
    public int effectivePoolSize() {
        return poolSize > 0 ? poolSize : DEFAULT_POOL_SIZE;
    }

    /** Redacts the password, so settings can be logged. */
    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user
                + ", password=" + (password == null ? "null" : "***")
                + ", embeddedDataDir=" + embeddedDataDir + ", embeddedPort=" + embeddedPort
                + ", poolSize=" + poolSize + "]";
    }
}
