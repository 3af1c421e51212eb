package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import io.vigil.cli.http.Json;
import org.junit.jupiter.api.Test;

class ExperimentsCommandTest extends AgainstFakeVigil {
    static final String MODEL_ID = JobsCommandTest.MODEL_ID;
    static final String EXPERIMENT_ID = "e0e0e0e0-0000-4000-8000-000000000001";
    static final String RUNNING = """
            {"id":"%s","name":"gbm v2 vs v1","modelType":"intrusion","champion":{"modelId":"%s","version":1},
             "challenger":{"modelId":"%s","version":2},"mode":"ab","split":0.1,"stickyKey":"src_ip","primaryMetric":"accuracy",
             "normalClass":"normal","minSamples":500,"alpha":0.05,"autoPromote":true,"autoStop":false,"status":"running","looks":0,
             "startedAt":"2026-12-05T09:00:00Z","startedBy":"admin",
             "figures":{"metric":"accuracy","champion":{"feedback":900,"correct":720,"accuracy":0.8},
                        "challenger":{"feedback":100,"correct":95,"accuracy":0.95},"championValue":0.8,"challengerValue":0.95,
                        "comparison":{"difference":0.15,"pValue":0.0004,"low":0.0915,"high":0.1903,"level":0.95,
                                      "test":"two-proportion: Pearson chi-square on the 2x2 table (1 df)",
                                      "interval":"Newcombe hybrid score (Wilson)"},
                        "samplesForNextLook":500,"alphaOfNextLook":0.025}}""".formatted(EXPERIMENT_ID, MODEL_ID, MODEL_ID);

    @Test
    void startTakesModelsByNameAndVersionAndShowsTheExperiment() throws Exception {
        server.on("GET", "/ml/models", 200, NamesTest.page(1, 1, NamesTest.model(MODEL_ID, "kdd-gbm")));
        server.on("POST", "/ml/experiments", 201, RUNNING);

        CliRun run = CliRun.run("--url", server.url(), "experiments", "start", "--name", "gbm v2 vs v1", "--type", "intrusion",
                "--champion", "kdd-gbm@1", "--challenger", MODEL_ID + "@2", "--sticky-key", "src_ip", "--auto-promote");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var body = Json.MAPPER.readTree(server.last("POST", "/ml/experiments").bodyText());
        assertThat(body.get("champion").get("modelId").asText()).isEqualTo(MODEL_ID);
        assertThat(body.get("champion").get("version").asInt()).isEqualTo(1);
        assertThat(body.get("challenger").get("version").asInt()).isEqualTo(2);
        assertThat(body.get("stickyKey").asText()).isEqualTo("src_ip");
        assertThat(body.get("autoPromote").asBoolean()).isTrue();
        assertThat(body.has("split")).as("left to the server's default").isFalse();
        assertThat(run.out()).contains("experiment gbm v2 vs v1 (" + EXPERIMENT_ID + "): running", "sticky key src_ip",
                        "promotes by itself", "next test at 500 feedback per arm, at alpha 0.025")
                .containsPattern("champion\\s+900\\s+0.8").containsPattern("challenger\\s+100\\s+0.95")
                .contains("challenger - champion: 0.15, 95% CI 0.0915 to 0.1903 (Newcombe hybrid score (Wilson)), p = 0.0004");
    }

    @Test
    void aVersionMustBeGiven() {
        CliRun run = CliRun.run("--url", server.url(), "experiments", "start", "--name", "x", "--type", "intrusion",
                "--champion", "kdd-gbm", "--challenger", MODEL_ID + "@2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--champion takes MODEL@VERSION");
    }

    @Test
    void listStopAndPromote() {
        server.on("GET", "/ml/experiments", 200, NamesTest.page(1, 1, RUNNING));
        server.on("POST", "/ml/experiments/" + EXPERIMENT_ID + "/stop", 200, RUNNING.replace("\"running\"", "\"stopped\""));
        server.problem("POST", "/ml/experiments/" + EXPERIMENT_ID + "/promote", 409, "experiment gbm v2 vs v1 has ended (stopped)", null);

        CliRun list = CliRun.run("--url", server.url(), "experiments", "list", "--status", "running");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(server.last("GET", "/ml/experiments").query()).isEqualTo("status=running");
        assertThat(list.out()).containsPattern(EXPERIMENT_ID + "\\s+gbm v2 vs v1\\s+intrusion\\s+ab\\s+0.1\\s+running");

        CliRun stop = CliRun.run("--url", server.url(), "experiments", "stop", EXPERIMENT_ID);
        assertThat(stop.out()).contains("): stopped");

        CliRun promote = CliRun.run("--url", server.url(), "experiments", "promote", EXPERIMENT_ID);
        assertThat(promote.exitCode()).isNotZero();
        assertThat(promote.err()).contains("has ended (stopped)");
    }
}
