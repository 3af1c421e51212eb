package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model with per-entity window features, end to end: defined (its spec checked on save), trained
 * on an event dataset this test writes, deployed, then sent raw events one by one. The label is
 * "attack" exactly when the host has sent 5 or more events within a minute, which only the window
 * feature {@code count_1m} shows; the features the model read (in each answer) equal the engine's
 * offline transform of the same events. The server is then restarted over the same database and
 * the state comes back from the prediction log: the events after the restart see those before it.
 */
class WindowFeaturesIT {
    static final String SPEC = "{\"keys\": [\"host\"], \"time\": \"ts\", \"features\": ["
            + "{\"kind\": \"count\", \"window\": \"1m\"}, {\"kind\": \"mean\", \"column\": \"bytes\", \"window\": \"5m\"},"
            + " {\"kind\": \"max\", \"column\": \"bytes\", \"events\": 3}, {\"kind\": \"diff\", \"column\": \"bytes\", \"lag\": 1},"
            + " {\"kind\": \"hour\"}]}";
    static final List<String> FEATURES = List.of("count_1m", "bytes_mean_5m", "bytes_max_last3", "bytes_diff_1", "hour_sin", "hour_cos");

    static Path dataDir;
    static String dbUrl;
    static TestServer server;
    static String modelId;

