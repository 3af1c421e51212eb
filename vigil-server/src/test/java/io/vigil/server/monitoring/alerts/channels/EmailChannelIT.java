package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email channels on a real server, through an SMTP server in process (GreenMail) that wants a login. */
class EmailChannelIT {
    static final String SMTP_PASSWORD = "smtp-secret-" + System.nanoTime();

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@soc.example", "vigil", SMTP_PASSWORD))
            .withPerMethodLifecycle(false);

    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>(Map.of(
                "VIGIL_ALERTS_SMTP_HOST", "127.0.0.1",
                "VIGIL_ALERTS_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                "VIGIL_ALERTS_SMTP_USERNAME", "vigil",
                "VIGIL_ALERTS_SMTP_PASSWORD", SMTP_PASSWORD,
                "VIGIL_ALERTS_SMTP_FROM", "vigil@soc.example",
                "VIGIL_ALERTS_SMTP_STARTTLS", "false", // GreenMail's plain SMTP; production keeps the default, true
                "VIGIL_ALERTS_PUBLIC_URL", "https://vigil.soc.example"));
        server = TestServer.start(env);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anEmailChannelWritesToItsRecipientsWithSubjectAndBodyAboutTheAlert() throws Exception {
        Response made = http.postJson("/ml/alerts/channels", "{\"name\": \"soc-mail\", \"type\": \"email\", \"recipients\":"
                + " [\"soc@example.com\", \"oncall@example.com\"]}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.json().has("secret")).isFalse();
        assertThat(made.json().get("url").isNull()).isTrue();
        assertThat(made.json().get("recipients").toString()).isEqualTo("[\"soc@example.com\",\"oncall@example.com\"]");
        String id = made.json().get("id").asText();

        JsonNode test = http.postJson("/ml/alerts/channels/" + id + "/test", "").json();
        assertThat(test.get("delivered").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.get("status").isNull()).isTrue();
        WebhookReceiver.await("the test reaches both recipients", Duration.ofSeconds(10), () -> mail.getReceivedMessages().length == 2);
        MimeMessage testMail = mail.getReceivedMessages()[0];
        assertThat(testMail.getSubject()).isEqualTo("[Vigil] TEST INFO firing: vigil-channel-test");
        assertThat(GreenMailUtil.getBody(testMail)).contains("This is a test message from Vigil", "soc-mail");

        Instant first = Instant.parse("2026-12-01T10:00:00Z");
        AlertNotice notice = new AlertNotice(UUID.randomUUID(), "threats", "threat_prediction", "critical", "firing", UUID.randomUUID(),
                "kdd-gbm", 1, "10,000 predictions of neptune above 0.9 confidence", Map.of("class", "neptune", "confidence", 0.97),
                first, first.plusSeconds(60), 10_000);
        new AlertDeliveries(new DeliveryRepository(LiveFixture.database(server)), new DeliveryMeters(new SimpleMeterRegistry()),
                Clock.systemUTC(), () -> { }).enqueue(notice, List.of(UUID.fromString(id)));

        WebhookReceiver.await("the alert reaches both recipients", Duration.ofSeconds(15), () -> mail.getReceivedMessages().length == 4);
        MimeMessage alert = Arrays.stream(mail.getReceivedMessages()).filter(m -> !subject(m).contains("TEST")).findFirst().orElseThrow();
        assertThat(alert.getSubject()).isEqualTo("[Vigil] CRITICAL firing: threats on kdd-gbm v1");
        assertThat(alert.getFrom()[0].toString()).isEqualTo("vigil@soc.example");
        assertThat(Arrays.stream(alert.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("soc@example.com", "oncall@example.com");
        assertThat(alert.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        String body = GreenMailUtil.getBody(alert);
        assertThat(body).contains("10,000 predictions of neptune above 0.9 confidence", "Rule:       threats (threat_prediction)",
                "Severity:   critical", "Model:      kdd-gbm v1, id " + notice.modelId(), "Count:      10000", "  class: neptune",
                "First seen: 2026-12-01T10:00:00Z", "Link:       https://vigil.soc.example/ml/alerts/" + notice.alertId());
        JsonNode delivery = http.get("/ml/alerts/deliveries?alertId=" + notice.alertId()).json().get("items").get(0);
        WebhookReceiver.await("delivered", Duration.ofSeconds(10), () -> http.get("/ml/alerts/deliveries?alertId=" + notice.alertId())
                .json().get("items").get(0).get("state").asText().equals("delivered"));
        assertThat(alert.getHeader("X-Vigil-Delivery")[0]).isEqualTo(delivery.get("id").asText());
    }

    @Test
    void recipientsMustBeAddresses() {
        Response r = http.postJson("/ml/alerts/channels", "{\"name\": \"bad-mail\", \"type\": \"email\", \"recipients\":"
                + " [\"soc@example.com\", \"not an address\", \"a@b.example\\r\\nBcc: x@y.example\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").toString()).contains("recipients[1]", "recipients[2]").doesNotContain("recipients[0]");
        assertThat(http.postJson("/ml/alerts/channels", "{\"name\": \"no-mail\", \"type\": \"email\", \"recipients\": []}").status())
                .isEqualTo(400);
        assertThat(http.postJson("/ml/alerts/channels", "{\"name\": \"mail-url\", \"type\": \"email\", \"recipients\": [\"a@b.example\"],"
                + " \"url\": \"https://example.com/\"}").json().get("errors").get(0).get("field").asText()).isEqualTo("url");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
