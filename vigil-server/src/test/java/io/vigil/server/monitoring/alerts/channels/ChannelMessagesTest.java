package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The formats channels send, read as their receivers read them. */
class ChannelMessagesTest {
    static final Instant FIRST = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant LAST = Instant.parse("2026-12-01T10:05:00Z");

    static AlertNotice notice(String rule, String summary) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("share", 0.625);
        details.put("threshold", 0.5);
        return new AlertNotice(UUID.fromString("0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11"), rule, "drift_share", "critical", "firing",
                UUID.fromString("11111111-2222-4333-8444-555555555555"), "kdd-gbm", 3, summary, details, FIRST, LAST, 12);
    }

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyAsAReceiverComputesIt() throws Exception {
        byte[] body = "{\"type\":\"vigil.alert\"}".getBytes(StandardCharsets.UTF_8);
        String secret = "vgl_whsec_" + "k".repeat(43);

        String header = WebhookSignature.sign(secret, 1_765_000_000L, body);

        Mac mac = Mac.getInstance("HmacSHA256"); // what a receiver writes, from the README
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(("1765000000." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(header).isEqualTo("sha256=" + HexFormat.of().formatHex(expected));
        assertThat(WebhookSignature.sign(secret, 1_765_000_001L, body)).as("the time is signed").isNotEqualTo(header);
        assertThat(WebhookSignature.sign(secret + "x", 1_765_000_000L, body)).as("the key is the secret").isNotEqualTo(header);
    }

    @Test
    void theWebhookBodyIsTheDocumentedShape() {
        UUID delivery = UUID.randomUUID();
        JsonNode body = Json.readTree(new String(WebhookPayload.body(new Outgoing(delivery, notice("drift", "62% of inputs drifted"), 2,
                "https://vigil.soc.example/ml/alerts/0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11", false)), StandardCharsets.UTF_8));

        assertThat(body.get("type").asText()).isEqualTo("vigil.alert");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("deliveryId").asText()).isEqualTo(delivery.toString());
        assertThat(body.get("test").asBoolean()).isFalse();
        JsonNode alert = body.get("alert");
        assertThat(alert.get("id").asText()).isEqualTo("0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11");
        assertThat(alert.get("rule").asText()).isEqualTo("drift");
        assertThat(alert.get("kind").asText()).isEqualTo("drift_share");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("state").asText()).isEqualTo("firing");
        assertThat(alert.get("model").get("name").asText()).isEqualTo("kdd-gbm");
        assertThat(alert.get("model").get("version").asInt()).isEqualTo(3);
        assertThat(alert.get("summary").asText()).isEqualTo("62% of inputs drifted");
        assertThat(alert.get("details").get("share").asDouble()).isEqualTo(0.625);
        assertThat(alert.get("firstSeen").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(alert.get("lastSeen").asText()).isEqualTo("2026-12-01T10:05:00Z");
        assertThat(alert.get("count").asLong()).isEqualTo(12);
        assertThat(alert.get("link").asText()).endsWith("/ml/alerts/0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11");
    }

    @Test
    void aGlobalRuleHasNoModelAndNoLinkWithoutAPublicUrl() {
        AlertNotice global = new AlertNotice(UUID.randomUUID(), "errors", "error_rate", "warning", "resolved", null, null, null, "ok again",
                null, FIRST, LAST, 1);
        JsonNode alert = Json.readTree(new String(WebhookPayload.body(new Outgoing(UUID.randomUUID(), global, 1, null, false)),
                StandardCharsets.UTF_8)).get("alert");
        assertThat(alert.get("model").isNull()).isTrue();
        assertThat(alert.get("link").isNull()).isTrue();
        assertThat(alert.get("details").size()).isZero();
    }

    @Test
    void slackGetsTextAndBlocksWithSeverityModelSummaryAndALink() {
        JsonNode slack = Json.readTree(new String(SlackMessage.body(new Outgoing(UUID.randomUUID(), notice("drift", "62% drifted"), 1,
                "https://vigil.soc.example/ml/alerts/x", false)), StandardCharsets.UTF_8));

        assertThat(slack.get("text").asText()).isEqualTo("CRITICAL firing: drift on kdd-gbm v3: 62% drifted");
        JsonNode blocks = slack.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("CRITICAL firing: drift on kdd-gbm v3");
        assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("62% drifted");
        assertThat(blocks.get(2).get("fields").toString()).contains("*Severity*\\ncritical", "*Model*\\nkdd-gbm v3", "*Count*\\n12");
        JsonNode button = blocks.get(blocks.size() - 1).get("elements").get(0);
        assertThat(button.get("type").asText()).isEqualTo("button");
        assertThat(button.get("url").asText()).isEqualTo("https://vigil.soc.example/ml/alerts/x");
    }

    @Test
    void slackTextCannotMakeLinksOrMentionsAndWithoutAPublicUrlThereIsNoButton() {
        JsonNode slack = Json.readTree(new String(SlackMessage.body(new Outgoing(UUID.randomUUID(),
                notice("<!channel> & <http://evil.example|click>", "a <b> & c"), 1, null, false)), StandardCharsets.UTF_8));

        assertThat(slack.get("text").asText()).doesNotContain("<", ">").contains("&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;");
        assertThat(slack.get("blocks").get(1).get("text").get("text").asText()).isEqualTo("a &lt;b&gt; &amp; c");
        assertThat(slack.get("blocks").toString()).doesNotContain("\"actions\"");
    }

    @Test
    void anEmailSubjectIsOneLineWhateverTheNamesHold() {
        Outgoing m = new Outgoing(UUID.randomUUID(), notice("drift\r\nBcc: victim@example.com", "s"), 1, null, false);

        assertThat(EmailMessage.subject(m)).isEqualTo("[Vigil] CRITICAL firing: drift  Bcc: victim@example.com on kdd-gbm v3")
                .doesNotContain("\r", "\n");
        assertThat(EmailMessage.body(m)).contains("Rule:       drift  Bcc: victim@example.com (drift_share)", "Model:      kdd-gbm v3",
                "Count:      12", "  share: 0.625", "Delivery:   " + m.deliveryId() + " (try 1)");
        assertThat(EmailMessage.subject(new Outgoing(UUID.randomUUID(), notice("r", "s"), 1, null, true))).startsWith("[Vigil] TEST ");
    }

    @Test
    void retriesBackOffDoublingFromTheFirstWait() {
        DeliveryPolicy policy = DeliveryPolicy.DEFAULTS;
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofMinutes(8));
        // five tries by default: the last comes 1 + 2 + 4 + 8 = 15 minutes after the first
        assertThat(policy.backoff(1).plus(policy.backoff(2)).plus(policy.backoff(3)).plus(policy.backoff(4))).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.backoff(40)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aSlackUrlIsShownByItsOriginOnly() {
        assertThat(ChannelView.masked("https://hooks.slack.com/services/T000/B000/XXXXSECRET")).isEqualTo("https://hooks.slack.com/***");
        assertThat(ChannelView.masked("http://127.0.0.1:9000/hook?token=abc")).isEqualTo("http://127.0.0.1:9000/***");
        assertThat(ChannelView.masked("not a url at all")).isEqualTo("***");
    }
}
