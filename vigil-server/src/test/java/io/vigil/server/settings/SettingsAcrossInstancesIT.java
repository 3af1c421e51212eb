package io.vigil.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Caller;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link RuntimeSettings} on one database, as two Vigil instances are: a change made on one is
 * in force on the other within a second (PostgreSQL {@code NOTIFY}), also after the other's listening
 * connection was ended by the server ({@code pg_terminate_backend}), and a reader on the other sees
 * the old value or the new one, never a mix.
 */
class SettingsAcrossInstancesIT {
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30); // long: the notifications must do it

    Database database;
    RuntimeSettings one;
    RuntimeSettings two;
    RuntimeSection<Thresholds> thresholdsOne;
    RuntimeSection<Thresholds> thresholdsTwo;
    final List<Thresholds> heardByTwo = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        database = Database.start(new DatabaseSettings(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password(),
                null, 0, 4));
        one = settings("vigil-settings-one");
        two = settings("vigil-settings-two");
        thresholdsOne = one.register(thresholds());
        thresholdsTwo = two.register(thresholds());
        thresholdsTwo.listen(heardByTwo::add);
        one.start();
        two.start();
    }

    @AfterEach
    void stop() {
        two.close();
        one.close();
        database.close();
    }

    @Test
    void aChangeOnOneInstanceIsInForceOnTheOtherWithinASecond() throws Exception {
        waitForListeners(2);
        for (double event : new double[] {0.6, 0.7, 0.8}) {
            long begin = System.nanoTime();
            one.change(thresholdsOne, withEvent(event), Caller.VIGIL, "test", null);
            long millis = waitFor(() -> thresholdsTwo.current().defaults().event() == event, Duration.ofSeconds(1));
            System.out.println("settings change seen by the other instance in " + millis + " ms");
            assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1_000);
        }
        assertThat(thresholdsTwo.snapshot().revision()).isEqualTo(3);
        // the listener was told each value once, whole, in order (the default first, when it subscribed)
        assertThat(heardByTwo.stream().map(t -> t.defaults().event()).toList()).containsExactly(0.5, 0.6, 0.7, 0.8);
    }

    @Test
    void aChangeIsStillSeenWhenTheListeningConnectionWasKilled() throws Exception {
        waitForListeners(2);
        int killed = database.jdbi().withHandle(h -> h.createQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where application_name = 'vigil-settings-two' and datname = current_database()").mapTo(Integer.class).one());
        assertThat(killed).isEqualTo(1);

        long begin = System.nanoTime();
        one.change(thresholdsOne, withEvent(0.9), Caller.VIGIL, "while two is deaf", null);
        // the notification went to nobody on two's side: two reconnects (within a second) and checks on reconnecting
        long millis = waitFor(() -> thresholdsTwo.current().defaults().event() == 0.9, Duration.ofSeconds(5));
        System.out.println("settings change seen after the listener's connection was killed, in " + millis + " ms");
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(3_000);
        waitForListeners(2); // it listens again: the next change comes by notification
        one.change(thresholdsOne, withEvent(0.95), Caller.VIGIL, "after", null);
        waitFor(() -> thresholdsTwo.current().defaults().event() == 0.95, Duration.ofSeconds(1));
    }

    @Test
    void withoutAnyListeningConnectionThePeriodicCheckStillBringsTheChange() throws Exception {
        // an instance that never manages to LISTEN hears no notification at all: its check every 300 ms must do
        try (RuntimeSettings deaf = new RuntimeSettings(database.jdbi(), () -> {
            throw new java.sql.SQLException("no listening connection for this one");
        }, Clock.systemUTC(), Duration.ofMillis(300))) {
            RuntimeSection<Thresholds> seen = deaf.register(thresholds());
            deaf.start();
            one.change(thresholdsOne, withEvent(0.85), Caller.VIGIL, "polled", null);
            long millis = waitFor(() -> seen.current().defaults().event() == 0.85, Duration.ofSeconds(2));
            System.out.println("settings change seen by the periodic check alone in " + millis + " ms");
        }
        // and an instance that starts later takes the stored revision before it serves
        try (RuntimeSettings later = settings("vigil-settings-later")) {
            RuntimeSection<Thresholds> seen = later.register(thresholds());
            later.start();
            assertThat(seen.current().defaults().event()).isEqualTo(0.85);
            assertThat(seen.snapshot().revision()).isEqualTo(1);
        }
    }

    @Test
    void readersOnTheOtherInstanceSeeOneWholeValueOrTheNext() throws Exception {
        waitForListeners(2);
        // critical is event + 0.1 in every revision: a reader that saw a mix would see another difference
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thresholds.ModelTypeThresholds t = thresholdsTwo.current().of("any");
                if (Math.abs(t.critical() - t.event() - 0.1) > 1e-9 && t.event() != 0.5) {
                    throw new AssertionError("a mixed value: " + t);
                }
            }
        });
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        reader.setUncaughtExceptionHandler((t, e) -> failures.add(e));
        reader.start();
        for (int i = 0; i < 20; i++) {
            double event = 0.5 + i * 0.01;
            one.change(thresholdsOne, new Thresholds(new Thresholds.ModelTypeThresholds(event, event + 0.1, 0.5), Map.of()),
                    Caller.VIGIL, null, null);
        }
        waitFor(() -> thresholdsTwo.snapshot().revision() == 20, Duration.ofSeconds(2));
        reader.interrupt();
        reader.join();
        assertThat(failures).isEmpty();
    }

    private RuntimeSettings settings(String applicationName) {
        return new RuntimeSettings(database.jdbi(), () -> database.openDedicated(applicationName), Clock.systemUTC(), CHECK_EVERY);
    }

    private static RuntimeSection<Thresholds> thresholds() {
        return RuntimeSection.of(Thresholds.SECTION, Thresholds.class, Thresholds.DEFAULT, Thresholds::validate);
    }

    private static Thresholds withEvent(double event) {
        return new Thresholds(new Thresholds.ModelTypeThresholds(event, Math.max(event, 0.9), 0.5), Map.of());
    }

    /** Waits until {@code n} settings listeners of this database are listening. */
    private void waitForListeners(int n) throws Exception {
        waitFor(() -> database.jdbi().withHandle(h -> h.createQuery("select count(*) from pg_stat_activity where datname = "
                + "current_database() and application_name like 'vigil-settings-%' and query ilike 'LISTEN%'")
                .mapTo(Integer.class).one()) >= n, Duration.ofSeconds(5));
    }

    /** Milliseconds until {@code condition} held; fails after {@code limit}. */
    private static long waitFor(Supplier<Boolean> condition, Duration limit) throws InterruptedException {
        long begin = System.nanoTime();
        while (!condition.get()) {
            if (System.nanoTime() - begin > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - begin) / 1_000_000;
    }
}
