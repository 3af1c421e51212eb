package io.vigil.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.server.auth.Access;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server under fuzz: its routes (read from its own {@code /openapi.yaml}, which a contract test
 * keeps equal to the route table) and real resources made the way a user makes them, so that
 * fuzzed requests reach past "not found": a training set and a hold-out set, a trained, validated
 * and deployed model, its training job, and a scratch model and dataset for the destructive routes.
 */
final class FuzzTarget {
    /**
     * A route of the API as {@code openapi.yaml} describes it, which OpenApiContractIT holds equal to
     * {@code Routes}: the access it needs ({@code x-vigil-access}) and whether it reads a body ({@code requestBody}).
     */
    record RouteSpec(String method, String path, Access access, boolean readsBody) {
        boolean hasBody() {
            return Set.of("POST", "PUT", "PATCH").contains(method);
        }

        boolean upload() {
            return method.equals("POST") && (path.equals("/ml/datasets/upload") || path.equals("/ml/datasets"));
        }

        /** Routes that delete or retire what they name: they get the scratch resources, never the deployed model. */
        boolean destructive() {
            return method.equals("DELETE") || method.equals("PUT") || path.endsWith("/retire") || path.endsWith("/rollback")
                    || path.endsWith("/cancel");
        }
    }

    final String host;
    final int port;
    final List<RouteSpec> routes;
    final String datasetId;
    final String holdoutId;
    final String modelId;
    final String modelName;
    final String jobId;
    final String scratchModelId;
    final String scratchDatasetId;
    /** The keys of each role and the forged credentials fuzzed requests carry. */
    final FuzzCredentials credentials;

    private FuzzTarget(String host, int port, List<RouteSpec> routes, String datasetId, String holdoutId, String modelId,
                       String modelName, String jobId, String scratchModelId, String scratchDatasetId, FuzzCredentials credentials) {
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.datasetId = datasetId;
        this.holdoutId = holdoutId;
        this.modelId = modelId;
        this.modelName = modelName;
        this.jobId = jobId;
        this.scratchModelId = scratchModelId;
        this.scratchDatasetId = scratchDatasetId;
        this.credentials = credentials;
    }

    /**
     * Reads the routes of the server {@code admin} talks to (as an admin) and makes the resources
     * fuzzed requests point at, and the credentials they carry ({@link FuzzCredentials}; {@code jwtSecret}
     * is the server's token secret, or null if unknown).
     */
    static FuzzTarget prepare(HttpTestClient admin, String jwtSecret) throws IOException, InterruptedException {
        FuzzCredentials credentials = FuzzCredentials.prepare(admin, jwtSecret);
        HttpTestClient http = admin.withBearer(credentials.adminKey());
        URI uri = URI.create(admin.base());
        List<RouteSpec> routes = routes(http);
        String suffix = Long.toString(System.nanoTime(), 36);
        String dataset = upload(http, "fuzz-flows-" + suffix, GeneratedFlows.csv(2000, 11));
        String holdout = upload(http, "fuzz-holdout-" + suffix, GeneratedFlows.csv(600, 99));
        String modelName = "fuzz-gbm-" + suffix;
        String model = created(http.postJson("/ml/models", "{\"modelName\": \"" + modelName + "\", \"modelType\": \"intrusion\","
                + " \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 8, \"max_depth\": 3}}"));
        Response queued = http.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + dataset + "\"}");
        expect(queued, 202);
        String job = queued.json().get("id").asText();
        awaitJob(http, job);
        awaitModelStatusNot(http, model, "training");
        expect(http.postJson("/ml/models/" + model + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": 1}"), 200);
        expect(http.postJson("/ml/models/" + model + "/deploy", "{\"version\": 1}"), 200);
        String scratchModel = created(http.postJson("/ml/models", "{\"modelName\": \"fuzz-scratch-" + suffix + "\", \"modelType\": "
                + "\"fuzz-scratch\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\"}"));
        String scratchDataset = upload(http, "fuzz-scratch-" + suffix, GeneratedFlows.csv(50, 7));
        return new FuzzTarget(uri.getHost(), uri.getPort(), routes, dataset, holdout, model, modelName, job, scratchModel,
                scratchDataset, credentials);
    }

    private static List<RouteSpec> routes(HttpTestClient http) throws IOException {
        Response spec = http.get("/openapi.yaml");
        expect(spec, 200);
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(spec.body()).get("paths");
        List<RouteSpec> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = methods.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    String access = operation.getValue().path("x-vigil-access").asText();
                    routes.add(new RouteSpec(method, path.getKey(), Access.valueOf(access.toUpperCase(Locale.ROOT)),
                            operation.getValue().has("requestBody")));
                }
            }
        }
        return List.copyOf(routes);
    }

    private static String upload(HttpTestClient http, String name, byte[] csv) {
        return created(http.upload("/ml/datasets/upload", name + ".csv", csv, Map.of("name", name, "labelColumn", "label")));
    }

    private static String created(Response r) {
        expect(r, 201);
        return r.json().get("id").asText();
    }

    private static void expect(Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("preparing the fuzz target: expected " + status + ", got " + r);
        }
    }

    private static void awaitJob(HttpTestClient http, String job) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            String state = http.get("/ml/jobs/" + job).json().get("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new IllegalStateException("the fuzz model's training " + state);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the fuzz model's training did not end in 3 minutes");
    }

    private static void awaitModelStatusNot(HttpTestClient http, String model, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (status.equals(http.get("/ml/models/" + model).json().get("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }
}
