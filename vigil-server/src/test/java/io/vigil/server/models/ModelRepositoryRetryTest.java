package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lifecycle transaction that PostgreSQL aborts to break a deadlock runs again instead of failing. */
class ModelRepositoryRetryTest {
    private static Database database;
    private static ModelRepository repository;

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(),
                TestPostgres.password()));
        repository = new ModelRepository(database.jdbi());
        database.jdbi().useHandle(h -> h.execute("create table probe (id int primary key, writes int not null)"));
    }

    @BeforeEach
    void emptyProbe() {
        database.jdbi().useHandle(h -> {
            h.execute("delete from probe");
            h.execute("insert into probe values (1, 0), (2, 0)");
        });
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void aDeadlockIsBrokenAndBothTransactionsCommitOnce() throws Exception {
        CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Void> forward = CompletableFuture.runAsync(() -> writeBoth(1, 2, bothHoldOneRow, attempts));
        CompletableFuture<Void> backward = CompletableFuture.runAsync(() -> writeBoth(2, 1, bothHoldOneRow, attempts));
        forward.get(30, TimeUnit.SECONDS); // each would throw the deadlock error if it were not retried
        backward.get(30, TimeUnit.SECONDS);

        // one of the two ran again; on a loaded machine PostgreSQL's deadlock checks of both sessions can
        // each abort one (it happened once in CI), so both may have: what matters is each kept its writes once
        assertThat(attempts.get()).as("a transaction ran again").isBetween(3, 4);
        List<Integer> writes = database.jdbi().withHandle(h -> h.createQuery("select writes from probe order by id")
                .mapTo(Integer.class).list());
        assertThat(writes).as("each transaction's writes kept exactly once").containsExactly(2, 2);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> repository.inTransactionRetrying(h -> {
            attempts.incrementAndGet();
            throw VigilException.conflict("not a database conflict");
        })).isInstanceOf(VigilException.class);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aConflictThatKeepsComingBackEndsAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> repository.inTransactionRetrying(h -> {
            attempts.incrementAndGet();
            h.execute("do $$ begin raise exception 'conflict' using errcode = '40001'; end $$");
            return null;
        })).hasStackTraceContaining("40001");
        assertThat(attempts.get()).isEqualTo(RetryingTransactions.MAX_ATTEMPTS);
    }

    /** Locks {@code first}, waits until the other transaction holds the other row, then locks {@code second}. */
    private void writeBoth(int first, int second, CyclicBarrier barrier, AtomicInteger attempts) {
        repository.inTransactionRetrying(h -> {
            boolean firstAttemptOfAll = attempts.incrementAndGet() <= 2;
            write(h, first);
            if (firstAttemptOfAll) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            write(h, second);
            return null;
        });
    }

    private static void write(Handle h, int id) {
        h.createUpdate("update probe set writes = writes + 1 where id = :id").bind("id", id).execute();
    }
}
