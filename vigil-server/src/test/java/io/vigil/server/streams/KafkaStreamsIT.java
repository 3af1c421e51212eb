package io.vigil.server.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.KafkaBroker;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kafka stream scoring end to end against a real broker (KRaft, in process) and a real NSL-KDD model deployed to
 * {@code intrusion} with the example rules: connections of KDDTest+ in, verdicts out (their prediction ids derived
 * from topic, partition and offset), alerts, dead letters with their reasons; then a Vigil restart and a broker
 * restart while records flow, after which every input offset has a verdict and duplicates carry the same id; and a
 * replay of the first stream's input under a new consumer group, which gives every record its first prediction id.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaStreamsIT {
    static final int PARTITIONS = 3;
    static KafkaBroker kafka;
    static String dbUrl;
    static Path dataDir;
    static TestServer server;
    static HttpTestClient admin;
    static List<String> events = new ArrayList<>(); // KDDTest+ connections as JSON events, each with a made-up source address
    static Topics first; // the first test's topics, replayed by the last
    static final Map<String, String> firstIds = new HashMap<>(); // "partition/offset" -> the prediction id the first test saw

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.shared();
        dbUrl = TestPostgres.freshDatabaseUrl();
        dataDir = Files.createTempDirectory("vigil-streams-");
        server = startServer();
        admin = server.http();
        ServingFixture jobs = new ServingFixture(admin, false);
        String train = NslKddFiles.upload(admin, "KDDTrain+_20Percent.txt", "kdd-train-20");
        String model = admin.postJson("/ml/models", """
                {"modelName": "kdd-stream", "modelType": "intrusion", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 20, "max_depth": 4}, "targetVariable": "label",
                 "dropColumns": ["difficulty"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}""")
                .json().get("id").asText();
        Response queued = admin.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + train + "\"}");
        assertThat(jobs.waitForJob(queued.json().get("id").asText()).get("state").asText()).isEqualTo("succeeded");
        Instant trained = Instant.now().plusSeconds(10);
        while ("training".equals(admin.get("/ml/models/" + model).json().get("status").asText())) {
            assertThat(Instant.now()).isBefore(trained);
            Thread.sleep(20);
        }
        String test = NslKddFiles.upload(admin, "KDDTest+.txt", "kdd-test");
        JsonNode validation = admin.postJson("/ml/models/" + model + "/validate",
                "{\"datasetId\": \"" + test + "\", \"thresholds\": {\"accuracy\": 0.5}}").json();
        assertThat(validation.path("passed").asBoolean()).as(validation.toString()).isTrue();
        assertThat(admin.postJson("/ml/models/" + model + "/deploy", "{}").status()).isEqualTo(200);
        String rules = Files.readString(Path.of("../examples/nsl-kdd-rules.json"));
        assertThat(admin.send("PUT", "/ml/config/rules", "application/json",
                ("{\"modelTypes\": {\"intrusion\": " + rules + "}}").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        String[] columns = NslKddFiles.COLUMNS.split(",");
        List<String> lines = Files.readAllLines(SharedData.file("nsl-kdd/KDDTest+.txt"), StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            String[] cells = lines.get(i).split(",");
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                if (!columns[c].equals("label") && !columns[c].equals("difficulty")) {
                    record.put(columns[c], NslKddFiles.typed(cells[c]));
                }
            }
            record.put("src_ip", "10.30.0." + (i % 50));
            events.add(Json.write(record));
        }
    }

    static TestServer startServer() {
        return TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_DB_URL", dbUrl, "VIGIL_DATA_DIR", dataDir.toString(),
                "VIGIL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Topics of one test's stream: input (3 partitions), verdicts, alerts, dead letters. */
    record Topics(String in, String out, String alerts, String dead) {
        static Topics fresh(String prefix) {
            Topics t = new Topics(KafkaBroker.topic(prefix + "-in"), KafkaBroker.topic(prefix + "-out"), KafkaBroker.topic(prefix + "-alerts"),
                    KafkaBroker.topic(prefix + "-dead"));
            kafka.createTopic(t.in, PARTITIONS);
            kafka.createTopic(t.out, 1);
            kafka.createTopic(t.alerts, 1);
            kafka.createTopic(t.dead, 1);
            return t;
        }
    }

    static void configure(String name, Topics t) {
        Response r = admin.send("PUT", "/ml/config/streams", "application/json", Json.bytes(Map.of("streams", List.of(Map.of(
                "name", name, "inputTopic", t.in, "outputTopic", t.out, "alertsTopic", t.alerts, "deadLetterTopic", t.dead,
                "modelType", "intrusion", "batchSize", 200, "scoringThreads", 3)))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void recordsInVerdictsOutAlertsAndDeadLetters() throws Exception {
        Topics t = Topics.fresh("kdd");
        first = t;
        Response refused = admin.send("PUT", "/ml/config/streams", "application/json", Json.bytes(Map.of("streams", List.of(Map.of(
                "name", "kdd", "inputTopic", t.in, "outputTopic", t.in, "deadLetterTopic", t.dead, "modelType", "intrusion")))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("streams[0].inputTopic");
        configure("kdd", t);
        int n = 1_000;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < n; i++) {
                producer.send(KafkaTopics.record(t.in, "10.30.0." + (i % 50), events.get(i)));
            }
            producer.send(KafkaTopics.record(t.in, "bad-1", "{\"duration\": 0, \"protocol_type\": "));
            producer.send(KafkaTopics.record(t.in, "bad-2", "[1, 2, 3]"));
            producer.send(KafkaTopics.record(t.in, "bad-3", "{\"duration\": 0, \"src_bytes\": 12}"));
            producer.send(KafkaTopics.record(t.in, "bad-4", ""));
        }
        List<ConsumerRecord<byte[], byte[]>> verdicts = KafkaTopics.readUntil(kafka.bootstrapServers(), t.out, got -> got.size() >= n,
                Duration.ofSeconds(60));
        assertThat(verdicts).hasSize(n);
        int alerts = 0;
        Set<String> labels = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : verdicts) {
            JsonNode v = Json.MAPPER.readTree(r.value());
            JsonNode source = v.get("source");
            assertThat(source.get("topic").asText()).isEqualTo(t.in);
            String id = StreamVerdict.idOf("kdd", t.in, source.get("partition").asInt(), source.get("offset").asLong()).toString();
            firstIds.put(source.get("partition").asInt() + "/" + source.get("offset").asLong(), id);
            assertThat(v.get("predictionId").asText()).isEqualTo(id);
            assertThat(KafkaTopics.header(r, "vigil-prediction-id")).isEqualTo(id);
            assertThat(v.get("loggedPredictionId").asText()).isNotEqualTo(id);
            assertThat(v.get("model").get("name").asText()).isEqualTo("kdd-stream");
            assertThat(v.get("model").get("version").asInt()).isEqualTo(1);
            assertThat(KafkaTopics.text(r.key())).startsWith("10.30.0.");
            JsonNode threat = v.get("threat");
            assertThat(threat.get("score").asDouble()).isEqualTo(Math.max(threat.get("ml").asDouble(), threat.get("rules").asDouble()));
            boolean alert = threat.get("score").asDouble() >= 0.5 || !threat.get("rulesFired").isEmpty();
            assertThat(v.get("alert").asBoolean()).as(v.toString()).isEqualTo(alert);
            alerts += alert ? 1 : 0;
            labels.add(v.get("label").asText());
        }
        assertThat(labels).containsExactlyInAnyOrder("normal", "attack");
        Map<Integer, Long> lastOffset = new HashMap<>(); // three scoring threads: still each partition's verdicts in its order
        for (ConsumerRecord<byte[], byte[]> r : verdicts) {
            JsonNode source = Json.MAPPER.readTree(r.value()).get("source");
            long previous = lastOffset.getOrDefault(source.get("partition").asInt(), -1L);
            assertThat(source.get("offset").asLong()).as("partition %s", source.get("partition")).isGreaterThan(previous);
            lastOffset.put(source.get("partition").asInt(), source.get("offset").asLong());
        }
        int expectedAlerts = alerts;
        assertThat(expectedAlerts).isPositive().isLessThan(n);
        List<ConsumerRecord<byte[], byte[]>> alerted = KafkaTopics.readUntil(kafka.bootstrapServers(), t.alerts,
                got -> got.size() >= expectedAlerts, Duration.ofSeconds(30));
        assertThat(alerted).hasSize(expectedAlerts)
                .allSatisfy(r -> assertThat(Json.MAPPER.readTree(r.value()).get("alert").asBoolean()).isTrue());

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTopics.readUntil(kafka.bootstrapServers(), t.dead, got -> got.size() >= 4,
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(4);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            reasons.put(KafkaTopics.text(r.key()), KafkaTopics.header(r, "vigil-error"));
            assertThat(KafkaTopics.header(r, "vigil-source-topic")).isEqualTo(t.in);
            assertThat(KafkaTopics.header(r, "vigil-source-offset")).isNotNull();
            assertThat(KafkaTopics.header(r, "vigil-stream")).isEqualTo("kdd");
        }
        assertThat(reasons.get("bad-1")).startsWith("not JSON");
        assertThat(reasons.get("bad-2")).startsWith("not a JSON object");
        assertThat(reasons.get("bad-3")).contains("protocol_type"); // a field the model needs is missing
        assertThat(reasons.get("bad-4")).startsWith("empty record");
        assertThat(KafkaTopics.text(dead.stream().filter(r -> "bad-2".equals(KafkaTopics.text(r.key()))).findFirst().orElseThrow().value()))
                .as("a dead letter keeps the record as it came").isEqualTo("[1, 2, 3]");

        JsonNode status = awaitStatus("kdd", s -> s.get("lag").asLong() == 0 && s.get("scored").asLong() == n);
        assertThat(status.get("state").asText()).isEqualTo("running");
        assertThat(status.get("deadLettered").asLong()).isEqualTo(4);
        assertThat(status.get("alerts").asLong()).isEqualTo(expectedAlerts);
        assertThat(status.get("partitions")).hasSize(PARTITIONS);
        assertThat(admin.get("/ml/streams").json().get("items").get(0).get("name").asText()).isEqualTo("kdd");
        Response missing = admin.get("/ml/streams/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        String metrics = admin.get("/metrics").text();
        assertThat(metrics).contains("vigil_stream_records_total{outcome=\"scored\",stream=\"kdd\"} " + n + ".0")
                .contains("vigil_stream_records_total{outcome=\"dead_lettered\",stream=\"kdd\"} 4.0")
                .contains("vigil_stream_lag{partition=\"0\",stream=\"kdd\"}");
    }

    @Test
    @Order(2)
    void aVigilRestartMidStreamLosesNothing() throws Exception {
        Topics t = Topics.fresh("restart");
        configure("kdd-restart", t);
        try (Flow flow = new Flow(t.in)) {
            flow.awaitSent(2_000);
            awaitStatus("kdd-restart", s -> s.get("scored").asLong() > 500);
            server.close(); // the clean stop: what was scored is written and committed, the group gives the partitions up
            server = startServer(); // the same database: the streams section is still in force and the consumer resumes
            admin = server.http();
            flow.awaitSent(flow.sent() + 1_000);
        }
        everyOffsetHasOneVerdictId(t, "kdd-restart");
    }

    @Test
    @Order(3)
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        Topics t = Topics.fresh("broker");
        configure("kdd-broker", t);
        try (Flow flow = new Flow(t.in)) {
            flow.awaitSent(2_000);
            awaitStatus("kdd-broker", s -> s.get("scored").asLong() > 500);
            kafka.restart();
            flow.awaitSent(flow.sent() + 1_000);
        }
        everyOffsetHasOneVerdictId(t, "kdd-broker");
        JsonNode status = awaitStatus("kdd-broker", s -> s.get("lag").asLong() == 0);
        assertThat(status.get("state").asText()).isEqualTo("running");
    }

    @Test
    @Order(4)
    void aReplayFromTheStartGivesEveryRecordTheSamePredictionId() throws Exception {
        String out = KafkaBroker.topic("replay-out");
        kafka.createTopic(out, 1);
        // the first stream again, under a new consumer group: every record of its input is scored a second time
        Response r = admin.send("PUT", "/ml/config/streams", "application/json", Json.bytes(Map.of("streams", List.of(Map.of(
                "name", "kdd", "groupId", "vigil-stream-kdd-replay", "inputTopic", first.in, "outputTopic", out,
                "deadLetterTopic", first.dead, "modelType", "intrusion")))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> again = KafkaTopics.readUntil(kafka.bootstrapServers(), out,
                got -> got.size() >= firstIds.size(), Duration.ofSeconds(60));
        assertThat(again).hasSize(firstIds.size());
        for (ConsumerRecord<byte[], byte[]> v : again) {
            JsonNode verdict = read(v);
            JsonNode source = verdict.get("source");
            assertThat(verdict.get("predictionId").asText())
                    .isEqualTo(firstIds.get(source.get("partition").asInt() + "/" + source.get("offset").asLong()));
        }
    }

    /** Every offset of the input has a verdict; an offset scored twice (a replay) has the same prediction id both times. */
    static void everyOffsetHasOneVerdictId(Topics t, String stream) throws Exception {
        Map<String, Long> ends = endOffsets(t.in);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Set<String>> idsByOffset = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> out = KafkaTopics.readUntil(kafka.bootstrapServers(), t.out, got -> {
            for (int i = idsByOffset.values().stream().mapToInt(Set::size).sum(); i < got.size(); i++) {
                JsonNode v = read(got.get(i));
                JsonNode s = v.get("source");
                idsByOffset.computeIfAbsent(s.get("partition").asInt() + "/" + s.get("offset").asLong(), k -> new HashSet<>())
                        .add(v.get("predictionId").asText());
            }
            return idsByOffset.size() >= total;
        }, Duration.ofSeconds(90));
        assertThat(idsByOffset).as("an offset of each input record").hasSize((int) total);
        assertThat(idsByOffset.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        for (var e : ends.entrySet()) {
            for (long o = 0; o < e.getValue(); o++) {
                assertThat(idsByOffset).containsKey(e.getKey() + "/" + o);
            }
        }
        System.out.printf("%s: %d input records, %d verdicts (%d duplicates, each with its first id)%n", stream, total, out.size(),
                out.size() - total);
        assertThat(admin.get("/ml/streams/" + stream).json().get("deadLettered").asLong()).isZero();
    }

    static JsonNode read(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Long> endOffsets(String topic) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(p)) {
            List<org.apache.kafka.common.TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                tps.add(new org.apache.kafka.common.TopicPartition(topic, i));
            }
            Map<String, Long> out = new HashMap<>();
            consumer.endOffsets(tps).forEach((tp, end) -> out.put(Integer.toString(tp.partition()), end));
            return out;
        }
    }

    static JsonNode awaitStatus(String stream, java.util.function.Predicate<JsonNode> ok) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Response r = admin.get("/ml/streams/" + stream);
            if (r.status() == 200 && ok.test(r.json())) {
                return r.json();
            }
            assertThat(Instant.now()).as("stream %s: %s", stream, r.text()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** A sensor sending KDD events to {@code topic} in small bursts until closed; its own sends retry through a broker restart. */
    static final class Flow implements AutoCloseable {
        static final int BURST = 50;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread thread;

        Flow(String topic) {
            thread = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka.bootstrapServers())) {
                    int i = 0;
                    while (running.get()) {
                        for (int k = 0; k < BURST; k++, i++) {
                            producer.send(KafkaTopics.record(topic, "10.30.0." + (i % 50), events.get(i % events.size())));
                        }
                        producer.flush();
                        sent.addAndGet(BURST);
                        Thread.sleep(20); // about 2,500 events a second at most: a restart adds seconds of them, not minutes
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-sensor");
            thread.start();
        }

        int sent() {
            return sent.get();
        }

        void awaitSent(int count) throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(60);
            while (sent.get() < count) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
