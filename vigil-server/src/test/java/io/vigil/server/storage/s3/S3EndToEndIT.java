package io.vigil.server.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.S3MockServer;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vigil with its blobs in S3 (S3Mock on loopback), through HTTP only: a model trained, deployed
 * and served from a bundle in the bucket, also after a restart; datasets downloaded through a
 * presigned GET and uploaded straight to the bucket with a presigned PUT, then registered.
 */
class S3EndToEndIT {
    static Map<String, String> env;
    static TestServer server;
    static HttpTestClient http;
    static final HttpClient direct = HttpClient.newHttpClient(); // a client of the bucket, not of Vigil

    @BeforeAll
    static void start() {
        env = S3MockServer.serverEnv();
        server = TestServer.start(env);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aModelIsTrainedDeployedAndServedFromTheBucketAlsoAfterARestart() throws Exception {
        ServingFixture fixture = new ServingFixture(http); // uploads, trains and validates through HTTP
        String modelId = fixture.validatedModel("s3-gbm", "s3-intrusion", 1);
        fixture.deploy(modelId, 1);

        List<Map<String, Object>> rows = GeneratedFlows.features(3, 11);
        String body = Json.write(Map.of("modelType", "s3-intrusion", "instances", rows));
        JsonNode before = predict(http, body);
        assertThat(http.get("/ml/models/" + modelId + "/versions/1/inputs").status()).as("the bundle reads").isEqualTo(200);

        // the dataset and the bundle are in the bucket, nothing under the data directory
        List<BlobInfo> stored;
        try (Stream<BlobInfo> all = server.blobs().list()) {
            stored = all.toList();
        }
        assertThat(stored).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.dataDir().resolve("blobs")).doesNotExist();

        // another instance on the same database and bucket loads the bundle from S3 and scores the same
        Map<String, String> again = new HashMap<>(env);
        again.put("VIGIL_DB_URL", server.config().dbUrl());
        try (TestServer restarted = TestServer.start(again)) {
            JsonNode after = predict(restarted.http(), body);
            assertThat(after.toString()).isEqualTo(before.toString());
        }
    }

    @Test
    void aDownloadRedirectsToAPresignedUrlOfTheBucket() throws Exception {
        byte[] csv = GeneratedFlows.csv(50, 4);
        Response upload = http.upload("/ml/datasets/upload", "small.csv", csv, Map.of("name", "small", "labelColumn", "label"));
        String id = upload.json().get("id").asText();

        Response redirect = http.get("/ml/datasets/" + id + "/download?redirect=true");
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(307);
        String location = redirect.header("Location");
        assertThat(location).startsWith(S3MockServer.endpoint().toString()).contains("X-Amz-Signature=").contains("X-Amz-Expires=900");
        HttpResponse<byte[]> fetched = direct.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(csv);
        assertThat(fetched.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"small.csv\"");

        assertThat(http.get("/ml/datasets/" + id + "/download").body()).as("without redirect: the bytes").isEqualTo(csv);
        assertThat(http.get("/ml/datasets/" + id + "/download?redirect=maybe").status()).isEqualTo(400);
    }

    @Test
    void aClientUploadsStraightToTheBucketAndRegistersTheFile() throws Exception {
        byte[] csv = GeneratedFlows.csv(200, 5);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
        long blobsBefore = blobCount();

        JsonNode started = startUpload();
        put(started, csv);
        String register = started.get("register").asText();
        // a wrong hash or size: refused, nothing recorded, and the staged file stays for a corrected registration
        Response wrongHash = http.send("POST", register + "?name=direct&labelColumn=label&sha256=" + "0".repeat(64), null, new byte[0]);
        assertThat(wrongHash.status()).as(wrongHash.toString()).isEqualTo(422);
        assertThat(wrongHash.json().get("detail").asText()).contains(sha256);
        Response wrongSize = http.send("POST", register + "?name=direct&labelColumn=label&sha256=" + sha256 + "&size=" + (csv.length - 1),
                null, new byte[0]);
        assertThat(wrongSize.status()).as(wrongSize.toString()).isEqualTo(422);
        assertThat(blobCount()).isEqualTo(blobsBefore);

        Response registered = http.send("POST", register + "?name=direct&fileName=direct.csv&labelColumn=label&sha256=" + sha256
                + "&size=" + csv.length, null, new byte[0]);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode dataset = registered.json();
        assertThat(dataset.get("sha256").asText()).isEqualTo(sha256);
        assertThat(dataset.get("rows").asLong()).isEqualTo(200);
        assertThat(dataset.get("labelColumn").asText()).isEqualTo("label");
        assertThat(http.get("/ml/datasets/" + dataset.get("id").asText() + "/stats").json().get("classBalance").size()).isEqualTo(2);
        assertThat(http.get("/ml/datasets/" + dataset.get("id").asText() + "/download").body()).isEqualTo(csv);
        assertThat(blobCount()).isEqualTo(blobsBefore + 1);
        // the staging object is gone: registering twice finds nothing
        Response twice = http.send("POST", register + "?name=again&sha256=" + sha256, null, new byte[0]);
        assertThat(twice.status()).as(twice.toString()).isEqualTo(404);
    }

