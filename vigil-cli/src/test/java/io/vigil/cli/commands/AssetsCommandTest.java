package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import io.vigil.cli.http.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetsCommandTest extends AgainstFakeVigil {
    static final String WEB = "{\"assetId\":\"web-01\",\"firstSeen\":\"2026-12-05T08:00:00Z\",\"lastSeen\":\"2026-12-05T10:00:00Z\","
            + "\"latest\":{\"cpu\":{\"value\":0.95,\"at\":\"2026-12-05T10:00:00Z\"},\"memory\":{\"value\":0.6,\"at\":\"2026-12-05T10:00:00Z\"}},"
            + "\"threshold\":0.7,\"ownThreshold\":false,\"modelId\":null,\"state\":\"anomalous\",\"lastScore\":0.9987,"
            + "\"lastMethod\":\"statistical\",\"lastScoredAt\":\"2026-12-05T10:00:00Z\"}";

    @TempDir
    Path dir;

    @Test
    void theListShowsLatestValuesStateAndWhetherTheThresholdIsTheDefault() {
        server.on("GET", "/ml/assets", 200, "{\"items\":[" + WEB + "],\"page\":1,\"size\":100,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "assets", "list", "--anomalous");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/assets").query()).isEqualTo("anomalous=true");
        assertThat(run.out()).containsPattern("ASSET\\s+STATE\\s+SCORE\\s+THRESHOLD\\s+LAST SEEN\\s+LATEST VALUES")
                .containsPattern("web-01\\s+anomalous\\s+0.9987\\s+0.7 \\(default\\)\\s+2026-12-05 10:00:00Z\\s+cpu=0.95 memory=0.6")
                .endsWith("page 1/1, 1 asset\n");
    }

    @Test
    void showListsEachMetricsLatestValue() {
        server.on("GET", "/ml/assets/web-01", 200, WEB);

        CliRun run = CliRun.run("--url", server.url(), "assets", "show", "web-01");

        assertThat(run.out()).as(run.toString()).containsPattern("state:\\s+anomalous")
                .containsPattern("last score:\\s+0.9987 \\(statistical, at 2026-12-05 10:00:00Z\\)")
                .containsPattern("cpu\\s+0.95\\s+2026-12-05 10:00:00Z").doesNotContain("detector");
    }

    @Test
    void metricsIsATableOfEachSummary() {
        server.on("GET", "/ml/assets/web-01/metrics", 200, "{\"assetId\":\"web-01\",\"from\":\"2026-12-05T04:00:00Z\",\"to\":\"2026-12-05T10:00:00Z\","
                + "\"truncated\":false,\"metrics\":[{\"metric\":\"cpu\",\"summary\":{\"count\":3,\"mean\":0.5,\"std\":0.1,\"min\":0.4,\"max\":0.6,"
                + "\"p05\":0.41,\"p25\":0.45,\"median\":0.5,\"p75\":0.55,\"p95\":0.59},\"points\":[]}]}");

        CliRun run = CliRun.run("--url", server.url(), "assets", "metrics", "web-01", "--hours", "6", "--metric", "cpu");

        assertThat(server.last("GET", "/ml/assets/web-01/metrics").query()).isEqualTo("hours=6.0&metric=cpu");
        assertThat(run.out()).as(run.toString()).startsWith("asset web-01, 2026-12-05 04:00:00Z to 2026-12-05 10:00:00Z\n")
                .containsPattern("METRIC\\s+COUNT\\s+MEAN\\s+STD\\s+MIN\\s+P05\\s+MEDIAN\\s+P95\\s+MAX")
                .containsPattern("cpu\\s+3\\s+0.5\\s+0.1\\s+0.4\\s+0.41\\s+0.5\\s+0.59\\s+0.6");
        CliRun json = CliRun.run("--url", server.url(), "assets", "metrics", "web-01", "--json");
        assertThat(json.out()).contains("\"points\":[]");
    }

    @Test
    void aWideCsvIsSentAsWidePointsAnEmptyCellBeingNoValue() throws Exception {
        acceptEverything();
        Path csv = Files.writeString(dir.resolve("points.csv"), "timestamp,cpu,memory\n2026-12-05T10:00:00Z,0.4,0.6\n\n"
                + "1796464860,0.5,\n2026-12-05 10:02:00,,\n");

        CliRun run = CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode sent = Json.parse(server.last("POST", "/ml/assets/web-01/metrics").bodyText());
        assertThat(sent).hasSize(2); // the last row holds no value
        assertThat(sent.get(0).toString()).isEqualTo("{\"timestamp\":\"2026-12-05T10:00:00Z\",\"values\":{\"cpu\":0.4,\"memory\":0.6}}");
        assertThat(sent.get(1).get("timestamp").toString()).isEqualTo("1796464860"); // seconds since 1970, as a number
        assertThat(sent.get(1).get("values").toString()).isEqualTo("{\"cpu\":0.5}");
        assertThat(run.out()).isEqualTo("sent 3 values of asset web-01 (2026-12-05 10:00:00Z to 2026-12-05 10:01:00Z)\n");
    }

    @Test
    void aLongCsvIsSentAsLongPointsAndABadNumberIsNamedByLine() throws Exception {
        acceptEverything();
        Path csv = Files.writeString(dir.resolve("long.csv"), "timestamp,metric,value\n2026-12-05T10:00:00Z,cpu,0.4\n2026-12-05T10:00:00Z,memory,0.6\n");

        assertThat(CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", csv.toString()).exitCode()).isZero();

        JsonNode sent = Json.parse(server.last("POST", "/ml/assets/web-01/metrics").bodyText());
        assertThat(sent.get(1).toString()).isEqualTo("{\"timestamp\":\"2026-12-05T10:00:00Z\",\"metricName\":\"memory\",\"value\":0.6}");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "timestamp,metric,value\n2026-12-05T10:00:00Z,cpu,high\n");
        CliRun refused = CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("error: " + bad + " line 2: value 'high' is not a number\n");
        Path headless = Files.writeString(dir.resolve("headless.csv"), "cpu,memory\n0.4,0.6\n");
        assertThat(CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", headless.toString()).err())
                .contains("a CSV file starts with a header: timestamp,metric,value");
        assertThat(server.count("POST", "/ml/assets/web-01/metrics")).isEqualTo(1);
    }

    @Test
    void jsonFilesArePassedOnAsTheyAreInRequestsUnderTheServersLimit() throws Exception {
        acceptEverything();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12_001; i++) {
            lines.append("{\"timestamp\": ").append(1796464800 + i).append(", \"metricName\": \"cpu\", \"value\": 0.5}\n");
        }
        Path jsonl = Files.writeString(dir.resolve("points.jsonl"), lines);

        CliRun run = CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", jsonl.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Integer> sizes = server.received.stream().map(r -> Json.parse(r.bodyText()).size()).toList();
        assertThat(sizes).containsExactly(5000, 5000, 2001);
        assertThat(run.out()).startsWith("sent 12001 values");
        Path wrapped = Files.writeString(dir.resolve("points.json"), "{\"points\": [{\"timestamp\": \"2026-12-05T10:00:00Z\","
                + " \"values\": {\"cpu\": 0.4}}]}");
        assertThat(CliRun.run("--url", server.url(), "assets", "send", "web-01", "--file", wrapped.toString()).exitCode()).isZero();
        assertThat(server.last("POST", "/ml/assets/web-01/metrics").bodyText())
                .isEqualTo("[{\"timestamp\":\"2026-12-05T10:00:00Z\",\"values\":{\"cpu\":0.4}}]");
    }

    @Test
    void thresholdSetsANumberOrNullForTheDefault() throws Exception {
        server.on("PUT", "/ml/assets/web-01", 200, WEB.replace("\"threshold\":0.7,\"ownThreshold\":false", "\"threshold\":0.8,\"ownThreshold\":true"));

        CliRun run = CliRun.run("--url", server.url(), "assets", "threshold", "web-01", "0.8");

        assertThat(run.out()).as(run.toString()).isEqualTo("asset web-01: threshold 0.8\n");
        assertThat(server.last("PUT", "/ml/assets/web-01").bodyText()).isEqualTo("{\"threshold\":0.8}");
        CliRun reset = CliRun.run("--url", server.url(), "assets", "threshold", "web-01", "default");
        assertThat(reset.exitCode()).isZero();
        assertThat(server.last("PUT", "/ml/assets/web-01").bodyText()).isEqualTo("{\"threshold\":null}");
        CliRun bad = CliRun.run("--url", server.url(), "assets", "threshold", "web-01", "1.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("between 0 and 1");
        assertThat(server.count("PUT", "/ml/assets/web-01")).isEqualTo(2);
    }

    /** Answers each batch like the server: how many values, from when to when (ISO times, as the points' strings or seconds). */
    private void acceptEverything() {
        server.on("POST", "/ml/assets/web-01/metrics", (request, exchange) -> {
            JsonNode points = Json.MAPPER.readTree(request.body());
            int values = 0;
            java.time.Instant from = null;
            java.time.Instant to = null;
            for (JsonNode p : points) {
                values += p.has("values") ? p.get("values").size() : 1;
                JsonNode t = p.get("timestamp");
                java.time.Instant at = t.isNumber() ? java.time.Instant.ofEpochSecond(t.asLong()) : java.time.Instant.parse(t.asText());
                from = from == null || at.isBefore(from) ? at : from;
                to = to == null || at.isAfter(to) ? at : to;
            }
            FakeVigil.send(exchange, 201, "application/json", "{\"assetId\":\"web-01\",\"accepted\":" + values + ",\"from\":\"" + from
                    + "\",\"to\":\"" + to + "\"}");
        });
    }

    static String decoded(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }
}
