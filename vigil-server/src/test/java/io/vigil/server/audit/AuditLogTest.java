package io.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Page;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The writer of the audit log against a real database, and against none: rows are stored, or logged whole, never dropped. */
class AuditLogTest {
    static Database database;

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static AuditEvent event(String action, int i) {
        return AuditEvent.named("writer-test", Role.ANALYST, action, Map.of("id", "object-" + i), 200, "192.0.2.7", "req-" + i);
    }

    @Test
    void rowsAreStoredInBatchesWithTheInjectedTimeAndReadBackNewestFirst() {
        Instant fixed = Instant.parse("2031-02-03T04:05:06Z");
        int n = AuditLog.BATCH * 4 + 7;
        try (AuditLog audit = AuditLog.start(database.jdbi(), Clock.fixed(fixed, ZoneOffset.UTC))) {
            for (int i = 0; i < n; i++) {
                audit.record(event("POST /warm-up", i)); // JIT
            }
            audit.flush(java.time.Duration.ofSeconds(30));
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                audit.record(event("POST /writer-test", i));
            }
            double perRecordMicros = (System.nanoTime() - start) / 1e3 / n;
            Page<AuditEntry> page = audit.find(new AuditFilter(null, "POST /writer-test", null, null, null, null, null), 1, 10);
            assertThat(page.total()).isEqualTo(n);
            AuditEntry newest = page.items().get(0);
            assertThat(newest.at()).isEqualTo(fixed);
            assertThat(newest.object()).containsEntry("id", "object-" + (n - 1));
            assertThat(newest.requestId()).isEqualTo("req-" + (n - 1));
            assertThat(newest.role()).isEqualTo(Role.ANALYST);
            System.out.printf("audit: record() on the request thread %.2f us a row (queued; stored by the writer)%n", perRecordMicros);
        }
    }

    @Test
    void aRowRecordedAfterTheWriterStoppedIsStoredByTheCaller() {
        AuditLog audit = AuditLog.start(database.jdbi(), Clock.systemUTC());
        audit.close();
        audit.record(event("POST /after-close", 1)); // the path a full queue takes too
        assertThat(audit.find(new AuditFilter(null, "POST /after-close", null, null, null, null, null), 1, 10).total()).isEqualTo(1);
    }

    @Test
    void rowsTheDatabaseCannotTakeAreLoggedWholeNotDropped() {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            AuditLog audit = AuditLog.start(Jdbi.create("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1", "nobody", "nothing"),
                    Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                audit.record(event("POST /lost-" + i, i));
            }
            audit.close();
            List<ILoggingEvent> lost = lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertThat(lost).hasSize(3);
            assertThat(lost).allSatisfy(e -> assertThat(e.getKeyValuePairs()).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo("action");
                assertThat(kv.value.toString()).startsWith("POST /lost-");
            }));
        } finally {
            logger.detachAppender(lines);
        }
    }
}
