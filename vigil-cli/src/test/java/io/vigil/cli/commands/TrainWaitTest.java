package io.vigil.cli.commands;

import static io.vigil.cli.commands.JobsCommandTest.JOB_ID;
import static io.vigil.cli.commands.JobsCommandTest.MODEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code models train --wait}: live progress from the event stream, polling when there is none, the final metrics. */
class TrainWaitTest {
    static final String DS = ModelsCommandTest.DS;
    static final String SUCCEEDED = JobsCommandTest.job("succeeded", 1.0,
            ",\"finishedAt\":\"2026-11-23T20:01:05Z\",\"durationMs\":64000,\"result\":{\"version\":3,\"metrics\":{\"accuracy\":0.9912,\"auc\":0.998}}");
    static final String FAILED = JobsCommandTest.job("failed", 0.5, ",\"error\":\"out of memory\"");

    FakeVigil server;
    final AtomicReference<String> job = new AtomicReference<>(JobsCommandTest.job("queued", 0, ""));
    final AtomicInteger jobReads = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = new FakeVigil();
        server.on("POST", "/ml/models/" + MODEL_ID + "/train", 202, job.get());
        server.on("GET", "/ml/jobs/" + JOB_ID, (request, exchange) -> {
            jobReads.incrementAndGet();
            FakeVigil.send(exchange, 200, "application/json", job.get());
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void followsTheEventStreamDrawsTheBarAndPrintsTheMetrics() {
        server.on("GET", "/ml/stream", (request, exchange) -> {
            assertThat(request.query()).isEqualTo("jobId=" + JOB_ID);
            try (OutputStream out = openStream(exchange)) {
                // the CLI reads the job once before and once after subscribing: then every event below counts
                awaitReads(2);
                event(out, "job.state", "{\"jobId\":\"" + JOB_ID + "\",\"state\":\"running\"}");
                event(out, "job.progress", progress(JOB_ID, 0.25, 25));
                event(out, "job.progress", progress("another-job", 0.9, 90));
                event(out, "job.progress", progress(JOB_ID, 0.5, 50));
                job.set(SUCCEEDED);
                event(out, "job.state", "{\"jobId\":\"" + JOB_ID + "\",\"state\":\"succeeded\",\"job\":" + SUCCEEDED + "}");
                sleep(2000); // the CLI hangs up first
            }
        });

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("[#####---------------]  25% training round 25/100")
                .contains("[##########----------]  50% training round 50/100")
                .doesNotContain("90%");
        assertThat(finalBar(run.err())).isEqualTo("[####################] 100% succeeded");
        assertThat(run.out()).startsWith("job " + JOB_ID + " succeeded in 1m 04s: model " + MODEL_ID + " version 3\n")
                .containsPattern("METRIC\\s+VALUE").containsPattern("accuracy\\s+0.9912").containsPattern("auc\\s+0.998");
    }

    @Test
    void theJobLogsWarningsAreSaidOnceItHasEnded() {
        job.set(SUCCEEDED);
        server.on("GET", "/ml/jobs/" + JOB_ID + "/logs", 200, "{\"lines\":["
                + "{\"seq\":1,\"at\":\"2026-11-23T20:00:01Z\",\"level\":\"info\",\"message\":\"training gbm on 800 rows\"},"
                + "{\"seq\":2,\"at\":\"2026-11-23T20:00:02Z\",\"level\":\"warn\",\"message\":\"inputs [Source IP] are host addresses\"}],"
                + "\"next\":2}");

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("warning: inputs [Source IP] are host addresses\n").doesNotContain("training gbm on 800 rows");
        assertThat(run.out()).doesNotContain("warning");
    }

    @Test
    void aFailedJobExitsOneWithItsError() {
        server.on("GET", "/ml/stream", (request, exchange) -> {
            try (OutputStream out = openStream(exchange)) {
                awaitReads(2);
                event(out, "job.progress", progress(JOB_ID, 0.5, 50));
                job.set(FAILED);
                event(out, "job.state", "{\"jobId\":\"" + JOB_ID + "\",\"state\":\"failed\"}");
                sleep(2000);
            }
        });

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(finalBar(run.err())).isEqualTo("[##########----------]  50% failed");
        assertThat(run.err()).endsWith("error: job " + JOB_ID + " failed: out of memory\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutAnEventStreamItPollsTheJobEverySecond() {
        // no /ml/stream route: the fake answers 404, as a server without events would
        server.on("GET", "/ml/jobs/" + JOB_ID, (request, exchange) -> {
            int reads = jobReads.incrementAndGet();
            FakeVigil.send(exchange, 200, "application/json", reads < 3 ? JobsCommandTest.job("running", 0.5, "") : SUCCEEDED);
        });

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(jobReads.get()).isEqualTo(3);
        assertThat(run.err()).contains("[##########----------]  50% training round 50/100");
        assertThat(finalBar(run.err())).isEqualTo("[####################] 100% succeeded");
        assertThat(run.out()).isEqualTo(SUCCEEDED + "\n");
    }

    @Test
    void whenTheStreamDropsItFallsBackToPolling() {
        server.on("GET", "/ml/stream", (request, exchange) -> {
            try (OutputStream out = openStream(exchange)) {
                awaitReads(2);
                event(out, "job.progress", progress(JOB_ID, 0.25, 25));
                job.set(SUCCEEDED); // finishes while nobody listens
            }
        });

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(finalBar(run.err())).isEqualTo("[####################] 100% succeeded");
        assertThat(run.out()).contains("version 3");
    }

    @Test
    void aJobThatAlreadyFinishedIsReportedAtOnce() {
        job.set(JobsCommandTest.job("cancelled", 0.1, ""));
        server.on("POST", "/ml/models/" + MODEL_ID + "/train", 202, job.get());

        CliRun run = CliRun.run("--url", server.url(), "models", "train", MODEL_ID, "--dataset", DS, "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: job " + JOB_ID + " cancelled");
    }

    /** What the terminal shows last on the bar's line: the text after the last carriage return. */
    static String finalBar(String err) {
        String barLine = err.lines().filter(line -> line.contains("[")).reduce((a, b) -> b).orElse("");
        return barLine.substring(barLine.lastIndexOf('\r') + 1).strip();
    }

    static String progress(String jobId, double fraction, int round) {
        return "{\"jobId\":\"" + jobId + "\",\"progress\":{\"fraction\":" + fraction
                + ",\"phase\":\"training\",\"round\":" + round + ",\"totalRounds\":100}}";
    }

    static OutputStream openStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        return out;
    }

    static void event(OutputStream out, String type, String json) throws IOException {
        out.write(("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void awaitReads(int reads) {
        long deadline = System.currentTimeMillis() + 5000;
        while (jobReads.get() < reads && System.currentTimeMillis() < deadline) sleep(10);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
