package io.vigil.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets no local process in without the password Vigil generated: not over
 * TCP, not over its Unix socket. The password is kept in the data directory, readable by Vigil's
 * user only; a data directory of an older Vigil, which trusted every local connection, is upgraded.
 */
class EmbeddedDatabaseAuthTest {
    @TempDir
    Path dataDir;

    @Test
    void onlyTheStoredPasswordGetsIn() throws Exception {
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            int port = portOf(database);
            assertRefused(port, null);
            assertRefused(port, "postgres");
            assertRefused(port, storedPassword() + "x");
            assertThat(canQuery(port, storedPassword())).isTrue();
        }
        assertThat(Files.getPosixFilePermissions(passwordFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(authenticationLines()).isNotEmpty().noneMatch(line -> line.contains("trust"));
    }

    @Test
    void aRestartKeepsThePasswordAndTheData() throws Exception {
        UUID id;
        String password;
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            id = DatasetRows.insert(database.jdbi(), "kept");
            password = storedPassword();
        }
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
            assertThat(storedPassword()).isEqualTo(password);
            assertRefused(portOf(database), null);
            assertThat(canQuery(portOf(database), password)).isTrue();
        }
    }

    @Test
    void aTrustingDataDirectoryOfAnOlderVigilIsUpgradedWithItsData() throws Exception {
        // what Vigil did before: the library's initdb, which trusts every local connection, and the schema
        UUID id;
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start()) {
            Flyway.configure().dataSource(old.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            id = DatasetRows.insert(Jdbi.create(old.getPostgresDatabase()), "from before the upgrade");
        }
        assertThat(authenticationLines()).anyMatch(line -> line.contains("trust")); // the starting point

        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
            int port = portOf(database);
            assertRefused(port, null);
            assertThat(canQuery(port, storedPassword())).isTrue();
        }
        assertThat(authenticationLines()).noneMatch(line -> line.contains("trust"));
        assertThat(Files.getPosixFilePermissions(passwordFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    private Path passwordFile() {
        return dataDir.resolve(EmbeddedPostgresAuth.PASSWORD_FILE);
    }

    private String storedPassword() throws Exception {
        return Files.readString(passwordFile()).strip();
    }

    private java.util.List<String> authenticationLines() throws Exception {
        return Files.readAllLines(dataDir.resolve("pg_hba.conf")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static int portOf(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("select current_setting('port')::int").mapTo(Integer.class).one());
    }

    private static void assertRefused(int port, String password) {
        assertThatThrownBy(() -> canQuery(port, password)).as("a connection with password " + password)
                .isInstanceOf(SQLException.class);
    }

    private static boolean canQuery(int port, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
             Statement s = c.createStatement()) {
            return s.executeQuery("select 1").next();
        }
    }
}
