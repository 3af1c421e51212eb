package io.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log on a real server: each kind of change leaves the row it should (a model change, a
 * login that failed, a change refused 403 or 401, an API key made, used and revoked); GETs and
 * predictions leave none; only admins read it, filtered and paged; no secret is ever in it; and the
 * table itself refuses to be changed.
 */
class AuditLogIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aModelChangeLeavesItsRow() {
        Instant before = Instant.now();
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        Response created = scientist.postJson("/ml/models", "{\"modelName\": \"audited\", \"modelType\": \"audited\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Response deleted = scientist.delete("/ml/models/" + id);
        assertThat(deleted.status()).isBetween(200, 299);

        JsonNode creation = only(rows("action=" + enc("POST /ml/models") + "&user=test-data-scientist"));
        assertThat(creation.get("actor").asText()).isEqualTo("test-data-scientist");
        assertThat(creation.get("actorKind").asText()).isEqualTo("user");
        assertThat(creation.get("role").asText()).isEqualTo("data_scientist");
        assertThat(creation.get("result").asInt()).isEqualTo(201);
        assertThat(creation.get("object").get("created").asText()).isEqualTo("/ml/models/" + id);
        assertThat(creation.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(creation.get("requestId").asText()).isEqualTo(created.header("X-Request-Id"));
        assertThat(Instant.parse(creation.get("at").asText())).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

        JsonNode deletion = only(rows("action=" + enc("DELETE /ml/models/{id}") + "&object=" + id));
        assertThat(deletion.get("object")).isEqualTo(Json.MAPPER.valueToTree(Map.of("id", id)));
        assertThat(deletion.get("result").asInt()).isEqualTo(deleted.status());
        assertThat(deletion.get("requestId").asText()).isEqualTo(deleted.header("X-Request-Id"));
    }

    @Test
    void everyLoginLeavesItsRowUnderTheNameGiven() {
        server.createUser("audit-login", Role.ANALYST);
        Response failed = server.anonymous().postJson("/auth/login", "{\"username\": \"audit-login\", \"password\": \"not the password at all\"}");
        assertThat(failed.status()).isEqualTo(401);
        Response ok = server.anonymous().postJson("/auth/login", "{\"username\": \"audit-login\", \"password\": \"" + TestServer.USER_PASSWORD + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        Response refreshed = server.anonymous().postJson("/auth/refresh", "{\"refreshToken\": \"" + ok.json().get("refreshToken").asText() + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(server.anonymous().postJson("/auth/logout", "{\"refreshToken\": \"" + refreshed.json().get("refreshToken").asText() + "\"}")
                .status()).isEqualTo(204);

        List<JsonNode> rows = rows("user=audit-login");
        assertThat(rows).extracting(r -> r.get("action").asText() + " " + r.get("result").asInt() + " " + r.get("role").asText())
                .containsExactly("POST /auth/logout 204 analyst", "POST /auth/refresh 200 analyst", "POST /auth/login 200 analyst",
                        "POST /auth/login 401 null");
        assertThat(rows.get(3).get("requestId").asText()).isEqualTo(failed.header("X-Request-Id"));
    }

    @Test
    void aRefusedChangeLeavesItsRow() {
        Response refused = server.as(Role.ANALYST).postJson("/ml/models/" + java.util.UUID.randomUUID() + "/retire", "{}");
        assertThat(refused.status()).isEqualTo(403);
        JsonNode row = only(rows("user=test-analyst&result=403"));
        assertThat(row.get("action").asText()).isEqualTo("POST /ml/models/{id}/retire");
        assertThat(row.get("role").asText()).isEqualTo("analyst");
        assertThat(row.get("requestId").asText()).isEqualTo(refused.header("X-Request-Id"));

        Response nobody = server.anonymous().send("DELETE", "/ml/datasets/" + java.util.UUID.randomUUID(), null, new byte[0]);
        assertThat(nobody.status()).isEqualTo(401);
        JsonNode anonymous = only(rows("action=" + enc("DELETE /ml/datasets/{id}") + "&result=401"));
        assertThat(anonymous.get("actorKind").asText()).isEqualTo("anonymous");
        assertThat(anonymous.get("actor").isNull()).isTrue();
    }

    @Test
    void aKeyMadeUsedAndRevokedLeavesItsRows() {
        Response made = server.http().postJson("/auth/keys", "{\"name\": \"audited key\", \"role\": \"data_scientist\"}");
        assertThat(made.status()).isEqualTo(201);
        String keyId = made.json().get("id").asText();
        String prefix = made.json().get("prefix").asText();
        JsonNode creation = only(rows("action=" + enc("POST /auth/keys") + "&object=" + keyId));
        assertThat(creation.get("actor").asText()).isEqualTo("admin");
        assertThat(creation.get("role").asText()).isEqualTo("admin");
        assertThat(creation.get("result").asInt()).isEqualTo(201);

        HttpTestClient byKey = server.anonymous().withApiKey(made.json().get("key").asText());
        assertThat(byKey.postJson("/ml/models", "{\"modelName\": \"by-key\", \"modelType\": \"by-key\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\"}").status()).isEqualTo(201);
        JsonNode use = only(rows("user=key:" + prefix));
        assertThat(use.get("actorKind").asText()).isEqualTo("api_key");
        assertThat(use.get("role").asText()).isEqualTo("data_scientist");

        assertThat(server.http().delete("/auth/keys/" + keyId).status()).isEqualTo(204);
        assertThat(rows("object=" + keyId)).extracting(r -> r.get("action").asText())
                .containsExactly("DELETE /auth/keys/{id}", "POST /auth/keys");
    }

    @Test
    void readsAndPredictionsLeaveNoRow() {
        long before = server.http().get("/ml/audit?size=1").json().get("total").asLong();
        HttpTestClient analyst = server.as(Role.ANALYST);
        long afterLogin = server.http().get("/ml/audit?size=1").json().get("total").asLong(); // the analyst's first use may log in
        for (int i = 0; i < 5; i++) {
            analyst.get("/ml/models");
            analyst.postJson("/ml/predict", "{\"modelType\": \"none-here\", \"features\": {\"a\": 1}}");
        }
        assertThat(server.http().get("/ml/audit?size=1").json().get("total").asLong()).isEqualTo(afterLogin);
        assertThat(afterLogin - before).isLessThanOrEqualTo(1);
    }

    @Test
    void aBatchPredictionOfAStoredDatasetIsAChangeAndIsRecorded() throws InterruptedException {
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        String model = new ServingFixture(scientist).validatedModel("audited-batch", "audited-batch", 1);
        Response stored = scientist.upload("/ml/datasets/upload", "to-score.csv", GeneratedFlows.csv(50, 5), Map.of("name", "to-score"));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        Response queued = scientist.postJson("/ml/models/" + model + "/batch-predict",
                "{\"datasetId\": \"" + stored.json().get("id").asText() + "\", \"version\": 1}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        Response scored = scientist.postJson("/ml/models/" + model + "/batch-predict", "{\"version\": 1, \"instances\": []}");

        List<JsonNode> rows = rows("action=" + enc("/ml/models/{id}/batch-predict"));
        assertThat(rows).as("the batch job, not the instances scored at once (%s)", scored.status()).hasSize(1);
        assertThat(rows.get(0).get("result").asInt()).isEqualTo(202);
        assertThat(rows.get(0).get("object").get("id").asText()).isEqualTo(model);
        assertThat(rows.get(0).get("object").get("created").asText()).isEqualTo(queued.header("Location"));
    }

    @Test
    void theAdminCanFilterAndPage() throws InterruptedException {
        Instant start = Instant.now();
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        for (int i = 0; i < 3; i++) {
            assertThat(scientist.postJson("/ml/models", "{\"modelName\": \"page-" + i + "\", \"modelType\": \"paged\", \"algorithm\": \"gbm\","
                    + " \"targetVariable\": \"label\"}").status()).isEqualTo(201);
        }
        // a change is recorded once its answer is complete, which may be a moment after the client has read it:
        // the window reaches past the client's clock, and the query is asked again until the third row is in
        String window = "&from=" + start + "&to=" + Instant.now().plusSeconds(10);
        JsonNode first = null;
        for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; ) {
            first = server.http().get("/ml/audit?user=TEST-DATA-SCIENTIST&action=" + enc("/ml/models") + window + "&size=2").json();
            if (first.get("total").asInt() >= 3) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("pages").asInt()).isEqualTo(2);
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = server.http().get("/ml/audit?user=test-data-scientist&action=" + enc("/ml/models") + window + "&size=2&page=2").json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("id").asLong()).as("newest first").isLessThan(first.get("items").get(1).get("id").asLong());
        assertThat(server.http().get("/ml/audit?result=2xx" + window + "&user=test-data-scientist").json().get("total").asInt()).isEqualTo(3);
        assertThat(server.http().get("/ml/audit?result=4xx" + window + "&user=test-data-scientist").json().get("total").asInt()).isZero();
        assertThat(server.http().get("/ml/audit?to=" + start + "&user=test-data-scientist&action=" + enc("/ml/models")).json()
                .get("items")).allSatisfy(r -> assertThat(r.get("object").get("created").asText()).doesNotContain("page-"));

        Response bad = server.http().get("/ml/audit?result=99x&from=yesterday&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asText()).contains("result", "from", "size");
    }

    @Test
    void onlyAdminsReadItAndNoRouteChangesIt() {
        for (Role role : List.of(Role.DATA_SCIENTIST, Role.ANALYST, Role.SERVICE)) {
            HttpTestClient caller = role == Role.SERVICE ? server.anonymous().withApiKey(server.apiKey(Role.SERVICE)) : server.as(role);
            assertThat(caller.get("/ml/audit").status()).as(role.wire()).isEqualTo(403);
        }
        assertThat(server.anonymous().get("/ml/audit").status()).isEqualTo(401);
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertThat(server.http().send(method, "/ml/audit", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).status())
                    .as(method).isIn(404, 405);
        }
    }

    @Test
    void noSecretEverAppearsInAnAuditRow() throws Exception {
        String password = "audit-secret-password-" + System.nanoTime();
        String userId = server.http().postJson("/auth/users", "{\"username\": \"audit-secrets\", \"role\": \"analyst\", \"password\": \""
                + password + "\"}").json().get("id").asText();
        String newPassword = "audit-new-password-" + System.nanoTime();
        assertThat(server.http().postJson("/auth/users/" + userId + "/password", "{\"password\": \"" + newPassword + "\"}").status())
                .isEqualTo(204);
        server.anonymous().postJson("/auth/login", "{\"username\": \"audit-secrets\", \"password\": \"" + password + "\"}"); // the old one: 401
        JsonNode session = server.anonymous().postJson("/auth/login", "{\"username\": \"audit-secrets\", \"password\": \"" + newPassword + "\"}")
                .json();
        String token = session.get("token").asText();
        String refresh = session.get("refreshToken").asText();
        JsonNode madeKey = server.http().postJson("/auth/keys", "{\"name\": \"secret key\", \"role\": \"admin\"}").json();
        String key = madeKey.get("key").asText();
        server.anonymous().withBearer(token).postJson("/ml/models", "{}"); // 403 with a token
        server.anonymous().withApiKey(key).postJson("/ml/models", "{\"modelName\": \"k\", \"modelType\": \"k\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\"}");
        server.anonymous().withApiKey(key + "x").postJson("/ml/models", "{}"); // 401 with a near key
        JsonNode refreshed = server.anonymous().postJson("/auth/refresh", "{\"refreshToken\": \"" + refresh + "\"}").json();
        server.anonymous().postJson("/auth/logout", "{\"refreshToken\": \"" + refreshed.get("refreshToken").asText() + "\"}");

        String everything = server.http().get("/ml/audit?size=500").text() + String.join("\n", tableRows());
        assertThat(everything).contains("audit-secrets", "key:" + madeKey.get("prefix").asText());
        for (String secret : List.of(password, newPassword, token, refresh, refreshed.get("token").asText(),
                refreshed.get("refreshToken").asText(), key, key.substring(madeKey.get("prefix").asText().length()))) {
            assertThat(everything).as("a secret in the audit log").doesNotContain(secret);
        }
    }

    @Test
    void theTableRefusesUpdatesDeletesAndTruncation() throws SQLException {
        server.http().postJson("/auth/keys", "{\"name\": \"one row at least\", \"role\": \"service\"}");
        server.http().get("/ml/audit"); // stored now
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_log set actor = 'someone else'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            try (ResultSet r = s.executeQuery("select count(*) from audit_log")) {
                r.next();
                assertThat(r.getLong(1)).isPositive();
            }
        }
    }

    private static List<JsonNode> rows(String query) {
        Response r = server.http().get("/ml/audit?size=500&" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static JsonNode only(List<JsonNode> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> tableRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select a::text from audit_log a")) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.config().dbUrl(), server.config().dbUser(), server.config().dbPassword());
    }
}
