package io.vigil.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event stream starts with the current state of what it asks for, and a stream of one job ends
 * once that job has ended, whether it ended before the stream opened or while it was open.
 */
class EventStreamsIT {
    static TestServer server;
    static HttpTestClient http;
    static String datasetId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        Response r = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(2000, 7), Map.of("name", "flows", "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        datasetId = r.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamOfAJobThatHasEndedSaysHowItEndedAndEnds() throws Exception {
        String model = model("ended", 5);
        String job = train(model);
        awaitJob(job);

        List<String> lines = stream("/ml/stream?jobId=" + job, Duration.ofSeconds(10)); // returns once the stream ends
        assertThat(lines).contains(": connected", "event: job.state");
        assertThat(data(lines)).hasSize(1);
        assertThat(data(lines).get(0).get("state").asText()).isEqualTo("succeeded");
        assertThat(data(lines).get(0).get("data").get("result").get("version").asInt()).isEqualTo(1);

        // one model's stream starts with the model's state
        HttpResponse<java.util.stream.Stream<String>> open = openStream("/ml/stream?modelId=" + model);
        List<String> first = open.body().limit(4).toList();
        assertThat(first).contains("event: model.state");
        JsonNode state = Json.MAPPER.readTree(first.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5));
        assertThat(state.get("state").asText()).isEqualTo("trained");
        assertThat(state.get("data").get("modelName").asText()).isEqualTo("ended");
    }

    @Test
    void aStreamOfARunningJobEndsWhenTheJobDoes() throws Exception {
        String model = model("running", 3000);
        String job = train(model);
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            try {
                return stream("/ml/stream?jobId=" + job, Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        http.send("POST", "/ml/jobs/" + job + "/cancel", null, new byte[0]);
        List<String> got = lines.get(60, TimeUnit.SECONDS);
        List<JsonNode> events = data(got);
        assertThat(events.get(0).get("type").asText()).isEqualTo("job.state"); // the state at connect comes first
        assertThat(events.get(events.size() - 1).get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void aJobOrModelThatDoesNotExistIsRefusedBeforeTheStreamOpens() throws Exception {
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(request("/ml/stream?jobId=" + UUID.randomUUID()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(HttpClient.newHttpClient().send(request("/ml/stream?modelId=" + UUID.randomUUID()),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(HttpClient.newHttpClient().send(request("/ml/stream?jobId=nope"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void aWebSocketSubscriptionAlsoStartsWithTheCurrentState() throws Exception {
        String model = model("socket", 5);
        String job = train(model);
        awaitJob(job);
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        String[] credential = http.credentialHeader();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header(credential[0], credential[1])
                .buildAsync(URI.create(http.base().replace("http", "ws") + "/ml/ws?jobId=" + job), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                messages.add(Json.MAPPER.readTree(partial.toString()));
                            } catch (java.io.IOException e) {
                                throw new AssertionError(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        Instant deadline = Instant.now().plusSeconds(5);
        while (messages.stream().noneMatch(m -> "job.state".equals(m.path("type").asText()))) {
            assertThat(Instant.now()).as("no job.state in " + messages).isBefore(deadline);
            Thread.sleep(10);
        }
        assertThat(messages.get(0).has("subscribed")).isTrue();
        assertThat(messages.get(1).get("state").asText()).isEqualTo("succeeded");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private static HttpRequest request(String path) {
        return http.authorize(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", "text/event-stream").GET()).build();
    }

    private static HttpResponse<java.util.stream.Stream<String>> openStream(String path) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(request(path), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    /** Every line of a stream that the server ends within {@code timeout}. */
    private static List<String> stream(String path, Duration timeout) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient()
                .sendAsync(request(path), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> r.body().toList()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<JsonNode> data(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data:")).map(l -> {
            try {
                return Json.MAPPER.readTree(l.substring(5));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String model(String name, int rounds) {
        Response r = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name
                + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": " + rounds + "}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String train(String model) {
        Response r = http.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static void awaitJob(String job) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!List.of("succeeded", "failed", "cancelled").contains(http.get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
