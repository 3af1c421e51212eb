package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.testing.ChildServer;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server run at DEBUG with every kind of channel made, tested, changed and sent to, some
 * failing: neither its output nor any answer holds a webhook's signing secret, a Slack URL's token or
 * the SMTP password.
 */
class ChannelSecretsStayOutOfLogsIT {
    @TempDir
    Path dir;

    @Test
    void noSigningSecretSlackTokenOrSmtpPasswordIsLoggedOrAnswered() throws Exception {
        String smtpPassword = "smtp-secret-" + System.nanoTime();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: the SMTP server is down
        }
        String url = TestPostgres.freshDatabaseUrl();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("SMTP password", smtpPassword);
        List<HttpTestClient.Response> answers = new ArrayList<>();
        try (WebhookReceiver ok = new WebhookReceiver(WebhookReceiver.OK); WebhookReceiver failing = new WebhookReceiver(WebhookReceiver.FAILS)) {
            Map<String, String> env = new HashMap<>(ChildServer.database(url));
            env.putAll(Map.of("VIGIL_LOG_LEVEL", "DEBUG", "VIGIL_OUTBOUND_ALLOW", ok.allowEntry() + "," + failing.allowEntry(),
                    "VIGIL_ALERTS_DELIVERY_BACKOFF_SECONDS", "1", "VIGIL_ALERTS_DELIVERY_MAX_ATTEMPTS", "2",
                    "VIGIL_ALERTS_SMTP_HOST", "127.0.0.1", "VIGIL_ALERTS_SMTP_PORT", Integer.toString(closedPort),
                    "VIGIL_ALERTS_SMTP_USERNAME", "vigil", "VIGIL_ALERTS_SMTP_PASSWORD", smtpPassword,
                    "VIGIL_ALERTS_SMTP_FROM", "vigil@soc.example"));
            List<UUID> channels = new ArrayList<>();
            try (ChildServer server = ChildServer.start(dir, List.of("-Xmx512m"), env)) {
                HttpTestClient http = server.http();
                HttpTestClient.Response webhook = made(http, "{\"name\": \"hook\", \"type\": \"webhook\", \"url\": \"" + ok.url("/hook") + "\"}");
                secrets.put("webhook secret", webhook.json().get("secret").asText());
                String slackToken = "T01/B02/slackTokenOk" + System.nanoTime();
                String failingToken = "T03/B04/slackTokenFailing" + System.nanoTime();
                secrets.put("Slack token", slackToken);
                secrets.put("failing Slack token", failingToken);
                HttpTestClient.Response slack = made(http, "{\"name\": \"slack\", \"type\": \"slack\", \"url\": \"" + ok.url("/services/" + slackToken) + "\"}");
                HttpTestClient.Response broken = made(http, "{\"name\": \"slack-down\", \"type\": \"slack\", \"url\": \""
                        + failing.url("/services/" + failingToken) + "\"}");
                HttpTestClient.Response email = made(http, "{\"name\": \"mail\", \"type\": \"email\", \"recipients\": [\"soc@example.com\"]}");
                for (HttpTestClient.Response r : List.of(webhook, slack, broken, email)) {
                    channels.add(UUID.fromString(r.json().get("id").asText()));
                }
                HttpTestClient.Response rotated = http.send("PUT", "/ml/alerts/channels/" + channels.get(0), "application/json",
                        "{\"rotateSecret\": true}".getBytes(StandardCharsets.UTF_8));
                secrets.put("rotated webhook secret", rotated.json().get("secret").asText());
                String otherToken = "T05/B06/slackTokenMoved" + System.nanoTime();
                secrets.put("changed Slack token", otherToken);
                answers.add(http.send("PUT", "/ml/alerts/channels/" + channels.get(1), "application/json",
                        ("{\"url\": \"" + ok.url("/services/" + otherToken) + "\"}").getBytes(StandardCharsets.UTF_8)));
                answers.add(http.send("PUT", "/ml/alerts/channels/" + channels.get(2), "application/json",
                        ("{\"url\": \"http://169.254.169.254/services/" + failingToken + "\"}").getBytes(StandardCharsets.UTF_8)));
                for (UUID channel : channels) {
                    answers.add(http.postJson("/ml/alerts/channels/" + channel + "/test", ""));
                }

                AlertDeliveries queue = new AlertDeliveries(new DeliveryRepository(jdbi(url)), new DeliveryMeters(new SimpleMeterRegistry()),
                        Clock.systemUTC(), () -> { });
                Instant now = Instant.now();
                queue.enqueue(new AlertNotice(UUID.randomUUID(), "threats", "threat_prediction", "critical", "firing", null, null, null,
                        "attack", Map.of(), now, now, 1), channels);
                WebhookReceiver.await("every delivery settled", Duration.ofSeconds(60),
                        () -> http.get("/ml/alerts/deliveries?state=pending").json().get("total").asLong() == 0);
                answers.add(http.get("/ml/alerts/channels"));
                answers.add(http.get("/ml/alerts/deliveries"));
                for (UUID channel : channels) {
                    answers.add(http.get("/ml/alerts/channels/" + channel));
                }
                assertThat(http.get("/ml/alerts/deliveries?state=failed").json().get("total").asLong()).as("Slack down and SMTP down fail")
                        .isEqualTo(2);
            }
        }
        String log = Files.readString(dir.resolve("server.log"));
        assertThat(log).contains(" DEBUG ", "alert channel created", "alert channel tested", "alert delivery failed for good",
                "alert delivered", "alert delivery failed; it is tried again", "outbound call refused");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(log).as("the %s in the server's output", secret.getKey()).doesNotContain(secret.getValue());
            for (HttpTestClient.Response answer : answers) {
                assertThat(answer.text()).as("the %s in an answer", secret.getKey()).doesNotContain(secret.getValue());
            }
        }
    }

    private static HttpTestClient.Response made(HttpTestClient http, String json) {
        HttpTestClient.Response r = http.postJson("/ml/alerts/channels", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private static Jdbi jdbi(String url) {
        Properties credentials = new Properties();
        credentials.setProperty("user", TestPostgres.user());
        if (TestPostgres.password() != null) {
            credentials.setProperty("password", TestPostgres.password());
        }
        return Jdbi.create(url, credentials);
    }
}
