package io.vigil.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.testing.TestPostgres;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Database} against an external server: the shared test PostgreSQL. */
class DatabaseExternalTest {
    static Database database;

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(
                TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void isNotEmbedded() {
        assertThat(database.isEmbedded()).isFalse();
    }

    @Test
    void flywayCreatedTheDatasetsTable() {
        List<String> columns = database.jdbi().withHandle(h -> h.createQuery("""
                select column_name from information_schema.columns
                where table_name = 'datasets' order by ordinal_position""").mapTo(String.class).list());
        assertThat(columns).containsExactly("id", "name", "description", "format", "read_options",
                "label_column", "original_filename", "content_type", "blob_key", "sha256", "size_bytes",
                "row_count", "column_count", "schema", "stats", "created_at");

        List<String> indexes = database.jdbi().withHandle(h -> h.createQuery(
                "select indexdef from pg_indexes where tablename = 'datasets'").mapTo(String.class).list());
        assertThat(String.join("\n", indexes))
                .contains("(created_at)").contains("lower(name)").contains("(blob_key)");

        Integer applied = database.jdbi().withHandle(h -> h.createQuery(
                "select count(*) from flyway_schema_history where success and version = '1'")
                .mapTo(Integer.class).one());
        assertThat(applied).isEqualTo(1);
    }

    @Test
    void rowsRoundTripWithJsonb() {
        UUID id = DatasetRows.insert(database.jdbi(), "KDD Cup 99");
        assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
        String delimiter = database.jdbi().withHandle(h -> h.createQuery(
                "select read_options->>'delimiter' from datasets where id = :id").bind("id", id)
                .mapTo(String.class).one());
        assertThat(delimiter).isEqualTo(",");
        Integer byName = database.jdbi().withHandle(h -> h.createQuery(
                "select count(*) from datasets where lower(name) = lower(:name)").bind("name", "kdd cup 99")
                .mapTo(Integer.class).one());
        assertThat(byName).isGreaterThanOrEqualTo(1);
    }

    @Test
    void checkHealth() {
        database.checkHealth();
    }

    @Test
    void migratingTwiceIsANoOp() {
        String url = TestPostgres.freshDatabaseUrl();
        try (Database first = Database.start(DatabaseSettings.external(url, TestPostgres.user(), null))) {
            DatasetRows.insert(first.jdbi(), "kept");
        }
        try (Database second = Database.start(DatabaseSettings.external(url, TestPostgres.user(), null))) {
            Integer rows = second.jdbi().withHandle(h -> h.createQuery("select count(*) from datasets")
                    .mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    @Test
    void closedDatabaseIsUnhealthy() {
        Database other = Database.start(DatabaseSettings.external(
                TestPostgres.freshDatabaseUrl(), TestPostgres.user(), null));
        other.close();
        other.close(); // idempotent
        assertThatThrownBy(other::checkHealth).isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void unreachableServerFailsFastWithoutLeakingThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long begin = System.nanoTime();
        assertThatThrownBy(() -> Database.start(DatabaseSettings.external(
                "jdbc:postgresql://localhost:" + closedPort + "/vigil?password=s3cret", "vigil", "hunter2")))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void settingsNeverPrintThePassword() {
        assertThat(DatabaseSettings.external("jdbc:postgresql://db/vigil", "vigil", "hunter2").toString())
                .doesNotContain("hunter2").contains("***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/vigil?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/vigil?user=u&password=***&ssl=true");
    }
}
