package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.PrometheusText;
import io.vigil.server.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries on a real server: alerts queued (as alerting queues them, here from another instance
 * sharing the database) are sent by the server's sender to real receivers on loopback, retried with
 * backoff, held back by an open circuit, and never slow predictions down.
 */
class AlertDeliveryIT {
    static WebhookReceiver flaky;
    static WebhookReceiver down;
    static WebhookReceiver fine;
    static WebhookReceiver hanging;
    static TestServer server;
    static HttpTestClient http;
    static AlertDeliveries queue;

    @BeforeAll
    static void start() throws Exception {
        flaky = new WebhookReceiver(WebhookReceiver.failing(2));
        down = new WebhookReceiver(WebhookReceiver.FAILS);
        fine = new WebhookReceiver(WebhookReceiver.OK);
        hanging = new WebhookReceiver(WebhookReceiver.sleeping(Duration.ofSeconds(30)));
        server = TestServer.start(Map.of(
                "VIGIL_OUTBOUND_ALLOW", String.join(",", flaky.allowEntry(), down.allowEntry(), fine.allowEntry(), hanging.allowEntry()),
                "VIGIL_OUTBOUND_TIMEOUT_SECONDS", "2",
                "VIGIL_ALERTS_DELIVERY_BACKOFF_SECONDS", "1",
                "VIGIL_ALERTS_DELIVERY_BREAKER_CALLS", "3",
                "VIGIL_ALERTS_DELIVERY_BREAKER_OPEN_SECONDS", "600",
                "VIGIL_METRICS_REFRESH_SECONDS", "1",
                "VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        queue = new AlertDeliveries(new DeliveryRepository(LiveFixture.database(server)), new DeliveryMeters(new SimpleMeterRegistry()),
                Clock.systemUTC(), () -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
        for (WebhookReceiver r : List.of(flaky, down, fine, hanging)) {
            r.close();
        }
    }

    static UUID channel(String name, WebhookReceiver receiver) {
        HttpTestClient.Response r = http.postJson("/ml/alerts/channels", "{\"name\": \"" + name + "\", \"type\": \"webhook\", \"url\": \""
                + receiver.url("/" + name) + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asText());
    }

    static AlertNotice notice(String rule) {
        Instant now = Instant.now();
        return new AlertNotice(UUID.randomUUID(), rule, "threat_prediction", "critical", "firing", UUID.randomUUID(), "kdd-gbm", 1,
                "attack predicted with confidence 0.97", Map.of("confidence", 0.97), now, now, 1);
    }

    static List<JsonNode> deliveries(String query) {
        List<JsonNode> rows = new ArrayList<>();
        http.get("/ml/alerts/deliveries?size=500&" + query).json().get("items").forEach(rows::add);
        return rows;
    }

    static JsonNode delivery(UUID alert) {
        List<JsonNode> rows = deliveries("alertId=" + alert);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheAlertOnTheThirdTry() throws Exception {
        UUID channel = channel("flaky", flaky);
        AlertNotice notice = notice("threats");

        queue.enqueue(notice, List.of(channel));

        WebhookReceiver.await("delivered", Duration.ofSeconds(30), () -> delivery(notice.alertId()).get("state").asText().equals("delivered"));
        JsonNode row = delivery(notice.alertId());
        assertThat(row.get("attempts").asInt()).isEqualTo(3);
        assertThat(row.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(row.get("lastError").isNull()).isTrue();
        assertThat(row.get("channelName").asText()).isEqualTo("flaky");
        assertThat(row.get("ruleName").asText()).isEqualTo("threats");
        assertThat(flaky.hits()).isEqualTo(3);
        assertThat(flaky.seen).extracting(s -> s.header("X-Vigil-Delivery")).containsOnly(row.get("id").asText());
        assertThat(flaky.seen).extracting(s -> s.header("X-Vigil-Attempt")).containsExactly("1", "2", "3");
        List<Instant> times = flaky.seen.stream().map(s -> Instant.ofEpochSecond(Long.parseLong(s.header("X-Vigil-Timestamp")))).toList();
        assertThat(Duration.between(times.get(0), times.get(2))).as("waits of 1 s then 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(http.get("/ml/alerts/channels/" + channel).json().get("circuit").asText()).isEqualTo("closed");

        PrometheusText metrics = PrometheusText.parse(http.get("/metrics").text());
        assertThat(metrics.sum("vigil_alert_deliveries_total", "type", "webhook", "result", "retry")).isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("vigil_alert_deliveries_total", "type", "webhook", "result", "delivered")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aChannelThatKeepsFailingOpensItsCircuitItsDeliveriesWaitAndTheOthersGoOn() throws Exception {
        UUID channel = channel("down", down);
        List<UUID> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            AlertNotice notice = notice("drift-" + i);
            alerts.add(notice.alertId());
            queue.enqueue(notice, List.of(channel));
        }

        WebhookReceiver.await("the circuit opens", Duration.ofSeconds(30),
                () -> http.get("/ml/alerts/channels/" + channel).json().get("circuit").asText().equals("open"));
        WebhookReceiver.await("every delivery tried or held back", Duration.ofSeconds(30),
                () -> deliveries("channelId=" + channel).stream().noneMatch(d -> d.get("lastError").isNull()));
        Thread.sleep(2500); // the tried ones are due again after 1 s: the open circuit holds them back
        assertThat(down.hits()).as("three tries, then the circuit stops them").isEqualTo(3);

        List<JsonNode> rows = deliveries("channelId=" + channel);
        assertThat(rows).hasSize(6).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("pending"));
        // which deliveries took the three tries depends on when the sender saw them; three tries in all
        assertThat(rows.stream().mapToInt(d -> d.get("attempts").asInt()).sum()).isEqualTo(3);
        assertThat(rows.stream().filter(d -> d.get("attempts").asInt() > 0).toList()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("lastError").asText()).isEqualTo("HTTP 503 from http://127.0.0.1:" + down.port()
                        + ": down for maintenance"));
        assertThat(rows.stream().filter(d -> d.get("attempts").asInt() == 0).toList()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(d -> assertThat(d.get("lastError").asText()).startsWith("not tried: the channel's circuit is open"));
        assertThat(rows).allSatisfy(d -> assertThat(Instant.parse(d.get("nextAttemptAt").asText())).isAfter(Instant.now().plusSeconds(300)));

        UUID other = channel("fine-while-down", fine);
        AlertNotice notice = notice("other");
        queue.enqueue(notice, List.of(other, channel));
        WebhookReceiver.await("the healthy channel delivers", Duration.ofSeconds(15),
                () -> deliveries("alertId=" + notice.alertId() + "&channelId=" + other).get(0).get("state").asText().equals("delivered"));
        assertThat(down.hits()).isEqualTo(3);

        WebhookReceiver.await("the pending gauge counts them", Duration.ofSeconds(10),
                () -> PrometheusText.parse(http.get("/metrics").text()).sum("vigil_alert_deliveries_pending") >= 7);
        PrometheusText metrics = PrometheusText.parse(http.get("/metrics").text());
        assertThat(metrics.sum("vigil_alert_deliveries_total", "type", "webhook", "result", "deferred")).isGreaterThanOrEqualTo(3);
        assertThat(http.get("/ml/alerts/deliveries?state=pending&channelId=" + channel).json().get("total").asLong()).isEqualTo(7);
    }

    @Test
    void aHangingChannelSlowsNeitherPredictionsNorTheOtherChannels() throws Exception {
        String model = LiveFixture.deployed(new ServingFixture(http), "alerting-gbm", "alerting");
        assertThat(model).isNotNull();
        List<Map<String, Object>> records = GeneratedFlows.features(200, 3);
        List<Long> before = predictions(records.subList(0, 100));

        UUID stuck = channel("hanging", hanging);
        UUID healthy = channel("fine-while-hanging", fine);
        for (int i = 0; i < 8; i++) {
            queue.enqueue(notice("hang-" + i), List.of(stuck));
        }
        WebhookReceiver.await("a call hangs", Duration.ofSeconds(10), () -> hanging.hits() >= 1);
        AlertNotice notice = notice("meanwhile");
        long queued = System.nanoTime();
        queue.enqueue(notice, List.of(healthy));
        List<Long> during = predictions(records.subList(100, 200));
        WebhookReceiver.await("the healthy channel delivers", Duration.ofSeconds(10),
                () -> deliveries("alertId=" + notice.alertId()).get(0).get("state").asText().equals("delivered"));
        long deliveredMs = (System.nanoTime() - queued) / 1_000_000;

        System.out.printf("predictions before the hang: median %.2f ms, max %.2f ms; while a channel hangs: median %.2f ms, max %.2f ms;"
                        + " another channel delivered in %d ms%n", median(before) / 1e6, Collections.max(before) / 1e6, median(during) / 1e6,
                Collections.max(during) / 1e6, deliveredMs);
        assertThat(median(during)).as("median prediction while a channel hangs").isLessThan(Math.max(3 * median(before), 50_000_000L));
        assertThat(Collections.max(during)).as("slowest prediction while a channel hangs").isLessThan(1_000_000_000L);

        WebhookReceiver.await("the hanging channel's circuit opens", Duration.ofSeconds(30),
                () -> http.get("/ml/alerts/channels/" + stuck).json().get("circuit").asText().equals("open"));
        assertThat(deliveries("channelId=" + stuck).stream().filter(d -> d.get("attempts").asInt() > 0).findFirst().orElseThrow()
                .get("lastError").asText()).isEqualTo("http://127.0.0.1:" + hanging.port() + " did not answer within 2000 ms (outbound.timeoutSeconds)");
    }

    private static List<Long> predictions(List<Map<String, Object>> records) {
        List<Long> nanos = new ArrayList<>();
        for (Map<String, Object> record : records) {
            long start = System.nanoTime();
            LiveFixture.predict(http, "alerting", record);
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
