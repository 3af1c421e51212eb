package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Role;
import io.vigil.server.monitoring.metrics.MetricsSettings;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.outbound.OutboundAllowlist;
import io.vigil.server.outbound.OutboundSettings;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The queue of deliveries in PostgreSQL, without HTTP: two instances' senders on one database deliver
 * each alert once; a notice the database refuses waits in memory and is stored when it is back.
 * Prints what queueing costs its caller and how many deliveries a second reach a local receiver.
 */
class DeliveryQueueIT {
    static final Caller ADMIN = new Caller(UUID.randomUUID(), "admin", Role.ADMIN, Caller.Kind.USER);

    static AlertNotice notice(String rule) {
        Instant now = Instant.now();
        return new AlertNotice(UUID.randomUUID(), rule, "error_rate", "warning", "firing", UUID.randomUUID(), "kdd-gbm", 2,
                "error rate 7 % over 5 min", Map.of("errorRate", 0.07), now, now, 1);
    }

    static AlertChannels instance(Database database, WebhookReceiver receiver, VigilMetrics metrics) {
        OutboundSettings outbound = OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse(receiver.allowEntry()));
        return new AlertChannels(database.jdbi(), ChannelSettings.DEFAULTS, outbound, metrics, Clock.systemUTC());
    }

    static VigilMetrics metrics() {
        return VigilMetrics.start(new MetricsSettings(true, true, Access.READ, Duration.ofSeconds(60)));
    }

    @Test
    void twoSendersOnOneDatabaseDeliverEachAlertOnce() throws Exception {
        int alerts = 400;
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.OK);
             Database database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(),
                     TestPostgres.password()));
             VigilMetrics metricsA = metrics(); VigilMetrics metricsB = metrics();
             AlertChannels a = instance(database, receiver, metricsA); AlertChannels b = instance(database, receiver, metricsB)) {
            UUID channel = a.channels().create(new ChannelRequest("shared", "webhook", receiver.url("/shared"), null, null, null), ADMIN)
                    .channel().id();
            for (int i = 0; i < 50; i++) { // warm the path (JIT, pool) before it is timed
                a.deliveries().enqueue(notice("warm-up"), List.of(channel));
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < alerts; i++) {
                AlertDeliveries queue = i % 2 == 0 ? a.deliveries() : b.deliveries();
                AlertNotice notice = notice("load");
                long start = System.nanoTime();
                queue.enqueue(notice, List.of(channel));
                nanos.add(System.nanoTime() - start);
            }
            int total = alerts + 50;

            long start = System.nanoTime();
            a.start();
            b.start();
            WebhookReceiver.await("all delivered", Duration.ofSeconds(120), () -> delivered(database.jdbi()) == total);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(receiver.hits()).as("each delivery sent once").isEqualTo(total);
            Set<String> ids = new HashSet<>();
            receiver.seen.forEach(s -> ids.add(s.header("X-Vigil-Delivery")));
            assertThat(ids).hasSize(total);
            int maxAttempts = database.jdbi().withHandle(h -> h.createQuery("select max(attempts) from alert_deliveries").mapTo(Integer.class).one());
            assertThat(maxAttempts).isEqualTo(1);
            double sentByA = sent(metricsA);
            double sentByB = sent(metricsB);
            assertThat(sentByA + sentByB).isEqualTo(total);
            assertThat(sentByA).as("both instances sent").isPositive();
            assertThat(sentByB).as("both instances sent").isPositive();
            Counter fired = metricsA.registry().find(VigilMetrics.ALERTS_FIRED).tags("rule", "load", "channel", "shared").counter();
            assertThat(fired.count()).isEqualTo(alerts / 2.0);

            nanos.sort(null);
            System.out.printf("enqueue (one alert, one channel, one insert): median %.0f us, p99 %.0f us, mean %.0f us;"
                            + " %d deliveries to one local receiver by two instances in %.2f s: %.0f a second (A %d, B %d)%n",
                    nanos.get(nanos.size() / 2) / 1e3, nanos.get(nanos.size() * 99 / 100) / 1e3,
                    nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e3, total, seconds, total / seconds,
                    (long) sentByA, (long) sentByB);
        }
    }

    @Test
    void aNoticeTheDatabaseRefusesWaitsInMemoryAndIsStoredWhenItIsBack() {
        String url = TestPostgres.freshDatabaseUrl();
        Properties credentials = new Properties();
        credentials.setProperty("user", TestPostgres.user());
        if (TestPostgres.password() != null) {
            credentials.setProperty("password", TestPostgres.password());
        }
        Jdbi jdbi = Jdbi.create(url, credentials); // no tables yet: every insert fails
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int capacity = 5;
        AlertDeliveries queue = new AlertDeliveries(new DeliveryRepository(jdbi), new DeliveryMeters(registry), Clock.systemUTC(), () -> { },
                capacity);
        UUID channel = UUID.randomUUID();
        AlertNotice kept = notice("kept");

        queue.enqueue(kept, List.of(channel)); // must not throw
        for (int i = 1; i < capacity; i++) {
            queue.enqueue(notice("kept"), List.of(channel));
        }
        queue.enqueue(notice("one too many"), List.of(channel));

        assertThat(queue.backlog()).isEqualTo(capacity);
        assertThat(registry.find(DeliveryMeters.LOST).counter().count()).isEqualTo(1);
        queue.storeBacklog();
        assertThat(queue.backlog()).as("still no table").isEqualTo(capacity);

        try (Database database = Database.start(DatabaseSettings.external(url, TestPostgres.user(), TestPostgres.password()))) {
            Instant now = Instant.now();
            new ChannelRepository(database.jdbi()).insert(new Channel(channel, "late", ChannelType.WEBHOOK, "https://example.com/hook",
                    List.of(), "vgl_whsec_x", true, now, "admin", now, "admin"));
            queue.storeBacklog();

            assertThat(queue.backlog()).isZero();
            long pending = database.jdbi().withHandle(h -> h.createQuery("select count(*) from alert_deliveries where state = 'pending'")
                    .mapTo(Long.class).one());
            long first = database.jdbi().withHandle(h -> h.createQuery("select count(*) from alert_deliveries where alert_id = :id")
                    .bind("id", kept.alertId()).mapTo(Long.class).one());
            assertThat(pending).isEqualTo(capacity);
            assertThat(first).as("the first kept is stored").isEqualTo(1);
        }
    }

    private static long delivered(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from alert_deliveries where state = 'delivered'").mapTo(Long.class).one());
    }

    private static double sent(VigilMetrics metrics) {
        return metrics.registry().find(DeliveryMeters.DELIVERIES).tags("type", "webhook", "result", "delivered").counter().count();
    }
}
