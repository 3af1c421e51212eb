package io.vigil.server.settings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread ({@code vigil-settings}) that hears other instances' changes: it {@code LISTEN}s on
 * {@link SettingsRepository#CHANNEL} on a connection of its own and hands each notified section to
 * {@code changed}. Notifications are not queued for a session that is gone, so after every
 * (re)connection, and every {@code checkEvery} besides, it calls {@code checkAll}, which compares
 * each section's latest stored revision with the one in force: a lost notification or a dropped
 * connection delays a change by at most that long. A connection that fails (or was ended, as by
 * {@code pg_terminate_backend}) is replaced, retried every second while the database is away.
 */
final class SettingsNotifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SettingsNotifications.class);
    /** How long one wait for notifications lasts: also how long {@link #close} may take. */
    private static final int WAIT_MILLIS = 250;
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RuntimeSettings.Connections connections;
    private final Consumer<String> changed;
    private final Runnable checkAll;
    private final long checkEveryNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection; // the thread's own

    SettingsNotifications(RuntimeSettings.Connections connections, Consumer<String> changed, Runnable checkAll, Duration checkEvery) {
        this.connections = connections;
        this.changed = changed;
        this.checkAll = checkAll;
        this.checkEveryNanos = checkEvery.toNanos();
        this.thread = new Thread(this::run, "vigil-settings");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long nextCheck = System.nanoTime() + checkEveryNanos;
        long nextConnect = System.nanoTime();
        while (running) {
            try {
                if (connection == null && System.nanoTime() - nextConnect >= 0) {
                    nextConnect = System.nanoTime() + RETRY_NANOS;
                    connect();
                    check(); // what was announced while no one listened
                    nextCheck = System.nanoTime() + checkEveryNanos;
                }
                if (connection == null) {
                    Thread.sleep(WAIT_MILLIS);
                } else {
                    PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            changed.accept(notification.getParameter());
                        }
                    }
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + checkEveryNanos;
                    if (connection != null) {
                        ping(); // a connection dropped in silence is found here, not never
                    }
                    check(); // with or without a listening connection
                }
            } catch (SQLException e) {
                if (running) {
                    log.atWarn().addKeyValue("error", e.getMessage()).log("settings listener has no connection; retrying");
                }
                if (connection != null) { // a connection that worked is replaced at once; a failing database is retried each second
                    nextConnect = System.nanoTime();
                }
                disconnect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) { // a reload that failed: the next notification or check tries again
                log.atError().setCause(e).log("settings reload failed");
            }
        }
        disconnect();
    }

    private void connect() throws SQLException {
        Connection opened = connections.open();
        try (Statement statement = opened.createStatement()) {
            statement.execute("LISTEN " + SettingsRepository.CHANNEL);
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        connection = opened;
        log.atDebug().log("settings listener connected");
    }

    private void ping() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        }
    }

    private void check() {
        try {
            checkAll.run();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("settings check failed; trying again later");
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is gone either way
            }
            connection = null;
        }
    }

    /** Stops the thread (within {@link #WAIT_MILLIS} or so) and closes its connection. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
