package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.http.Route;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the route table, called by nobody and by each role, on a real server: the route's
 * rule, as issue 18 states it, decides 401 (nobody, on a route that needs identity), 403 (a role
 * without the right) or anything else but those (the role may; the handler then answers, mostly
 * 400 or 404 for the made-up ids and bodies sent here, never a 5xx).
 *
 * <p>The rules are written out below, independently of {@code Routes} and {@code Permissions}: a route
 * added without a rule here fails {@link #everyRouteHasARuleAndEveryRuleARoute()}.
 */
class RoleMatrixIT {
    /** Nobody at all: no credential. */
    private static final Set<Role> PUBLIC = null;
    private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);
    private static final Set<Role> PREDICTORS = EnumSet.allOf(Role.class);
    private static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.DATA_SCIENTIST, Role.ANALYST);
    private static final Set<Role> SCIENTISTS = EnumSet.of(Role.ADMIN, Role.DATA_SCIENTIST);
    private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

    /** Who may call each route: the rules. */
    private static final Map<String, Set<Role>> RULES = new LinkedHashMap<>();

    static {
        for (String open : List.of("GET /health", "GET /ready", "GET /openapi.yaml", "GET /docs", "GET /v2/health/live",
                "GET /v2/health/ready", "GET /v2", "GET /metrics", "POST /auth/login", "POST /auth/refresh", "POST /auth/logout")) {
            RULES.put(open, PUBLIC);
        }
        RULES.put("GET /auth/me", ANY_ROLE);
        for (String admin : List.of("POST /auth/keys", "GET /auth/keys", "DELETE /auth/keys/{id}", "POST /auth/users",
                "GET /auth/users", "GET /auth/users/{id}", "PATCH /auth/users/{id}", "POST /auth/users/{id}/password",
                "GET /ml/audit",
                // runtime settings move every instance at once: an admin's change
                "PUT /ml/config/{section}", "POST /ml/config/{section}/rollback", "POST /ml/config/thresholds/sensitivity")) {
            RULES.put(admin, ADMINS);
        }
        // everything under /ml/datasets: raw data may hold personal data
        for (String data : List.of("POST /ml/datasets/upload", "POST /ml/datasets", "POST /ml/datasets/concat", "GET /ml/datasets",
                "POST /ml/datasets/uploads", "POST /ml/datasets/uploads/{uploadId}",
                "GET /ml/datasets/{id}", "GET /ml/datasets/{id}/preview", "GET /ml/datasets/{id}/download",
                "GET /ml/datasets/{id}/stats", "GET /ml/datasets/{id}/statistics", "DELETE /ml/datasets/{id}")) {
            RULES.put(data, SCIENTISTS);
        }
        // ONNX files: an exported model carries its training data's category values (the datasets' access); an import makes a version
        RULES.put("GET /ml/models/{id}/versions/{version}/export", SCIENTISTS);
        RULES.put("POST /ml/models/{id}/versions/import", SCIENTISTS);
        // every change under /ml/models, and to jobs
        for (String change : List.of("POST /ml/models", "PUT /ml/models/{id}", "DELETE /ml/models/{id}", "POST /ml/models/{id}/train",
                "POST /ml/models/{id}/validate", "POST /ml/models/{id}/deploy", "POST /ml/models/{id}/rollback",
                "POST /ml/models/{id}/retire", "PUT /ml/models/{id}/drift/settings", "PATCH /ml/jobs/{id}", "POST /ml/jobs/{id}/cancel",
                "PUT /ml/models/{id}/retention", "PUT /ml/models/{id}/retraining", "POST /ml/models/{id}/retraining/run",
                "POST /ml/alerts/channels", "PUT /ml/alerts/channels/{id}",
                "DELETE /ml/alerts/channels/{id}", "POST /ml/alerts/channels/{id}/test",
                "POST /ml/experiments", "POST /ml/experiments/{id}/stop",
                "POST /ml/experiments/{id}/promote", "POST /ml/alerts/rules", "PUT /ml/alerts/rules/{id}", "DELETE /ml/alerts/rules/{id}",
                "PUT /ml/assets/{assetId}", "POST /ml/features", "DELETE /ml/features/{name}", "POST /ml/features/{name}/materialise",
                "POST /ml/anomaly/train", "POST /api/v1/anomaly/train",
                // the pipeline service's paths to the same handlers
                "POST /api/v1/models", "POST /api/v1/models/{id}/train", "POST /api/v1/models/{id}/deploy")) {
            RULES.put(change, SCIENTISTS);
        }
        // analysts read models, versions, metrics, jobs, events and the serving state
        for (String read : List.of("GET /ml/algorithms", "GET /ml/models", "GET /ml/models/{id}", "GET /ml/models/{id}/status",
                "GET /ml/models/{id}/training-jobs", "GET /ml/models/{id}/versions", "GET /ml/models/{id}/versions/{version}",
                "GET /ml/models/{id}/versions/{version}/inputs", "GET /ml/models/{id}/artifacts", "GET /ml/models/{id}/deployments",
                "GET /ml/models/{id}/drift", "GET /ml/models/{id}/drift/settings",
                "GET /ml/serving/stats", "GET /ml/streams", "GET /ml/streams/{name}", "GET /ml/jobs", "GET /ml/jobs/{id}", "GET /ml/jobs/{id}/logs", "GET /ml/stream", "GET /ml/ws",
                "GET /ml/metrics", "GET /ml/models/{id}/metrics", "GET /ml/models/{id}/retention", "GET /ml/models/{id}/retraining",
                "GET /ml/models/{id}/retraining/history", "GET /ml/alerts/channels",
                "GET /ml/alerts/channels/{id}", "GET /ml/alerts/deliveries",
                "GET /ml/experiments",
                "GET /ml/experiments/{id}", "GET /ml/models/{id}/health",
                "GET /ml/models/{id}/alerts", "GET /ml/alerts", "GET /ml/alerts/{id}", "GET /ml/alerts/rules", "GET /ml/alerts/rules/{id}",
                "GET /ml/assets", "GET /ml/assets/{assetId}", "GET /ml/assets/{assetId}/metrics", "GET /ml/anomaly/scores/{assetId}",
                "GET /api/v1/metrics/{assetId}", "GET /api/v1/anomaly/scores/{assetId}", "GET /ml/events", "GET /ml/events/{id}", "GET /ml/features",
                "GET /ml/features/{name}", "GET /ml/events/counts", "GET /ml/events/search", "POST /ml/events/similar", "GET /ml/incidents", "GET /ml/incidents/{id}",
                "GET /ml/incidents/{id}/report", "GET /ml/config", "GET /ml/config/{section}", "GET /ml/config/{section}/history",
                "GET /ml/models/{id}/training-jobs/{jobId}", "GET /ml/health",
                "GET /api/v1/models", "GET /api/v1/models/{id}", "GET /api/v1/models/{id}/training-jobs",
                "GET /api/v1/models/{id}/training-jobs/{jobId}", "GET /api/v1/models/{id}/deployments", "GET /api/v1/models/{id}/metrics",
                "GET /api/v1/models/{id}/health", "GET /api/v1/models/{id}/drift", "GET /api/v1/models/{id}/alerts",
                "GET /api/v1/monitoring/health")) {
            RULES.put(read, READERS);
        }
        // analysts acknowledge alerts (issue 18's role), and resolve them
        // ... and triage incidents: status, assignee, notes
        for (String respond : List.of("POST /ml/alerts/{id}/acknowledge", "POST /ml/alerts/{id}/resolve", "PATCH /ml/incidents/{id}",
                "POST /ml/incidents/{id}/notes")) {
            RULES.put(respond, READERS);
        }
        // predictions, and the feedback on them: the SOC pipeline's machines too
        for (String predict : List.of("POST /ml/predict", "POST /ml/feedback", "POST /ml/models/{id}/predict", "POST /ml/models/{id}/batch-predict",
                "GET /v2/models/{name}", "GET /v2/models/{name}/ready", "POST /v2/models/{name}/infer",
                "GET /v2/models/{name}/versions/{version}", "GET /v2/models/{name}/versions/{version}/ready",
                "POST /v2/models/{name}/versions/{version}/infer",
                // asset metrics and their anomaly detection: the monitoring agents' machines send them
                "POST /ml/assets/{assetId}/metrics", "POST /ml/anomaly/detect", "POST /api/v1/metrics/{assetId}",
                "POST /api/v1/anomaly/detect",
                // the feature store's live events and values: the pipeline's machines send and read them
                "POST /ml/features/{name}/events", "GET /ml/features/{name}/entities/{key}",
                // detections scored elsewhere, posted by the same machines
                "POST /ml/events", "POST /api/v1/models/{id}/predict", "POST /api/v1/models/{id}/batch-predict")) {
            RULES.put(predict, PREDICTORS);
        }
    }

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
    void everyRouteHasARuleAndEveryRuleARoute() {
        Set<String> routes = new TreeSet<>();
        for (Route route : server.routes()) {
            routes.add(key(route));
        }
        assertThat(routes).as("routes of Routes.all; a new route needs its rule in RoleMatrixIT.RULES")
                .isEqualTo(new TreeSet<>(RULES.keySet()));
        for (Route route : server.routes()) {
            Set<Role> expected = RULES.get(key(route));
            assertThat(route.access() == Access.PUBLIC ? null : Permissions.rolesWith(route.access()))
                    .as("roles that may call %s (declared %s)", key(route), route.access()).isEqualTo(expected);
        }
    }

    @Test
    void nobodyIsRefused401AndEachRoleGetsWhatItsRuleSays() {
        Map<Role, HttpTestClient> callers = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            callers.put(role, server.as(role));
        }
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (Route route : server.routes()) {
            Set<Role> allowed = RULES.get(key(route));
            Response anonymous = call(server.anonymous(), route);
            requests++;
            if (allowed == PUBLIC) {
                check(wrong, route, "nobody", anonymous, anonymous.status() != 401 && anonymous.status() != 403 && anonymous.status() < 500);
            } else {
                check(wrong, route, "nobody", anonymous, anonymous.status() == 401 && isProblem(anonymous)
                        && "Bearer realm=\"vigil\"".equals(anonymous.header("WWW-Authenticate")));
            }
            for (Map.Entry<Role, HttpTestClient> caller : callers.entrySet()) {
                Response r = call(caller.getValue(), route);
                requests++;
                boolean may = allowed == PUBLIC || allowed.contains(caller.getKey());
                check(wrong, route, caller.getKey().wire(), r, may ? r.status() != 401 && r.status() != 403 && r.status() < 500
                        : r.status() == 403 && isProblem(r));
            }
        }
        System.out.println("role matrix: " + server.routes().size() + " routes x (nobody + " + Role.values().length + " roles) = "
                + requests + " requests");
        assertThat(wrong).as("answers that break a route's rule").isEmpty();
    }

    @Test
    void aBatchPredictionOfAStoredDatasetNeedsTheDatasetsRight() {
        String body = "{\"datasetId\": \"" + UUID.randomUUID() + "\"}";
        String path = "/ml/models/" + UUID.randomUUID() + "/batch-predict";
        for (Role role : List.of(Role.SERVICE, Role.ANALYST)) {
            Response r = server.as(role).postJson(path, body);
            assertThat(r.status()).as(role + ": " + r).isEqualTo(403);
            assertThat(r.json().get("detail").asText()).contains("scoring a stored dataset");
        }
        assertThat(server.as(Role.DATA_SCIENTIST).postJson(path, body).status()).isEqualTo(404); // no such model: it may ask
    }

    @Test
    void aCallerWithoutIdentityCostsNoBody() {
        // a 16 MiB body to a route that needs identity is refused from its headers, and the connection closes
        byte[] big = new byte[16 * 1024 * 1024 - 1];
        java.util.Arrays.fill(big, (byte) ' ');
        long start = System.nanoTime();
        Response r = server.anonymous().send("POST", "/ml/predict", "application/json", big);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Connection")).isEqualTo("close");
        System.out.println("16 MiB body without identity refused in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static void check(List<String> wrong, Route route, String who, Response r, boolean right) {
        if (!right) {
            wrong.add(key(route) + " as " + who + ": " + r);
        }
    }

    private static boolean isProblem(Response r) {
        return r.contentType() != null && r.contentType().startsWith("application/problem+json");
    }

    /** The route with made-up ids and an empty JSON object as body: enough to pass or meet the access check. */
    private static Response call(HttpTestClient http, Route route) {
        String path = route.path().replace("{id}", UUID.randomUUID().toString()).replace("{version}", "1")
                .replace("{name}", "no-such-model").replace("{assetId}", "no-such-asset").replace("{key}", "no-such-entity")
                .replace("{section}", "no-such-section").replace("{uploadId}", UUID.randomUUID().toString())
                .replace("{jobId}", UUID.randomUUID().toString());
        String method = route.method().name();
        return switch (method) {
            case "GET", "DELETE" -> http.send(method, path, null, new byte[0]);
            default -> http.send(method, path, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String key(Route route) {
        return route.method().name() + " " + route.path();
    }
}
