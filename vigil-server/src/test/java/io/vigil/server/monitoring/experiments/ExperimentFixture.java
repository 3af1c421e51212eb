package io.vigil.server.monitoring.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the experiment tests share: flows that carry the host they came from ({@code src_ip}, a
 * column each model drops, so a record may carry it), models trained and validated over HTTP, and
 * predictions and experiments as a client sends them.
 */
final class ExperimentFixture {
    private final HttpTestClient http;
    private final String trainingSet;
    private final String holdout;
    private final String inverted;

    ExperimentFixture(HttpTestClient http) {
        this.http = http;
        this.trainingSet = upload("flows-hosts.csv", csv(2000, 11));
        this.holdout = upload("holdout-hosts.csv", csv(600, 99));
        // the same flows with every label the other way round: a model trained on them is nearly always wrong
        this.inverted = upload("inverted-hosts.csv", new String(csv(2000, 11), StandardCharsets.UTF_8).replace(",attack\n", ",x\n")
                .replace(",normal\n", ",attack\n").replace(",x\n", ",normal\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Trains the next version of {@code id} on the flows with their labels inverted; not validated (it would not pass). */
    void trainInverted(String id) throws InterruptedException {
        train(http, id, Map.of("datasetId", inverted, "seed", 1), null);
    }

    private String upload(String name, byte[] csv) {
        Response r = http.upload("/ml/datasets/upload", name, csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** The flows of {@link GeneratedFlows} with a source host, {@code 10.0.0.(i % 50)}. */
    static List<Map<String, Object>> records(int rows, long seed) {
        List<Map<String, Object>> out = GeneratedFlows.rows(rows, seed);
        for (int i = 0; i < out.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("src_ip", host(i));
            r.putAll(out.get(i));
            out.set(i, r);
        }
        return out;
    }

    static String host(int i) {
        return "10.0.0." + (i % 50);
    }

    private static byte[] csv(int rows, long seed) {
        StringBuilder sb = new StringBuilder("src_ip,bytes,duration,dst_port,proto,label\n");
        for (Map<String, Object> r : records(rows, seed)) {
            sb.append(r.get("src_ip")).append(',').append(r.get("bytes")).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", (Double) r.get("duration"))).append(',')
                    .append(r.get("dst_port")).append(',').append(r.get("proto")).append(',').append(r.get("label")).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A gradient-boosting model of {@code type} ({@code rounds}, {@code depth}) with versions trained on seeds 1..{@code versions}, each validated. */
    String model(String name, String type, int versions, int rounds, int depth) throws InterruptedException {
        Response created = http.postJson("/ml/models", Json.write(Map.of("modelName", name, "modelType", type, "algorithm", "gbm",
                "targetVariable", "label", "dropColumns", List.of("src_ip"), "hyperparameters", Map.of("rounds", rounds, "max_depth", depth))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int v = 1; v <= versions; v++) {
            train(id, v, null);
            validate(id, v);
        }
        return id;
    }

    /** Trains the next version of {@code id} (seed {@code seed}, {@code hyperparameters} over the model's); not validated. */
    void train(String id, long seed, Map<String, Object> hyperparameters) throws InterruptedException {
        train(http, id, Map.of("datasetId", trainingSet, "seed", seed), hyperparameters);
    }

    /** Trains the next version of {@code id} with {@code request} ({@code hyperparameters} over the model's) and waits for it. */
    static void train(HttpTestClient http, String id, Map<String, Object> request, Map<String, Object> hyperparameters)
            throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>(request);
        if (hyperparameters != null) {
            body.put("hyperparameters", hyperparameters);
        }
        Response queued = http.postJson("/ml/models/" + id + "/train", Json.write(body));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String job = queued.json().get("id").asText();
        Instant deadline = Instant.now().plusSeconds(300);
        while (List.of("queued", "running").contains(http.get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(Instant.now()).as("job " + job).isBefore(deadline);
            Thread.sleep(20);
        }
        assertThat(http.get("/ml/jobs/" + job).json().get("state").asText()).isEqualTo("succeeded");
        while ("training".equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            Thread.sleep(20);
        }
    }

    void validate(String id, int version) {
        Response validated = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": " + version
                + ", \"thresholds\": {\"accuracy\": 0.5}}");
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
    }

    void deploy(String id, int version) {
        Response r = http.postJson("/ml/models/" + id + "/deploy", "{\"version\": " + version + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** Starts an experiment: its answer (201). */
    static JsonNode start(HttpTestClient http, Map<String, Object> body) {
        Response r = http.postJson("/ml/experiments", Json.write(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** The body of an experiment of {@code type}: champion and challenger versions, then more fields as pairs. */
    static Map<String, Object> experiment(String name, String type, String championId, int championVersion, String challengerId,
                                          int challengerVersion, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("modelType", type);
        body.put("champion", Map.of("modelId", championId, "version", championVersion));
        body.put("challenger", Map.of("modelId", challengerId, "version", challengerVersion));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    /** One prediction for {@code type} with {@code header: value} sent too (null: none): the answer (200). */
    static JsonNode predict(HttpTestClient http, String type, Map<String, Object> features, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/ml/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("modelType", type, "features", features))));
        if (header != null) {
            b.header(header, value);
        }
        Response r = http.send(b);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits until {@code check} holds, up to {@code seconds}. */
    static void await(String what, int seconds, java.util.function.BooleanSupplier check) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(seconds));
        while (!check.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
