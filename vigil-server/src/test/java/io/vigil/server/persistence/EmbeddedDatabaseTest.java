package io.vigil.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Database} starting its own PostgreSQL on a persistent data directory. */
class EmbeddedDatabaseTest {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseTest.class);

    @TempDir
    Path dataDir;

    @Test
    void rowsSurviveARestartOnTheSameDirectory() {
        UUID id;
        long begin = System.nanoTime();
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            log.info("timing embedded first start (initdb) millis={}", millis(begin));
            assertThat(database.isEmbedded()).isTrue();
            database.checkHealth();
            id = DatasetRows.insert(database.jdbi(), "survives");
        }
        begin = System.nanoTime();
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            log.info("timing embedded restart millis={}", millis(begin));
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
            String fsync = database.jdbi().withHandle(h -> h.createQuery("show fsync").mapTo(String.class).one());
            String syncCommit = database.jdbi().withHandle(h ->
                    h.createQuery("show synchronous_commit").mapTo(String.class).one());
            assertThat(fsync).as("durability must be on for real data").isEqualTo("on");
            assertThat(syncCommit).isEqualTo("on");
        }
    }

    @Test
    void fixedPortAndOneServerPerDirectory() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabaseSettings settings = new DatabaseSettings(null, null, null, dataDir, port, 3);
        try (Database database = Database.start(settings)) {
            int actualPort = database.jdbi().withHandle(h ->
                    h.createQuery("select current_setting('port')::int").mapTo(Integer.class).one());
            assertThat(actualPort).isEqualTo(port);
            assertThatThrownBy(() -> Database.start(DatabaseSettings.embedded(dataDir)))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("in use by another Vigil in this process")
                    .hasMessageContaining("external PostgreSQL");
            database.checkHealth(); // the refused second start did not disturb the first
        }
    }

    @Test
    void fixedPortInUseFailsFast() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long begin = System.nanoTime();
            assertThatThrownBy(() -> Database.start(
                    new DatabaseSettings(null, null, null, dataDir, taken.getLocalPort(), 0)))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("already in use");
            assertThat(millis(begin)).isLessThan(10_000);
        }
    }

    @Test
    void healthCheckFailsOnceClosed() {
        Database database = Database.start(DatabaseSettings.embedded(dataDir));
        database.close();
        assertThatThrownBy(database::checkHealth).isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void refusesADirectoryThatHoldsSomethingElse() throws Exception {
        java.nio.file.Files.writeString(dataDir.resolve("precious.txt"), "not a database");
        assertThatThrownBy(() -> Database.start(DatabaseSettings.embedded(dataDir)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("not a PostgreSQL data directory");
        assertThat(dataDir.resolve("precious.txt")).hasContent("not a database");
    }

    @Test
    void blankUrlMeansEmbedded() {
        assertThat(new DatabaseSettings(" ", null, null, dataDir, 0, 0).isEmbedded()).isTrue();
        assertThatThrownBy(() -> new DatabaseSettings(null, null, null, null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long millis(long begin) {
        return (System.nanoTime() - begin) / 1_000_000;
    }
}