    /** One event: its host, its time in epoch seconds, its bytes, its label. */
    record Event(String host, long ts, long bytes, String label) {
        Map<String, Object> record() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("host", host);
            r.put("ts", Instant.ofEpochSecond(ts).toString());
            r.put("bytes", bytes);
            return r;
        }
    }

    /**
     * Hosts sending now and then, some in bursts of 8 events 3 to 5 seconds apart; bytes drawn the
     * same way for all. Labelled by the count of the host's events in the minute up to each one.
     */
    static List<Event> events(long seed, int hosts, long start, long span) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> all = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            List<Long> times = new ArrayList<>();
            long t = start + r.nextLong(600);
            while (t < start + span) {
                if (r.nextDouble() < 0.15) {
                    for (int k = 0; k < 8; k++) {
                        times.add(t);
                        t += 3 + r.nextInt(3);
                    }
                }
                times.add(t);
                t += 90 + r.nextInt(400);
            }
            for (int i = 0; i < times.size(); i++) {
                int inMinute = 0;
                for (int j = i; j >= 0 && times.get(j) > times.get(i) - 60; j--) inMinute++;
                all.add(new Event("10.0.0." + h, times.get(i), 100 + r.nextInt(1900), inMinute >= 5 ? "attack" : "normal"));
            }
        }
        all.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        return all;
    }

    static byte[] csv(List<Event> events) {
        StringBuilder s = new StringBuilder("host,ts,bytes,label\n");
        for (Event e : events) s.append(e.host()).append(',').append(Instant.ofEpochSecond(e.ts())).append(',').append(e.bytes())
                .append(',').append(e.label()).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static final long DAY = 86_400;
    static final long MARCH_4 = 1_709_510_400L; // 2024-03-04T00:00:00Z
    static final List<Event> LIVE = events(3, 12, MARCH_4 + 3 * DAY, 3 * 3600);

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("vigil-windows-it-");
        dbUrl = TestPostgres.freshDatabaseUrl();
        server = startServer();
        HttpTestClient http = server.http();
        String training = upload(http, "events.csv", csv(events(1, 16, MARCH_4, DAY)));
        String holdout = upload(http, "holdout.csv", csv(events(2, 16, MARCH_4 + DAY, DAY / 2)));

        Response created = http.postJson("/ml/models", "{\"modelName\": \"bursts\", \"modelType\": \"bursts\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 20, \"max_depth\": 3}, \"windows\": " + SPEC + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("windows").get("keys").get(0).asText()).isEqualTo("host");
        modelId = created.json().get("id").asText();
        ServingFixture fixture = new ServingFixture(http, false);
        Response queued = http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + training + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        Response validated = http.postJson("/ml/models/" + modelId + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": 1}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("metrics").get("accuracy").asDouble()).as(validated.toString()).isGreaterThan(0.97);
        fixture.deploy(modelId, 1);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static TestServer startServer() {
        return TestServer.start(Map.of("VIGIL_DB_URL", dbUrl, "VIGIL_DATA_DIR", dataDir.toString(), "VIGIL_JOB_WORKERS", "1"));
    }

    static String upload(HttpTestClient http, String name, byte[] csv) {
        Response r = http.upload("/ml/datasets/upload", name, csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** What the engine's offline transform gives the live events, every row from the ones before it. */
    static Table offline() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (Event e : LIVE) rows.add(new String[] {e.host(), Long.toString(e.ts()), Long.toString(e.bytes())});
        Table live = Table.fromRows(rows.iterator(), List.of("host", "ts", "bytes"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        WindowSpec spec = Json.MAPPER.readValue(SPEC, WindowSpec.class);
        return WindowFeatures.fit(spec, live).transform(live);
    }

    @Test
    void rawEventsOneByOneGetTheOfflineFeaturesAndTheStateSurvivesARestart() throws Exception {
        Table offline = offline();
        int half = LIVE.size() / 2;
        int right = 0;
        int attacks = 0;
        HttpTestClient http = server.http();
        for (int i = 0; i < LIVE.size(); i++) {
            if (i == half) { // a restart: the state of the events so far comes back from the prediction log
                server.close();
                server = startServer();
                http = server.http();
            }
            Event e = LIVE.get(i);
            boolean explain = e.label().equals("attack") && i % 3 == 0;
            Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "bursts", "features", e.record(), "explain", explain)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode seen = r.json().get("windowFeatures");
            for (String f : FEATURES) {
                double expected = offline.numeric(f).get(i);
                if (Double.isNaN(expected)) {
                    assertThat(seen.get(f).isNull()).as("event %d (%s) %s: %s", i, e, f, seen).isTrue();
                } else {
                    assertThat(seen.get(f).asDouble()).as("event %d (%s) %s", i, e, f).isCloseTo(expected, within(1e-9));
                }
            }
            if (explain) { // the explanation shows the value the model read, and count_1m is what moved it
                JsonNode top = r.json().get("explanation").get("contributions").get(0);
                assertThat(top.get("feature").asText()).as(r.toString()).isEqualTo("count_1m");
                assertThat(top.get("value").asDouble()).isEqualTo(offline.numeric("count_1m").get(i));
            }
            right += r.json().get("label").asText().equals(e.label()) ? 1 : 0;
            attacks += e.label().equals("attack") ? 1 : 0;
        }
        // only the count of events in the minute tells an attack: bytes are drawn alike
        assertThat(attacks).isGreaterThan(20);
        assertThat(right).as("labels right of " + LIVE.size()).isGreaterThan(LIVE.size() * 97 / 100);
    }

    @Test
    void aModelsWindowsAreCheckedWhenSavedEachBadFieldNamed() {
        HttpTestClient http = server.http();
        Response r = http.postJson("/ml/models", "{\"modelName\": \"bad-windows\", \"modelType\": \"bursts\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"windows\": {\"keys\": [\"host\"], \"features\": [{\"kind\": \"mean\", \"column\": \"bytes\","
                + " \"window\": \"5 minutes\"}, {\"kind\": \"lag\", \"column\": \"label\", \"lag\": 0}]}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").toString()).contains("windows.time", "is required: the event time column",
                "windows.features[0].window", "'5 minutes' is not a duration", "windows.features[1].lag", "must be at least 1");
        r = http.postJson("/ml/models?dryRun=true", "{\"modelName\": \"bad-windows\", \"modelType\": \"bursts\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"windows\": {\"keys\": [\"label\"], \"time\": \"ts\", \"features\": [{\"kind\": \"hour\"}]}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").toString()).contains("windows.keys[0]", "'label' is the targetVariable");
        // nothing a client writes there is a 500
        for (String odd : List.of("{\"keys\": [null, \"\"], \"time\": \"ts\", \"features\": [null, {\"kind\": null}], \"maxEventsPerEntity\": -1}",
                "{\"keys\": [\"host\"], \"time\": \"ts\", \"timeZone\": \"\", \"features\": [{\"kind\": \"sum\", \"column\": \"b\", \"window\": \"9999999999999w\"}]}",
                "{\"keys\": [\"host\"], \"time\": \"ts\", \"features\": [{\"kind\": \"hour\", \"name\": \"a\\u0000b\"}]}",
                "{\"keys\": \"host\", \"time\": [1], \"features\": {}}", "[]", "7")) {
            r = http.postJson("/ml/models?dryRun=true", "{\"modelName\": \"odd\", \"modelType\": \"bursts\", \"algorithm\": \"gbm\","
                    + " \"targetVariable\": \"label\", \"windows\": " + odd + "}");
            assertThat(r.status()).as(odd + " -> " + r).isEqualTo(400);
        }
        // a change names the field too; an empty object takes the window features away
        r = put(http, "/ml/models/" + modelId + "?dryRun=true", "{\"windows\": {\"keys\": [\"host\"], \"time\": \"ts\","
                + " \"features\": [{\"kind\": \"rate\", \"column\": \"bytes\", \"events\": 0}]}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").toString()).contains("windows.features[0].events", "must be at least 1, got 0");
        r = put(http, "/ml/models/" + modelId + "?dryRun=true", "{\"windows\": {}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().has("windows")).as(r.toString()).isFalse();
        assertThat(http.get("/ml/models/" + modelId).json().get("windows").get("time").asText()).isEqualTo("ts"); // a dry run keeps it
    }

    static Response put(HttpTestClient http, String path, String json) {
        return http.send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordCarriesItsEventAndNoWindowFeatureOfItsOwn() {
        HttpTestClient http = server.http();
        Map<String, Object> noTime = new LinkedHashMap<>(LIVE.get(0).record());
        noTime.remove("ts");
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "bursts", "features", noTime)));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("errors").toString()).contains("features.ts", "is required: the event's time");
        Map<String, Object> ownCount = new LinkedHashMap<>(LIVE.get(0).record());
        ownCount.put("count_1m", 1);
        ownCount.put("ts", "yesterday");
        r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "bursts", "features", ownCount)));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("errors").toString()).contains("features.count_1m", "the server computes", "features.ts",
                "must be a timestamp");
        // the inputs a record carries: the event's fields; the window features are computed
        JsonNode inputs = http.get("/ml/models/" + modelId + "/versions/1/inputs").json();
        assertThat(inputs.get("computed").toString()).contains("count_1m", "hour_cos");
        assertThat(inputs.get("inputs").toString()).contains("\"host\"", "\"ts\"", "\"bytes\"").doesNotContain("count_1m");
        assertThat(inputs.get("ignored").toString()).doesNotContain("host");
    }

    @Test
    void aBatchOfEventsIsTakenRecordByRecordInItsOrder() throws Exception {
        HttpTestClient http = server.http();
        // another host's burst, new to the model: the fifth event in a minute is the first attack
        List<Map<String, Object>> burst = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            burst.add(new LinkedHashMap<>(Map.of("host", "192.168.7.7", "ts", MARCH_4 + 9 * DAY + 4L * k, "bytes", 500)));
        }
        Response r = http.postJson("/ml/models/" + modelId + "/predict", Json.write(Map.of("instances", burst)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode predictions = r.json().get("predictions");
        for (int k = 0; k < 6; k++) {
            assertThat(predictions.get(k).get("windowFeatures").get("count_1m").asInt()).isEqualTo(k + 1);
            assertThat(predictions.get(k).get("label").asText()).isEqualTo(k + 1 >= 5 ? "attack" : "normal");
        }
    }
}
