package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest extends AgainstFakeVigil {
    static final String MODEL_ID = JobsCommandTest.MODEL_ID;
    static final String VERDICT = "{\"predictionId\":\"01a20bee-5fbb-7f9b-85bc-36bbf70d0000\",\"label\":\"attack\","
            + "\"probabilities\":{\"normal\":0.1,\"attack\":0.9},\"confidence\":0.9,\"model\":{\"id\":\"m\",\"name\":\"kdd-gbm\",\"version\":2},"
            + "\"explanation\":{\"explainedClass\":\"attack\",\"bias\":-0.5,\"margin\":2.2,"
            + "\"contributions\":[{\"feature\":\"dst_port\",\"value\":22,\"contribution\":1.9}]}}";

    @TempDir
    Path dir;

    @Test
    void oneRecordPrintsTheVerdictAndWhy() {
        server.on("POST", "/ml/predict", 200, VERDICT);

        CliRun run = CliRun.run("--url", server.url(), "predict", "--type", "intrusion", "--explain", "--top", "3",
                "{\"dst_port\": 22, \"service\": null, \"proto\": \"tcp\"}");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/predict").bodyText()).isEqualTo("{\"modelType\":\"intrusion\",\"explain\":true,\"topK\":3,"
                + "\"features\":{\"dst_port\":22,\"service\":null,\"proto\":\"tcp\"}}"); // null kept: "unknown, impute it"
        assertThat(run.out()).containsPattern("label:\\s+attack").containsPattern("confidence:\\s+0.9")
                .contains("normal=0.1  attack=0.9").containsPattern("model:\\s+kdd-gbm version 2")
                .contains("why attack (log-odds 2.2 = bias -0.5 + contributions)").containsPattern("dst_port\\s+22\\s+1.9");
    }

    @Test
    void aDetectorsExplanationIsOfItsPathLengthNotLogOdds() {
        server.on("POST", "/ml/predict", 200, "{\"label\":\"anomaly\",\"confidence\":0.57,\"probabilities\":{\"normal\":0.43,"
                + "\"anomaly\":0.57},\"anomalyScore\":0.57,\"anomaly\":true,\"model\":{\"name\":\"eve-if\",\"version\":1},"
                + "\"explanation\":{\"explainedClass\":\"anomaly\",\"marginOf\":\"-E(h)\",\"bias\":-10.2,\"margin\":-8.3,\"contributions\":"
                + "[{\"feature\":\"tcp.rst\",\"value\":true,\"contribution\":0.5}]}}");

        CliRun run = CliRun.run("--url", server.url(), "predict", "--type", "eve-anomaly", "--explain", "{\"tcp.rst\": true}");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("anomaly score: 0.57 (anomaly)").contains("why anomaly (-E(h) -8.3 = bias -10.2 + contributions)")
                .doesNotContain("log-odds");
    }

    @Test
    void aFileIsSentInBatchesAndEveryRecordIsReportedFailuresIncluded() throws Exception {
        server.on("POST", "/ml/predict", 200, "{\"count\":3,\"failed\":1,\"partial\":true,\"predictions\":["
                + "{\"label\":\"normal\",\"confidence\":0.97},"
                + "{\"index\":1,\"error\":{\"status\":422,\"errors\":[{\"field\":\"instances[1].bytes\",\"message\":\"must be a number, got 'lots'\"}]}},"
                + "{\"label\":\"attack\",\"confidence\":0.8}]}"); // as the server answers: in order, an index only on errors
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{\"bytes\": 10}\n\n{\"bytes\": \"lots\"}\n{\"bytes\": 7}\n");

        CliRun run = CliRun.run("--url", server.url(), "predict", "--model", MODEL_ID, "--version", "2", "--file", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1); // a record failed
        JsonNode sent = Json.parse(server.last("POST", "/ml/predict").bodyText());
        assertThat(sent.get("modelId").asText()).isEqualTo(MODEL_ID);
        assertThat(sent.get("version").asInt()).isEqualTo(2);
        assertThat(sent.get("instances").toString()).isEqualTo("[{\"bytes\":10},{\"bytes\":\"lots\"},{\"bytes\":7}]");
        assertThat(run.out()).containsPattern("0\\s+normal\\s+0.97").contains("instances[1].bytes: must be a number, got 'lots'")
                .containsPattern("2\\s+attack\\s+0.8").contains("3 records, 1 failed");
    }

    @Test
    void aFileWithExplanationsShowsEachVerdictsReasonsOnItsLine() throws Exception {
        server.on("POST", "/ml/predict", 200, "{\"count\":1,\"failed\":0,\"partial\":false,\"predictions\":["
                + "{\"label\":\"anomaly\",\"confidence\":0.63,\"anomalyScore\":0.63,\"explanation\":{\"contributions\":["
                + "{\"feature\":\"duration\",\"contribution\":1.493},{\"feature\":\"resp_bytes\",\"contribution\":-0.25}]}}]}");
        // as Python's json.dumps writes a pandas row: bare NaN
        Path file = Files.writeString(dir.resolve("conn.json.log"), "{\"duration\": 2400.5, \"resp_bytes\": NaN}\n");

        CliRun run = CliRun.run("--url", server.url(), "predict", "--type", "conn", "--explain", "--top", "2", "--file", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode sent = Json.parse(server.last("POST", "/ml/predict").bodyText());
        assertThat(sent.get("explain").asBoolean()).isTrue();
        assertThat(sent.get("topK").asInt()).isEqualTo(2);
        assertThat(sent.get("instances").get(0).get("resp_bytes").asText()).isEqualTo("NaN");
        assertThat(run.out()).containsPattern("0\\s+anomaly\\s+0.63\\s+0.63\\s+duration \\+1.493, resp_bytes -0.25");
    }

    @Test
    void aJsonArrayFileWorksToo() throws Exception {
        server.on("POST", "/ml/predict", 200, "{\"count\":2,\"failed\":0,\"partial\":false,\"predictions\":["
                + "{\"label\":\"normal\",\"confidence\":0.97},{\"label\":\"normal\",\"confidence\":0.9}]}");
        Path file = Files.writeString(dir.resolve("events.json"), "  [{\"bytes\": 10}, {\"bytes\": 11}]");

        CliRun run = CliRun.run("--url", server.url(), "predict", "--type", "intrusion", "--file", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Json.parse(server.last("POST", "/ml/predict").bodyText()).get("instances").size()).isEqualTo(2);
        assertThat(run.out()).contains("2 records, 0 failed");
    }

    @Test
    void usageMistakesAreCaughtBeforeAnyRequest() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"bytes\": 10}\nnot json\n");
        assertThat(CliRun.run("--url", server.url(), "predict", "--type", "t").exitCode()).isEqualTo(2);             // nothing to score
        assertThat(CliRun.run("--url", server.url(), "predict", "--type", "t", "--model", "m", "{}").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("--url", server.url(), "predict", "--type", "t", "--version", "2", "{}").exitCode()).isEqualTo(2);
        CliRun notJson = CliRun.run("--url", server.url(), "predict", "--type", "t", "{dst_port: 22");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("RECORD is not JSON");
        CliRun badLine = CliRun.run("--url", server.url(), "predict", "--type", "t", "--file", bad.toString());
        assertThat(badLine.exitCode()).isEqualTo(2);
        assertThat(badLine.err()).contains("bad.jsonl line 2 is not JSON");
        assertThat(server.received).isEmpty();
    }
}
