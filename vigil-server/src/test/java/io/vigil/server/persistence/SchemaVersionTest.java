package io.vigil.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.server.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The schema version is known and logged on every start, not only on the start that migrated. */
class SchemaVersionTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void aStartOnAnAlreadyMigratedDatabaseLogsItsSchemaVersion() throws Exception {
        String expected = latestMigration();
        String url = TestPostgres.freshDatabaseUrl();
        try (Database first = Database.start(DatabaseSettings.external(url, TestPostgres.user(), TestPostgres.password()))) {
            assertThat(first.schemaVersion()).isEqualTo(expected);
        }
        Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (Database again = Database.start(DatabaseSettings.external(url, TestPostgres.user(), TestPostgres.password()))) {
            assertThat(again.schemaVersion()).isEqualTo(expected); // nothing was pending this time
        } finally {
            logger.detachAppender(lines);
        }
        ILoggingEvent migrated = lines.list.stream().filter(e -> e.getMessage().equals("database migrated")).findFirst().orElseThrow();
        assertThat(migrated.getKeyValuePairs()).anySatisfy(kv -> {
            assertThat(kv.key).isEqualTo("schemaVersion");
            assertThat(kv.value).isEqualTo(expected);
        });
    }

    /** The highest {@code V<n>__} migration on the class path. */
    private static String latestMigration() throws IOException, URISyntaxException {
        Path dir = Path.of(SchemaVersionTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).max(Comparator.naturalOrder()).map(String::valueOf).orElseThrow();
        }
    }
}
