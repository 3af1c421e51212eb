package io.vigil.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.persistence.Notifications;
import io.vigil.server.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' buses, listeners and relays on one database: an event published on one is delivered
 * on the other once, an event too large for a NOTIFY payload too (stored, its id notified), nothing
 * comes back to where it was published, and each instance listens on one connection for every channel.
 */
class EventRelayIT {
    Database database;
    final Node a = new Node();
    final Node b = new Node();

    final class Node {
        EventBus bus;
        Notifications notifications;
        EventRelay relay;
        final List<Event> heard = new CopyOnWriteArrayList<>();

        void start() {
            bus = new EventBus();
            notifications = new Notifications(() -> database.openDedicated(Notifications.APPLICATION_NAME));
            relay = new EventRelay(database.jdbi(), notifications, bus, Notifications.APPLICATION_NAME).start();
            notifications.subscribe("vigil_other", payload -> { }, null, null); // a second channel, same connection
            notifications.start();
            bus.subscribe(EventFilter.ALL, heard::add);
        }

        void stop() {
            relay.close();
            notifications.close();
            bus.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        database = Database.start(new DatabaseSettings(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password(),
                null, 0, 4));
        a.start();
        b.start();
        waitFor(() -> listening() == 2, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        b.stop();
        a.stop();
        database.close();
    }

    @Test
    void anEventPublishedOnOneInstanceIsDeliveredOnceOnTheOtherAndNotEchoed() throws Exception {
        UUID job = UUID.randomUUID();
        a.bus.publish(new Event(Event.JOB_PROGRESS, null, job, "running", Map.of("fraction", 0.5), null, Instant.parse("2026-01-02T03:04:05Z")));
        waitFor(() -> b.heard.size() == 1, Duration.ofSeconds(2));
        Event relayed = b.heard.get(0);
        assertThat(relayed.type()).isEqualTo(Event.JOB_PROGRESS);
        assertThat(relayed.jobId()).isEqualTo(job);
        assertThat(relayed.at()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(relayed.progress()).isEqualTo(Map.of("fraction", 0.5));
        Thread.sleep(300);
        assertThat(a.heard).as("the origin's own subscribers: once, from its bus").hasSize(1);
        assertThat(b.heard).as("relayed once, and not sent on again by the instance that heard it").hasSize(1);
        assertThat(a.relay.received()).isZero();
        assertThat(b.relay.sent()).isZero();
        assertThat(listening()).as("one listening connection per instance, whatever its channels").isEqualTo(2);
    }

    @Test
    void anEventTooLargeForANotificationIsStoredAndItsIdSent() throws Exception {
        String raw = "x".repeat(20_000); // a security event's raw input can be this large: past the 8000-byte payload limit
        b.bus.publish(new Event("security.event", UUID.randomUUID(), null, "open", null, Map.of("raw", raw), Instant.now()));
        waitFor(() -> a.heard.size() == 1, Duration.ofSeconds(2));
        assertThat(((Map<?, ?>) a.heard.get(0).data()).get("raw")).isEqualTo(raw);
        int stored = database.jdbi().withHandle(h -> h.createQuery("select count(*) from relayed_events").mapTo(Integer.class).one());
        assertThat(stored).as("events stored for want of room in a payload").isEqualTo(1);
        // and many small ones in a burst arrive, in order
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < 500; i++) {
            a.bus.publish(new Event(Event.JOB_PROGRESS, null, UUID.randomUUID(), "running", i, null, Instant.now()));
        }
        waitFor(() -> b.heard.size() == 1 + 500, Duration.ofSeconds(5)); // its own large event, then A's burst
        b.heard.subList(1, b.heard.size()).forEach(e -> assertThat(e.progress()).isEqualTo(n.getAndIncrement()));
    }

    @Test
    void anInstanceAloneOnItsDatabaseSendsNothing() throws Exception {
        b.stop();
        waitFor(() -> listening() == 1, Duration.ofSeconds(5));
        Thread.sleep(2_100); // the relay's next look at who listens
        for (int i = 0; i < 10; i++) {
            a.bus.publish(new Event(Event.JOB_PROGRESS, null, UUID.randomUUID(), "running", i, null, Instant.now()));
        }
        waitFor(() -> a.heard.size() == 10, Duration.ofSeconds(2));
        Thread.sleep(300);
        assertThat(a.relay.sent()).isZero();
        b.start(); // for stop()
    }

    private int listening() {
        return database.jdbi().withHandle(h -> h.createQuery("select count(*) from pg_stat_activity where datname = current_database() "
                + "and application_name = :name").bind("name", Notifications.APPLICATION_NAME).mapTo(Integer.class).one());
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long begin = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - begin > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
    }
}