    @Test
    void badRegistrationsAreClearProblems() throws Exception {
        JsonNode started = startUpload();
        String register = started.get("register").asText();
        Response nothingUploaded = http.send("POST", register + "?name=x&sha256=" + "a".repeat(64), null, new byte[0]);
        assertThat(nothingUploaded.status()).as(nothingUploaded.toString()).isEqualTo(404);
        assertThat(nothingUploaded.json().get("detail").asText()).contains("nothing was uploaded");

        put(started, "not,a\ncsv\"with broken quoting\n".getBytes(UTF_8));
        Response noHash = http.send("POST", register + "?name=x", null, new byte[0]);
        assertThat(noHash.status()).isEqualTo(400);
        assertThat(noHash.json().get("errors").get(0).get("field").asText()).isEqualTo("sha256");
        Response badId = http.send("POST", "/ml/datasets/uploads/not-an-id?name=x&sha256=" + "a".repeat(64), null, new byte[0]);
        assertThat(badId.status()).isEqualTo(404);
        Response badName = http.send("POST", register + "?name=a%00b&sha256=" + "a".repeat(64), null, new byte[0]);
        assertThat(badName.status()).isEqualTo(400);
    }

    @Test
    void anUploadThatFailsLateLeavesNoBlobNoDatasetAndNothingInTheBucket() throws Exception {
        long blobsBefore = blobCount();
        String bucket = env.get("VIGIL_S3_BUCKET");
        // 20 MiB of good rows (two 8 MiB parts already in the bucket), then a row the parser refuses
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(21 << 20);
        body.write("a,b,label\n".getBytes(UTF_8));
        byte[] line = "1,2,normal\n".getBytes(UTF_8);
        while (body.size() < (20 << 20)) {
            body.write(line);
        }
        body.write("1,\"2,normal\n".getBytes(UTF_8)); // an unterminated quote
        Response refused = http.send("POST", "/ml/datasets/upload?name=fails-late&labelColumn=label", "text/csv", body.toByteArray());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);

        assertThat(http.get("/ml/datasets?name=fails-late").json().get("items")).isEmpty();
        assertThat(blobCount()).isEqualTo(blobsBefore);
        assertThat(S3MockServer.client().listObjectsV2(b -> b.bucket(bucket).prefix("tmp/")).keyCount()).isZero();
        assertThat(S3MockServer.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("aborted, not left").isEmpty();
    }

    private static JsonNode startUpload() {
        Response started = http.send("POST", "/ml/datasets/uploads", null, new byte[0]);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode body = started.json();
        assertThat(body.get("method").asText()).isEqualTo("PUT");
        assertThat(Instant.parse(body.get("expiresAt").asText())).isBetween(Instant.now().plusSeconds(800), Instant.now().plusSeconds(901));
        assertThat(body.get("register").asText()).isEqualTo("/ml/datasets/uploads/" + body.get("uploadId").asText());
        return body;
    }

    private static void put(JsonNode started, byte[] content) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(started.get("url").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        started.get("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        assertThat(direct.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    private static long blobCount() throws Exception {
        try (Stream<BlobInfo> all = server.blobs().list()) {
            return all.count();
        }
    }

    private static JsonNode predict(HttpTestClient client, String body) {
        Response r = client.postJson("/ml/predict", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode answer = r.json();
        // ids and timings differ between calls; the verdicts must not
        List<String> verdicts = new java.util.ArrayList<>();
        answer.get("predictions").forEach(p -> verdicts.add(p.get("label").asText() + " " + p.get("probabilities")));
        return Json.MAPPER.valueToTree(verdicts);
    }
}
