package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.http.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyCommandTest extends AgainstFakeVigil {
    static final String EVENT = "{\"id\":\"019a0000-0000-7000-8000-0000000000e1\",\"kind\":\"anomaly\",\"severity\":\"critical\","
            + "\"title\":\"Anomaly on web-01: cpu\",\"assetId\":\"web-01\",\"score\":0.9991,\"method\":\"statistical\","
            + "\"startedAt\":\"2026-12-05T10:02:00Z\",\"lastSeenAt\":\"2026-12-05T10:02:00Z\",\"points\":1,"
            + "\"details\":{\"peakAt\":\"2026-12-05T10:02:00Z\",\"threshold\":0.7,\"drivers\":[{\"name\":\"cpu\",\"score\":0.9991,"
            + "\"deviations\":19.25,\"median\":0.4,\"spread\":0.0286}]},\"createdAt\":\"2026-12-05T10:05:00Z\"}";
    static final String DETECTED = "{\"assetId\":\"web-01\",\"method\":\"statistical\",\"statistic\":\"iqr\",\"threshold\":0.7,\"scored\":3,"
            + "\"anomalies\":1,\"points\":["
            + "{\"timestamp\":\"2026-12-05T10:00:00Z\",\"score\":0.0,\"isAnomaly\":false,\"drivers\":[],\"baseline\":3,\"warmingUp\":true},"
            + "{\"timestamp\":\"2026-12-05T10:01:00Z\",\"score\":0.1234,\"isAnomaly\":false,\"drivers\":[{\"name\":\"memory\",\"score\":0.1234,"
            + "\"deviations\":-0.41}]},"
            + "{\"timestamp\":\"2026-12-05T10:02:00Z\",\"score\":0.9991,\"isAnomaly\":true,\"drivers\":[{\"name\":\"cpu\",\"score\":0.9991,"
            + "\"deviations\":19.25},{\"name\":\"memory\",\"score\":0.1}]}],\"events\":[" + EVENT + "]}";

    @TempDir
    Path dir;

    @Test
    void detectSendsTheFilesPointsAndTablesEachVerdictWithItsTopDriver() throws Exception {
        server.on("POST", "/ml/anomaly/detect", 200, DETECTED);
        Path csv = Files.writeString(dir.resolve("latest.csv"), "timestamp,cpu\n2026-12-05T10:00:00Z,0.4\n");

        CliRun run = CliRun.run("--url", server.url(), "anomaly", "detect", "web-01", "--file", csv.toString(), "--no-store",
                "--statistic", "IQR");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/anomaly/detect").bodyText()).isEqualTo("{\"assetId\":\"web-01\",\"points\":[{\"timestamp\":"
                + "\"2026-12-05T10:00:00Z\",\"values\":{\"cpu\":0.4}}],\"store\":false,\"statistic\":\"iqr\"}");
        assertThat(run.out()).startsWith("3 points of web-01 scored by the statistical method (iqr), threshold 0.7: 1 anomaly\n")
                .containsPattern("TIME\\s+SCORE\\s+ANOMALY\\s+TOP DRIVER")
                .containsPattern("2026-12-05 10:00:00Z\\s+0\\s+no \\(warming up\\)\\s+-\n")
                .containsPattern("2026-12-05 10:01:00Z\\s+0.1234\\s+no\\s+memory \\(-0.4 spreads\\)\n")
                .containsPattern("2026-12-05 10:02:00Z\\s+0.9991\\s+yes\\s+cpu \\(\\+19.3 spreads\\)\n")
                .containsPattern("019a0000-0000-7000-8000-0000000000e1\\s+open\\s+critical\\s+2026-12-05 10:02:00Z\\s+1\\s+Anomaly on web-01: cpu");
    }

    @Test
    void detectOverStoredHoursAndItsOptionsAreChecked() throws Exception {
        server.on("POST", "/ml/anomaly/detect", 200, DETECTED);

        assertThat(CliRun.run("--url", server.url(), "anomaly", "detect", "web-01", "--hours", "1.5").exitCode()).isZero();
        JsonNode sent = Json.parse(server.last("POST", "/ml/anomaly/detect").bodyText());
        assertThat(sent.toString()).isEqualTo("{\"assetId\":\"web-01\",\"hours\":1.5}");

        CliRun neither = CliRun.run("--url", server.url(), "anomaly", "detect", "web-01");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--file", "--hours");
        CliRun both = CliRun.run("--url", server.url(), "anomaly", "detect", "web-01", "--hours", "1", "--file", "x.csv");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun statistic = CliRun.run("--url", server.url(), "anomaly", "detect", "web-01", "--hours", "1", "--statistic", "median");
        assertThat(statistic.exitCode()).isEqualTo(2);
        assertThat(statistic.err()).isEqualTo("error: --statistic: mad, zscore or iqr\n");
        assertThat(server.count("POST", "/ml/anomaly/detect")).isEqualTo(1);
    }

    @Test
    void scoresListsTheStoredVerdicts() {
        server.on("GET", "/ml/anomaly/scores/web-01", 200, "{\"assetId\":\"web-01\",\"hours\":6,\"count\":1,\"scores\":[{\"timestamp\":"
                + "\"2026-12-05T10:02:00Z\",\"score\":0.9991,\"threshold\":0.7,\"isAnomaly\":true,\"method\":\"statistical\",\"drivers\":"
                + "[{\"name\":\"cpu\",\"score\":0.9991,\"deviations\":19.25}],\"scoredAt\":\"2026-12-05T10:05:00Z\"}]}");

        CliRun run = CliRun.run("--url", server.url(), "anomaly", "scores", "web-01", "--hours", "6", "--anomalies");

        assertThat(URLDecoder.decode(server.last("GET", "/ml/anomaly/scores/web-01").query(), StandardCharsets.UTF_8))
                .isEqualTo("hours=6.0&anomalies=true");
        assertThat(run.out()).as(run.toString()).containsPattern("TIME\\s+SCORE\\s+THRESHOLD\\s+ANOMALY\\s+METHOD\\s+TOP DRIVER")
                .containsPattern("2026-12-05 10:02:00Z\\s+0.9991\\s+0.7\\s+yes\\s+statistical\\s+cpu \\(\\+19.3 spreads\\)");
        server.on("GET", "/ml/anomaly/scores/web-01", 200, "{\"assetId\":\"web-01\",\"hours\":24,\"count\":0,\"scores\":[]}");
        assertThat(CliRun.run("--url", server.url(), "anomaly", "scores", "web-01", "--anomalies").out())
                .isEqualTo("no anomalies of asset web-01 in that time\n");
    }

    @Test
    void eventsListFiltersAndShowNamesTheDrivers() {
        server.on("GET", "/ml/events", 200, "{\"items\":[" + EVENT + "],\"page\":1,\"size\":50,\"total\":1,\"pages\":1}");
        server.on("GET", "/ml/events/019a0000-0000-7000-8000-0000000000e1", 200, EVENT);

        CliRun list = CliRun.run("--url", server.url(), "events", "list", "--asset", "web-01", "--severity", "critical", "--state", "open",
                "--since", "2026-12-05T00:00:00Z");
        CliRun show = CliRun.run("--url", server.url(), "events", "show", "019a0000-0000-7000-8000-0000000000e1");

        assertThat(URLDecoder.decode(server.last("GET", "/ml/events").query(), StandardCharsets.UTF_8))
                .isEqualTo("assetId=web-01&severity=critical&state=open&since=2026-12-05T00:00:00Z");
        assertThat(list.out()).as(list.toString())
                .containsPattern("STARTED\\s+KIND\\s+SEVERITY\\s+MODEL TYPE\\s+SCORE\\s+DIVERGENCE\\s+ENTITY\\s+TITLE\\s+ID")
                .containsPattern("2026-12-05 10:02:00Z\\s+anomaly\\s+critical\\s+-\\s+0.9991\\s+-\\s+web-01\\s+Anomaly on web-01: cpu")
                .endsWith("page 1/1, 1 event\n");
        assertThat(show.out()).as(show.toString()).containsPattern("state:\\s+open\n").containsPattern("score:\\s+0.9991 \\(threshold 0.7\\)")
                .containsPattern("cpu\\s+0.9991\\s+19.25\\s+0.4\\s+0.0286");
        CliRun since = CliRun.run("--url", server.url(), "events", "list", "--since", "yesterday");
        assertThat(since.exitCode()).isEqualTo(2);
    }
}
