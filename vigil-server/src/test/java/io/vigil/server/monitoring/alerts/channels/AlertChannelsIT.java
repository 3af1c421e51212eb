package io.vigil.server.monitoring.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channels' API on a real server, with real receivers on loopback (allowed through
 * {@code outbound.allow}): made, listed without secrets, tested (the webhook's signature checked as
 * a receiver checks it), changed, refused when they point inside, deleted.
 */
class AlertChannelsIT {
    static WebhookReceiver webhook;
    static WebhookReceiver slack;
    static WebhookReceiver failing;
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        webhook = new WebhookReceiver(WebhookReceiver.OK);
        slack = new WebhookReceiver(WebhookReceiver.OK);
        failing = new WebhookReceiver(WebhookReceiver.FAILS);
        server = TestServer.start(Map.of("VIGIL_OUTBOUND_ALLOW", String.join(",", webhook.allowEntry(), slack.allowEntry(), failing.allowEntry()),
                "VIGIL_ALERTS_PUBLIC_URL", "https://vigil.soc.example/"));
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        webhook.close();
        slack.close();
        failing.close();
    }

    static Response create(String json) {
        return http.postJson("/ml/alerts/channels", json);
    }

    static JsonNode created(String json) {
        Response r = create(json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static Response put(String path, String json) {
        return http.send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** What a receiver does (README): HMAC-SHA256 with the secret over "timestamp.body", compared with the header. */
    static boolean signedWith(String secret, WebhookReceiver.Seen request) throws Exception {
        return request.signedWith(secret);
    }

    @Test
    void aWebhookShowsItsSecretOnceAndItsTestMessageIsSignedAsDocumented() throws Exception {
        Response made = create("{\"name\": \"soc-webhook\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/hooks/vigil") + "\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.header("Cache-Control")).isEqualTo("no-store");
        JsonNode channel = made.json();
        String id = channel.get("id").asText();
        String secret = channel.get("secret").asText();
        assertThat(made.header("Location")).isEqualTo("/ml/alerts/channels/" + id);
        assertThat(secret).startsWith("vgl_whsec_").hasSize(53);
        assertThat(channel.get("url").asText()).isEqualTo(webhook.url("/hooks/vigil"));
        assertThat(channel.get("enabled").asBoolean()).isTrue();
        assertThat(channel.get("circuit").asText()).isEqualTo("closed");
        assertThat(channel.get("createdBy").asText()).isEqualTo("admin");

        Response list = http.get("/ml/alerts/channels");
        Response one = http.get("/ml/alerts/channels/" + id);
        assertThat(list.text()).contains(id).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(one.text()).doesNotContain(secret).doesNotContain("\"secret\"");

        int before = webhook.hits();
        Instant sent = Instant.now();
        JsonNode test = http.postJson("/ml/alerts/channels/" + id + "/test", "").json();
        assertThat(test.get("delivered").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.get("status").asInt()).isEqualTo(200);
        assertThat(webhook.hits()).isEqualTo(before + 1);

        WebhookReceiver.Seen request = webhook.seen.get(webhook.hits() - 1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/vigil");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(UUID.fromString(request.header("X-Vigil-Delivery"))).isNotNull();
        assertThat(request.header("X-Vigil-Attempt")).isEqualTo("1");
        assertThat(Long.parseLong(request.header("X-Vigil-Timestamp"))).isBetween(sent.getEpochSecond() - 1, Instant.now().getEpochSecond());
        assertThat(signedWith(secret, request)).as("signature verifies with the secret shown at creation").isTrue();
        JsonNode body = request.json();
        assertThat(body.get("type").asText()).isEqualTo("vigil.alert");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("test").asBoolean()).isTrue();
        assertThat(body.get("deliveryId").asText()).isEqualTo(request.header("X-Vigil-Delivery"));
        assertThat(body.get("alert").get("rule").asText()).isEqualTo("vigil-channel-test");
        assertThat(body.get("alert").get("details").get("requestedBy").asText()).isEqualTo("admin");
    }

    @Test
    void aRotatedSecretSignsFromThenOnAndTheOldOneNoLonger() throws Exception {
        JsonNode channel = created("{\"name\": \"rotating\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/rotating") + "\"}");
        String id = channel.get("id").asText();
        String old = channel.get("secret").asText();

        Response rotated = put("/ml/alerts/channels/" + id, "{\"rotateSecret\": true}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String secret = rotated.json().get("secret").asText();
        assertThat(secret).startsWith("vgl_whsec_").isNotEqualTo(old);
        assertThat(put("/ml/alerts/channels/" + id, "{\"enabled\": true}").json().has("secret")).as("shown only when rotated").isFalse();

        assertThat(http.postJson("/ml/alerts/channels/" + id + "/test", "").json().get("delivered").asBoolean()).isTrue();
        WebhookReceiver.Seen request = webhook.seen.get(webhook.hits() - 1);
        assertThat(signedWith(secret, request)).isTrue();
        assertThat(signedWith(old, request)).isFalse();
    }

    @Test
    void internalTargetsAreRefusedWhenTheChannelIsMadeOrChanged() {
        long channels = http.get("/ml/alerts/channels").json().get("total").asLong();
        int hits = webhook.hits();
        List<String> refused = new ArrayList<>();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:" + (webhook.port() == 1 ? 2 : 1) + "/",
                "http://localhost:9/hooks", "http://10.0.0.7/hook", "http://[::1]:9000/", "http://2130706433/",
                "http://user:pw@example.com/", "ftp://example.com/", "not a url")) {
            Response r = create("{\"name\": \"inside\", \"type\": \"webhook\", \"url\": \"" + url + "\"}");
            assertThat(r.status()).as(url + ": " + r).isEqualTo(400);
            JsonNode error = r.json().get("errors").get(0);
            assertThat(error.get("field").asText()).as(url).isEqualTo("url");
            refused.add(error.get("message").asText());
        }
        assertThat(refused.get(0)).contains("169.254.169.254").contains("outbound.allow");
        assertThat(http.get("/ml/alerts/channels").json().get("total").asLong()).isEqualTo(channels);
        assertThat(webhook.hits()).as("nothing was called").isEqualTo(hits);

        String id = created("{\"name\": \"moved\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/moved") + "\"}").get("id").asText();
        Response moved = put("/ml/alerts/channels/" + id, "{\"url\": \"http://169.254.169.254/\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
        assertThat(http.get("/ml/alerts/channels/" + id).json().get("url").asText()).isEqualTo(webhook.url("/moved"));
    }

    @Test
    void aSlackUrlIsASecretAndItsMessageHasTextAndBlocks() {
        String token = "T0123/B0456/" + "s3cr3tSlackToken" + System.nanoTime();
        Response made = create("{\"name\": \"soc-slack\", \"type\": \"slack\", \"url\": \"" + slack.url("/services/" + token) + "\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String id = made.json().get("id").asText();
        assertThat(made.json().get("url").asText()).isEqualTo("http://127.0.0.1:" + slack.port() + "/***");
        assertThat(made.json().has("secret")).isFalse();
        for (Response r : List.of(made, http.get("/ml/alerts/channels"), http.get("/ml/alerts/channels/" + id),
                put("/ml/alerts/channels/" + id, "{\"name\": \"soc-slack-renamed\"}"), http.get("/ml/alerts/deliveries?channelId=" + id))) {
            assertThat(r.text()).as("an answer").doesNotContain(token).doesNotContain("s3cr3tSlackToken");
        }

        JsonNode test = http.postJson("/ml/alerts/channels/" + id + "/test", "").json();
        assertThat(test.get("delivered").asBoolean()).as(test.toString()).isTrue();
        WebhookReceiver.Seen request = slack.seen.get(slack.hits() - 1);
        assertThat(request.path()).isEqualTo("/services/" + token);
        assertThat(request.header("X-Vigil-Signature")).as("Slack is not signed").isNull();
        JsonNode message = request.json();
        assertThat(message.get("text").asText()).startsWith("TEST INFO firing: vigil-channel-test");
        assertThat(message.get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(message.get("blocks").toString()).contains("*Severity*", "Test message from Vigil for the channel");
    }

    @Test
    void aTestToAReceiverThatRefusesSaysWhyAndStillAnswers200() {
        String id = created("{\"name\": \"down\", \"type\": \"webhook\", \"url\": \"" + failing.url("/down") + "\"}").get("id").asText();

        Response r = http.postJson("/ml/alerts/channels/" + id + "/test", "");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("delivered").asBoolean()).isFalse();
        assertThat(r.json().get("status").asInt()).isEqualTo(503);
        assertThat(r.json().get("error").asText()).isEqualTo("HTTP 503 from http://127.0.0.1:" + failing.port() + ": down for maintenance");
    }

    @Test
    void badRequestsNameTheirFields() {
        assertThat(fields(create("{}"))).containsExactly("name", "type");
        assertThat(fields(create("{\"name\": \"x\", \"type\": \"sms\"}"))).containsExactly("type");
        assertThat(fields(create("{\"name\": \"x\", \"type\": \"webhook\"}"))).containsExactly("url");
        assertThat(fields(create("{\"name\": \"x\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/") + "\", \"recipients\": [\"a@b.example\"]}")))
                .containsExactly("recipients");
        assertThat(fields(create("{\"name\": \"x\", \"type\": \"email\", \"recipients\": [\"soc@example.com\"]}")))
                .as("no SMTP server configured").containsExactly("type");
        assertThat(fields(create("{\"name\": \"x\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/") + "\", \"rotateSecret\": true}")))
                .containsExactly("rotateSecret");
        assertThat(create("{\"name\": \"x\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/") + "\", \"colour\": 1}").status()).isEqualTo(400);

        created("{\"name\": \"taken\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/") + "\"}");
        Response twice = create("{\"name\": \"taken\", \"type\": \"slack\", \"url\": \"" + slack.url("/") + "\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asText()).contains("'taken'");

        String slackId = created("{\"name\": \"typed\", \"type\": \"slack\", \"url\": \"" + slack.url("/s") + "\"}").get("id").asText();
        assertThat(fields(put("/ml/alerts/channels/" + slackId, "{\"type\": \"webhook\"}"))).containsExactly("type");
        assertThat(fields(put("/ml/alerts/channels/" + slackId, "{\"rotateSecret\": true}"))).containsExactly("rotateSecret");
        assertThat(put("/ml/alerts/channels/" + slackId, "{\"name\": \"taken\"}").status()).isEqualTo(409);
        assertThat(put("/ml/alerts/channels/" + UUID.randomUUID(), "{\"enabled\": false}").status()).isEqualTo(404);
        assertThat(http.get("/ml/alerts/channels/not-an-id").status()).isEqualTo(404);
        assertThat(http.postJson("/ml/alerts/channels/" + UUID.randomUUID() + "/test", "").status()).isEqualTo(404);

        assertThat(fields(http.get("/ml/alerts/deliveries?state=lost&alertId=42&channelId=x&size=0")))
                .containsExactlyInAnyOrder("state", "alertId", "channelId", "size");
    }

    @Test
    void aDeletedChannelIsGoneWithItsDeliveries() {
        String id = created("{\"name\": \"short-lived\", \"type\": \"webhook\", \"url\": \"" + webhook.url("/gone") + "\"}").get("id").asText();

        assertThat(http.delete("/ml/alerts/channels/" + id).status()).isEqualTo(204);

        assertThat(http.get("/ml/alerts/channels/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/ml/alerts/channels/" + id).status()).isEqualTo(404);
        assertThat(http.get("/ml/alerts/deliveries?channelId=" + id).json().get("total").asLong()).isZero();
    }

    private static List<String> fields(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    static String json(Object value) {
        return Json.write(value);
    }
}
