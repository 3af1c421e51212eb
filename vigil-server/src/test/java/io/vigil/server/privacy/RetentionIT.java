package io.vigil.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Datasets and security events past their retention go, audited; what is still worked on stays. */
class RetentionIT {
    private static TestServer server;
    private static Jdbi jdbi;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_RETENTION_DATASET_DAYS", "2", "VIGIL_RETENTION_EVENT_DAYS", "30"));
        jdbi = Jdbi.create(server.config().dbUrl(), server.config().dbUser(), server.config().dbPassword() == null ? "" : server.config().dbPassword());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oldDatasetsGoWithAnAuditRowAndTheModelVersionsKeepTheirProvenance() {
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        String old = upload(scientist, "old.csv");
        String recent = upload(scientist, "recent.csv");
        jdbi.useHandle(h -> h.createUpdate("update datasets set created_at = now() - interval '3 days' where id = cast(:id as uuid)")
                .bind("id", old).execute());

        Map<String, io.vigil.server.privacy.RetentionTask.Deleted> round = server.retention().runOnce().orElseThrow();

        assertThat(round.get("datasets").ids()).contains(old).doesNotContain(recent);
        assertThat(scientist.get("/ml/datasets/" + old).status()).isEqualTo(404);
        assertThat(scientist.get("/ml/datasets/" + recent).status()).isEqualTo(200);
        JsonNode audited = awaitAudit("retention.datasets");
        assertThat(audited.get("actor").asText()).isEqualTo("vigil");
        assertThat(audited.get("object").get("ids").asText()).contains(old);
    }

    @Test
    void oldEventsGoUnlessAnUnresolvedIncidentHoldsThem() {
        HttpTestClient sensor = server.as(Role.SERVICE);
        Instant longAgo = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String worked = post(sensor, event("worked on", longAgo, "198.51.100.1"));
        String resolved = post(sensor, event("resolved long ago", longAgo, "198.51.100.2"));
        String loose = post(sensor, event("no entity", longAgo, null));
        String fresh = post(sensor, event("fresh", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), "198.51.100.2"));
        HttpTestClient analyst = server.as(Role.ANALYST);
        String resolvedIncident = analyst.get("/ml/events/" + resolved).json().get("incident").asText();
        Response closed = analyst.send("PATCH", "/ml/incidents/" + resolvedIncident, "application/json",
                Json.write(Map.of("status", "resolved")).getBytes(StandardCharsets.UTF_8));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        jdbi.useHandle(h -> h.createUpdate("update incidents set last_seen_at = :t where id = cast(:id as uuid)")
                .bind("t", java.sql.Timestamp.from(longAgo)).bind("id", resolvedIncident).execute());

        List<String> deleted = server.retention().runOnce().orElseThrow().get("events").ids();

        assertThat(deleted).contains(resolved, loose).doesNotContain(worked, fresh);
        assertThat(analyst.get("/ml/events/" + worked).status()).isEqualTo(200);
        assertThat(analyst.get("/ml/events/" + loose).status()).isEqualTo(404);
        assertThat(analyst.get("/ml/incidents/" + resolvedIncident).status()).isEqualTo(404);
        assertThat(awaitAudit("retention.events").get("object").get("deleted").asInt()).isGreaterThanOrEqualTo(2);
    }

    private static Map<String, Object> event(String title, Instant at, String host) {
        Map<String, Object> e = new java.util.HashMap<>(Map.of("title", title, "score", 0.7, "occurredAt", at.toString(), "source", "test"));
        if (host != null) {
            e.put("sourceHost", host);
        }
        return e;
    }

    private static String post(HttpTestClient sensor, Map<String, Object> event) {
        Response r = sensor.postJson("/ml/events", Json.write(Map.of("events", List.of(event))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("events").get(0).get("id").asText();
    }

    private static String upload(HttpTestClient client, String name) {
        Response r = client.upload("/ml/datasets", name, "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8), Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode awaitAudit(String action) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = new ArrayList<>();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            server.http().get("/ml/audit?action=" + action).json().get("items").forEach(found::add);
            if (found.isEmpty()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        assertThat(found).as("audit rows of " + action).isNotEmpty();
        return found.get(0);
    }
}
