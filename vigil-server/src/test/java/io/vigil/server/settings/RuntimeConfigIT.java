package io.vigil.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ml/config} against a real server and PostgreSQL: a bad value is refused with its field
 * named and changes nothing, each change is a revision with its history, a rollback is a new
 * revision with an old value, sensitivity presets move a model type's thresholds along the ladder,
 * {@code If-Match} refuses a change made on a stale read, the prediction cache is resized live, and
 * every change is in the audit log.
 */
class RuntimeConfigIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSectionsStartAtTheirDefaultsAsRevisionZero() {
        Response list = http.get("/ml/config");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().get("items").findValuesAsText("section")).contains("cache", "rateLimits", "thresholds");

        Response limits = http.get("/ml/config/rateLimits");
        assertThat(limits.status()).isEqualTo(200);
        assertThat(limits.json().get("revision").asInt()).isZero();
        assertThat(limits.header("ETag")).isEqualTo("\"0\"");
        // the start-time settings of the test server (ConfigLoader's defaults)
        assertThat(limits.json().at("/value/other/perIdentity").asInt()).isEqualTo(6000);
        assertThat(limits.json().at("/value/login/perAddress").asInt()).isEqualTo(60);

        Response unknown = http.get("/ml/config/nosuch");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("cache, events, incidents, rateLimits, rules, streams, thresholds");
    }

    @Test
    void aBadValueIsRefusedWithItsFieldNamedAndNothingChanges() {
        Response before = http.get("/ml/config/thresholds");
        int revision = before.json().get("revision").asInt();
        long stored = history("thresholds").get("total").asLong();

        Response outOfRange = put("thresholds", """
                {"default": {"event": 0.5, "critical": 0.9, "divergenceMargin": 0.5},
                 "modelTypes": {"network-intrusion": {"event": 1.5, "critical": 0.95, "divergenceMargin": 0.4},
                                "fraud": {"event": 0.8, "critical": 0.7, "divergenceMargin": 0.4}}}""", null);
        assertThat(outOfRange.status()).as(outOfRange.toString()).isEqualTo(400);
        assertThat(outOfRange.json().get("errors").findValuesAsText("field"))
                .containsExactly("modelTypes.network-intrusion.event", "modelTypes.fraud.critical");
        assertThat(outOfRange.json().get("errors").get(0).get("message").asText()).isEqualTo("must be a number from 0.0 to 1.0; got 1.5");
        assertThat(outOfRange.json().get("errors").get(1).get("message").asText()).isEqualTo("must be at least event (0.8); got 0.7");

        Response missing = put("thresholds", "{\"modelTypes\": {}}", null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("default");

        Response unknownField = put("thresholds", """
                {"default": {"event": 0.5, "critical": 0.9, "divergenceMargin": 0.5, "warning": 0.7}}""", null);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("warning");

        Response badLimit = put("rateLimits", """
                {"enabled": true, "login": {"perIdentity": 5, "perAddress": 60}, "uploads": {"perIdentity": 60, "perAddress": -1},
                 "predictions": {"perIdentity": 1000, "perAddress": 1000}, "other": {"perIdentity": 6000}}""", null);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("uploads.perAddress", "other.perAddress", "login.perIdentity");

        Response badCache = put("cache", "{\"size\": 10, \"ttlSeconds\": 0}", null);
        assertThat(badCache.status()).isEqualTo(400);
        assertThat(badCache.json().get("errors").get(0).get("field").asText()).isEqualTo("ttlSeconds");

        Response after = http.get("/ml/config/thresholds");
        assertThat(after.json().get("revision").asInt()).isEqualTo(revision);
        assertThat(after.json().get("value")).isEqualTo(before.json().get("value"));
        assertThat(history("thresholds").get("total").asLong()).isEqualTo(stored);
        assertThat(http.get("/ml/config/rateLimits").json().get("revision").asInt()).isZero();
    }

    @Test
    void eachChangeIsARevisionWithItsHistoryAndARollbackPutsAnOldValueBack() {
        Response first = put("cache", "{\"size\": 500, \"ttlSeconds\": 30}", "smaller for the test");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        int r1 = first.json().get("revision").asInt();
        assertThat(first.json().get("changedBy").asText()).isEqualTo("admin");
        assertThat(first.json().get("reason").asText()).isEqualTo("smaller for the test");
        Response second = put("cache", "{\"size\": 0, \"ttlSeconds\": 30}", null);
        assertThat(second.json().get("revision").asInt()).isEqualTo(r1 + 1);
        // size 0 turns the prediction cache off, at once
        assertThat(http.get("/ml/serving/stats").json().at("/cache/enabled").asBoolean()).isFalse();

        JsonNode history = history("cache");
        assertThat(history.get("total").asInt()).isEqualTo(r1 + 2); // the stored revisions and revision 0
        JsonNode items = history.get("items");
        assertThat(items.get(0).get("revision").asInt()).isEqualTo(r1 + 1);
        assertThat(items.get(0).at("/value/size").asLong()).isZero();
        assertThat(items.get(1).at("/value/size").asLong()).isEqualTo(500);
        JsonNode zero = items.get(items.size() - 1);
        assertThat(zero.get("revision").asInt()).isZero();
        assertThat(zero.at("/value/size").asLong()).isEqualTo(server.config().servingCacheSize());

        Response rollback = http.postJson("/ml/config/cache/rollback", "{\"revision\": " + r1 + ", \"reason\": \"back\"}");
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
        assertThat(rollback.json().get("revision").asInt()).isEqualTo(r1 + 2);
        assertThat(rollback.json().get("rolledBackFrom").asInt()).isEqualTo(r1);
        assertThat(rollback.json().at("/value/size").asLong()).isEqualTo(500);
        assertThat(http.get("/ml/serving/stats").json().at("/cache/enabled").asBoolean()).isTrue();

        Response toDefault = http.postJson("/ml/config/cache/rollback", "{\"revision\": 0}");
        assertThat(toDefault.json().at("/value/size").asLong()).isEqualTo(server.config().servingCacheSize());
        assertThat(toDefault.json().get("rolledBackFrom").asInt()).isZero();

        assertThat(http.postJson("/ml/config/cache/rollback", "{\"revision\": 999}").status()).isEqualTo(404);
        assertThat(http.postJson("/ml/config/cache/rollback", "{}").json().at("/errors/0/field").asText()).isEqualTo("revision");
    }

    @Test
    void aChangeBasedOnAStaleRevisionIsRefusedWith409() {
        Response now = http.get("/ml/config/thresholds");
        String etag = now.header("ETag");
        String value = now.json().get("value").toString();
        Response ok = send("PUT", "/ml/config/thresholds", value, etag);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        Response stale = send("PUT", "/ml/config/thresholds", value, etag);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.json().get("detail").asText()).contains("is at revision " + ok.json().get("revision").asInt());
        assertThat(send("PUT", "/ml/config/thresholds", value, "soon").status()).isEqualTo(400);
    }

    @Test
    void sensitivityMovesEveryThresholdOfAModelTypeOneStepAlongTheLadder() {
        Response set = put("thresholds", """
                {"default": {"event": 0.5, "critical": 0.9, "divergenceMargin": 0.5},
                 "modelTypes": {"intrusion": {"event": 0.8, "critical": 0.95, "divergenceMargin": 0.3}}}""", null);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        Response raised = http.postJson("/ml/config/thresholds/sensitivity", "{\"modelType\": \"intrusion\", \"direction\": \"raise\"}");
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        assertThat(raised.json().at("/value/modelTypes/intrusion/event").asDouble()).isEqualTo(0.7);
        assertThat(raised.json().at("/value/modelTypes/intrusion/critical").asDouble()).isEqualTo(0.9);
        assertThat(raised.json().at("/value/modelTypes/intrusion/divergenceMargin").asDouble()).isEqualTo(0.3);
        assertThat(raised.json().get("reason").asText()).isEqualTo("sensitivity raise for intrusion");

        Response lowered = http.postJson("/ml/config/thresholds/sensitivity", "{\"modelType\": \"fraud\", \"direction\": \"lower\"}");
        assertThat(lowered.json().at("/value/modelTypes/fraud/event").asDouble()).isEqualTo(0.6); // from the default 0.5
        assertThat(lowered.json().at("/value/modelTypes/fraud/critical").asDouble()).isEqualTo(0.95);
        assertThat(lowered.json().at("/value/default/event").asDouble()).isEqualTo(0.5);

        Response atTheBottom = http.postJson("/ml/config/thresholds/sensitivity", "{\"modelType\": \"dns\", \"direction\": \"raise\"}");
        // the default's event 0.5 is the lowest step; its critical 0.9 can still go to 0.85
        assertThat(atTheBottom.json().at("/value/modelTypes/dns/event").asDouble()).isEqualTo(0.5);
        assertThat(atTheBottom.json().at("/value/modelTypes/dns/critical").asDouble()).isEqualTo(0.85);

        Response badDirection = http.postJson("/ml/config/thresholds/sensitivity", "{\"modelType\": \"dns\", \"direction\": \"up\"}");
        assertThat(badDirection.status()).isEqualTo(400);
        assertThat(badDirection.json().at("/errors/0/field").asText()).isEqualTo("direction");
    }

    @Test
    void everyChangeIsAudited() throws Exception {
        Response changed = put("cache", "{\"size\": 1000, \"ttlSeconds\": 60}", "audit me");
        assertThat(changed.status()).isEqualTo(200);
        Response refused = server.as(Role.DATA_SCIENTIST).send("PUT", "/ml/config/cache", "application/json",
                "{\"size\": 1, \"ttlSeconds\": 60}".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(403);

        String action = URLEncoder.encode("PUT /ml/config/{section}", StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode rows;
        do { // the audit log is written off the request thread
            rows = http.get("/ml/audit?action=" + action).json().get("items");
            if (rows.size() >= 2 && rows.findValuesAsText("result").contains("403")) {
                break;
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        assertThat(rows.findValuesAsText("actor")).contains("admin", "test-data-scientist");
        assertThat(rows.toString()).contains("cache");
    }

    private static Response put(String section, String body, String reason) {
        String path = "/ml/config/" + section + (reason == null ? "" : "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
        return http.send("PUT", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response send(String method, String path, String body, String ifMatch) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", "application/json")
                .header("If-Match", ifMatch).method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)));
    }

    private static JsonNode history(String section) {
        Response r = http.get("/ml/config/" + section + "/history?size=500");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
