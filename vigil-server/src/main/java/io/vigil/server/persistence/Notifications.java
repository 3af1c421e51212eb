package io.vigil.server.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the instances sharing one PostgreSQL tell each other what changed: one {@code LISTEN}ing
 * connection per instance (outside the pool, {@link Database#openDedicated}), on which any number of
 * channels are listened to, and the thread ({@code vigil-notify}) that reads it.
 *
 * <p>A writer announces a change with {@link #notify(Handle, String, String)} in the transaction that
 * makes it: PostgreSQL delivers it at the commit, to every listener, this instance's included, and
 * never for a rolled-back change. Each {@link #subscribe subscriber} gets the payloads of its channel
 * on a thread of its own (in order; a slow one, such as a model that loads, delays no other).
 *
 * <p>Notifications are not kept for a session that is gone, so a subscriber may give a check: run
 * after every (re)connection, when its channel starts being listened to, and every {@code checkEvery}
 * besides, it compares what is in force with the database. A lost notification or a dropped
 * connection then delays a change by at most that long. A connection that fails (or was ended, as
 * by {@code pg_terminate_backend}) is replaced at once, then retried every second while the database
 * is away; one that dies in silence is found by a round trip every {@link #PING_EVERY}.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    /** PostgreSQL refuses a payload of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 7999;
    /** How long one wait for notifications lasts: also about how long {@link #close} may take. */
    private static final int WAIT_MILLIS = 250;
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
    static final Duration PING_EVERY = Duration.ofSeconds(5);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The listening connection's name in {@code pg_stat_activity}: one per running instance. */
    public static final String APPLICATION_NAME = "vigil-notify";

    /** Opens the connection the listener keeps for itself, outside the pool. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final UUID instance = UUID.randomUUID();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile int listenerPid; // the listening session's backend pid; 0 while there is none
    // the listener thread's own
    private Connection connection;
    private final Set<String> listening = new HashSet<>();

    public Notifications(Connections connections) {
        this.connections = connections;
        this.thread = new Thread(this::run, "vigil-notify");
        this.thread.setDaemon(true);
    }

    /** This process's id, for payloads that must not be acted on by the instance that sent them. */
    public UUID instance() {
        return instance;
    }

    /**
     * Calls {@code handler} with each payload notified on {@code channel}, and {@code check} (may be
     * null) after each (re)connection and every {@code checkEvery}; both on the subscription's own
     * thread, one call at a time. May be called before or after {@link #start}.
     */
    public Subscription subscribe(String channel, Consumer<String> handler, Runnable check, Duration checkEvery) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        Subscription s = new Subscription(channel, handler, check, checkEvery);
        subscriptions.add(s);
        return s;
    }

    public synchronized Notifications start() {
        if (!started) {
            started = true;
            thread.start();
        }
        return this;
    }

    /**
     * Announces {@code payload} on {@code channel} when {@code h}'s transaction commits (at once
     * outside a transaction).
     *
     * @throws IllegalArgumentException if the payload is too long for PostgreSQL
     */
    public static void notify(Handle h, String channel, String payload) {
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a notification payload of " + payload.length() + " characters is too long");
        }
        h.createQuery("select pg_notify(:channel, :payload)::text").bind("channel", channel).bind("payload", payload)
                .mapTo(String.class).one();
    }

    private void run() {
        long nextPing = System.nanoTime() + PING_EVERY.toNanos();
        long nextConnect = System.nanoTime();
        while (running) {
            try {
                if (connection == null && System.nanoTime() - nextConnect >= 0) {
                    nextConnect = System.nanoTime() + RETRY_NANOS;
                    connect();
                    nextPing = System.nanoTime() + PING_EVERY.toNanos();
                }
                if (connection != null) {
                    listenToNewChannels();
                }
                if (connection == null) {
                    Thread.sleep(WAIT_MILLIS);
                } else {
                    PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            deliver(n.getName(), n.getParameter());
                        }
                    }
                }
                if (connection != null && System.nanoTime() - nextPing >= 0) {
                    nextPing = System.nanoTime() + PING_EVERY.toNanos();
                    ping(); // a connection dropped in silence is found here, not never
                }
                long now = System.nanoTime();
                for (Subscription s : subscriptions) {
                    s.checkIfDue(now); // with or without a listening connection
                }
            } catch (SQLException e) {
                if (running) {
                    log.atWarn().addKeyValue("error", e.getMessage()).log("notification listener has no connection; retrying");
                }
                if (connection != null) { // a connection that worked is replaced at once; a failing database is retried each second
                    nextConnect = System.nanoTime();
                }
                disconnect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.atError().setCause(e).log("notification listener failed; going on");
            }
        }
        disconnect();
        subscriptions.forEach(Subscription::stop);
    }

    /** The backend pid of this instance's listening session (0 while it has none): to tell it from the others'. */
    public int listenerPid() {
        return listenerPid;
    }

    private void connect() throws SQLException {
        connection = connections.open();
        listening.clear();
        try {
            listenerPid = connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException notPostgres) {
            listenerPid = 0;
        }
        log.atDebug().log("notification listener connected");
    }

    /** LISTENs to every channel not listened to on this connection yet, then runs its subscribers' checks. */
    private void listenToNewChannels() throws SQLException {
        for (Subscription s : subscriptions) {
            if (!listening.contains(s.channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + s.channel);
                }
                listening.add(s.channel);
                for (Subscription same : subscriptions) {
                    if (same.channel.equals(s.channel)) {
                        same.checkNow(); // what was announced while no one listened
                    }
                }
            }
        }
    }

    private void deliver(String channel, String payload) {
        for (Subscription s : subscriptions) {
            if (s.channel.equals(channel)) {
                s.offer(payload);
            }
        }
    }

    /** A round trip; LISTEN again to a channel listened to already changes nothing, and shows what the connection is for. */
    private void ping() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(listening.isEmpty() ? "select 1" : "LISTEN " + listening.iterator().next());
        }
    }

    private void disconnect() {
        listening.clear();
        listenerPid = 0;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is gone either way
            }
            connection = null;
        }
    }

    /** Stops the thread (within {@link #WAIT_MILLIS} or so), its connection and the subscribers' threads. */
    @Override
    public void close() {
        running = false;
        if (!started) {
            subscriptions.forEach(Subscription::stop);
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One subscriber of one channel; closing it stops its deliveries (the channel stays listened to). */
    public final class Subscription implements AutoCloseable {
        private final String channel;
        private final Consumer<String> handler;
        private final Runnable check;
        private final long checkEveryNanos;
        private final ExecutorService executor;
        private volatile long nextCheck;

        private Subscription(String channel, Consumer<String> handler, Runnable check, Duration checkEvery) {
            this.channel = channel;
            this.handler = handler;
            this.check = check;
            this.checkEveryNanos = check == null ? Long.MAX_VALUE : checkEvery.toNanos();
            this.nextCheck = System.nanoTime() + checkEveryNanos;
            // one thread, made when needed and let go when idle; a bounded backlog: past it a check does what was dropped
            this.executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "vigil-notify-" + channel);
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
        }

        private void offer(String payload) {
            executor.execute(() -> {
                try {
                    handler.accept(payload);
                } catch (RuntimeException e) { // the next notification or check tries again
                    log.atError().addKeyValue("channel", channel).setCause(e).log("a notification's handler failed");
                }
            });
        }

        private void checkIfDue(long now) {
            if (check != null && now - nextCheck >= 0) {
                checkNow();
            }
        }

        private void checkNow() {
            if (check == null) {
                return;
            }
            nextCheck = System.nanoTime() + checkEveryNanos;
            executor.execute(() -> {
                try {
                    check.run();
                } catch (RuntimeException e) {
                    log.atWarn().addKeyValue("channel", channel).addKeyValue("error", e.getMessage()).log("check failed; trying again later");
                }
            });
        }

        private void stop() {
            executor.shutdownNow();
        }

        @Override
        public void close() {
            subscriptions.remove(this);
            stop();
        }
    }
}
