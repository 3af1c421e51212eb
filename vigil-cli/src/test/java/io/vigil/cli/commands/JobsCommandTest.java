package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobsCommandTest extends AgainstFakeVigil {
    static final String JOB_ID = "0b6d3c1e-9a4f-4f59-8a43-2f3e5c9d7a11";
    static final String MODEL_ID = "5f1c2b7e-1111-4a2b-9c3d-4e5f6a7b8c9d";

    static String job(String state, double fraction, String extra) {
        return ("{\"id\":\"%s\",\"kind\":\"train\",\"modelId\":\"%s\",\"state\":\"%s\",\"priority\":5,"
                + "\"progress\":{\"fraction\":%s,\"phase\":\"training\",\"round\":50,\"totalRounds\":100},"
                + "\"attempts\":1,\"error\":null,\"createdAt\":\"2026-11-23T20:00:00Z\",\"startedAt\":\"2026-11-23T20:00:01Z\"%s}")
                .formatted(JOB_ID, MODEL_ID, state, fraction, extra);
    }

    @Test
    void listPrintsJobsAndPassesTheFilters() {
        server.on("GET", "/ml/jobs", 200, "{\"items\":[" + job("running", 0.5, "") + "],\"page\":1,\"size\":20,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "jobs", "list", "--state", "running", "--model", MODEL_ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/jobs").query()).isEqualTo("state=running&modelId=" + MODEL_ID);
        assertThat(run.out()).containsPattern("ID\\s+KIND\\s+MODEL\\s+STATE\\s+PRIORITY\\s+PROGRESS\\s+CREATED\\s+DURATION")
                .containsPattern(JOB_ID + "\\s+train\\s+" + MODEL_ID + "\\s+running\\s+5\\s+50.0%\\s+2026-11-23 20:00:00Z\\s+-")
                .endsWith("page 1/1, 1 job\n");
    }

    @Test
    void showPrintsTheJobWithItsResultMetrics() {
        server.on("GET", "/ml/jobs/" + JOB_ID, 200, job("succeeded", 1.0,
                ",\"finishedAt\":\"2026-11-23T20:01:05Z\",\"durationMs\":64000,\"result\":{\"version\":3,\"metrics\":{\"accuracy\":0.98765,\"f1\":0.9}}"));

        CliRun run = CliRun.run("--url", server.url(), "jobs", "show", JOB_ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("state:\\s+succeeded").containsPattern("progress:\\s+100.0% training round 50/100")
                .containsPattern("duration:\\s+1m 04s").containsPattern("version:\\s+3")
                .containsPattern("METRIC\\s+VALUE").containsPattern("accuracy\\s+0.9877").containsPattern("f1\\s+0.9\n");
    }

    @Test
    void showWithJsonPrintsTheServersAnswer() {
        server.on("GET", "/ml/jobs/" + JOB_ID, 200, job("queued", 0, ""));

        CliRun run = CliRun.run("--url", server.url(), "jobs", "show", JOB_ID, "--json");

        assertThat(run.out()).isEqualTo(job("queued", 0, "") + "\n");
    }

    @Test
    void cancelPostsAndSaysWhatHappened() {
        server.on("POST", "/ml/jobs/" + JOB_ID + "/cancel", 200, job("running", 0.5, ",\"cancelRequested\":true"));

        CliRun run = CliRun.run("--url", server.url(), "jobs", "cancel", JOB_ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("job " + JOB_ID + ": running (cancel requested, stopping)\n");
    }

    @Test
    void cancellingAFinishedJobIsAConflict() {
        server.problem("POST", "/ml/jobs/" + JOB_ID + "/cancel", 409, "job " + JOB_ID + " has already succeeded", null);

        CliRun run = CliRun.run("--url", server.url(), "jobs", "cancel", JOB_ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: job " + JOB_ID + " has already succeeded\n");
    }

    @Test
    void logsPrintsTheLinesAfterSince() {
        server.on("GET", "/ml/jobs/" + JOB_ID + "/logs", 200,
                "{\"lines\":[{\"seq\":4,\"at\":\"2026-11-23T20:00:02Z\",\"level\":\"INFO\",\"message\":\"round 10/100 loss=0.31\"}],\"next\":4}");

        CliRun run = CliRun.run("--url", server.url(), "jobs", "logs", JOB_ID, "--since", "3");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/jobs/" + JOB_ID + "/logs").query()).isEqualTo("since=3");
        assertThat(run.out()).isEqualTo("2026-11-23 20:00:02Z  INFO   round 10/100 loss=0.31\n");
    }

    @Test
    void logsFollowPollsUntilTheJobHasFinishedAndMissesNoLine() {
        AtomicInteger jobReads = new AtomicInteger();
        server.on("GET", "/ml/jobs/" + JOB_ID, (request, exchange) -> FakeVigil.send(exchange, 200, "application/json",
                jobReads.incrementAndGet() < 2 ? job("running", 0.5, "") : job("succeeded", 1, "")));
        server.on("GET", "/ml/jobs/" + JOB_ID + "/logs", (request, exchange) -> {
            String body = request.query() == null
                    ? "{\"lines\":[{\"seq\":1,\"at\":\"2026-11-23T20:00:01Z\",\"level\":\"INFO\",\"message\":\"started\"}],\"next\":1}"
                    : "{\"lines\":[{\"seq\":2,\"at\":\"2026-11-23T20:00:03Z\",\"level\":\"INFO\",\"message\":\"done\"}],\"next\":2}";
            if ("since=2".equals(request.query())) body = "{\"lines\":[],\"next\":2}";
            FakeVigil.send(exchange, 200, "application/json", body);
        });

        CliRun run = CliRun.run("--url", server.url(), "jobs", "logs", JOB_ID, "--follow");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("2026-11-23 20:00:01Z  INFO   started\n2026-11-23 20:00:03Z  INFO   done\n");
        assertThat(server.received.stream().filter(r -> r.path().endsWith("/logs")).map(FakeVigil.Received::query).toList())
                .containsExactly(null, "since=1");
    }
}
