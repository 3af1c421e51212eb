package io.vigil.cli.commands;

import static io.vigil.cli.commands.JobsCommandTest.JOB_ID;
import static io.vigil.cli.commands.JobsCommandTest.MODEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models batch-predict} and {@code datasets download}: scoring a stored dataset and saving the result. */
class BatchPredictCommandTest extends AgainstFakeVigil {
    static final String DS = ModelsCommandTest.DS;
    static final String RESULT = "11111111-2222-4333-8444-555555555555";
    static final String CSV = "bytes,label,predicted_label,confidence\n40,attack,attack,0.99\n";

    @TempDir
    Path dir;

    @Test
    void waitsForTheJobAndSavesTheResultAsCsv() throws Exception {
        server.on("POST", "/ml/models/" + MODEL_ID + "/batch-predict", 202, JobsCommandTest.job("queued", 0, ""));
        server.on("GET", "/ml/jobs/" + JOB_ID, 200,
                JobsCommandTest.job("succeeded", 1.0, ",\"result\":{\"rows\":1,\"datasetId\":\"" + RESULT + "\"}"));
        server.on("GET", "/ml/datasets/" + RESULT + "/download", (request, exchange) -> FakeVigil.send(exchange, 200, "text/csv", CSV));
        Path out = dir.resolve("scored.csv");

        CliRun run = CliRun.run("--url", server.url(), "models", "batch-predict", MODEL_ID, "--dataset", DS, "--wait", "--output", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + MODEL_ID + "/batch-predict").bodyText()).isEqualTo("{\"datasetId\":\"" + DS + "\"}");
        assertThat(run.out()).contains("scored 1 rows: result dataset " + RESULT).contains("saved to " + out);
        assertThat(Files.readString(out)).isEqualTo(CSV);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out); // no partial file left beside it
        }
    }

    @Test
    void aFailedJobExitsOneAndSavesNothing() {
        server.on("POST", "/ml/models/" + MODEL_ID + "/batch-predict", 202, JobsCommandTest.job("queued", 0, ""));
        server.on("GET", "/ml/jobs/" + JOB_ID, 200, JobsCommandTest.job("failed", 0.5, ",\"error\":\"model retired\""));
        Path out = dir.resolve("scored.csv");

        CliRun run = CliRun.run("--url", server.url(), "models", "batch-predict", MODEL_ID, "--dataset", DS, "--wait", "--output", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("failed: model retired");
        assertThat(out).doesNotExist();
    }

    @Test
    void downloadSavesTheBytesAndAFailedDownloadLeavesNoFile() throws Exception {
        server.on("GET", "/ml/datasets/" + DS + "/download", (request, exchange) -> FakeVigil.send(exchange, 200, "text/csv", CSV));
        Path out = dir.resolve("data.csv");
        CliRun run = CliRun.run("--url", server.url(), "datasets", "download", DS, "--output", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(out)).isEqualTo(CSV);

        server.problem("GET", "/ml/datasets/" + RESULT + "/download", 404, "no dataset with id " + RESULT, null);
        Path missing = dir.resolve("missing.csv");
        CliRun notFound = CliRun.run("--url", server.url(), "datasets", "download", RESULT, "--output", missing.toString());
        assertThat(notFound.exitCode()).isEqualTo(1);
        assertThat(notFound.err()).contains("no dataset with id");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
        assertThat(CliRun.run("--url", server.url(), "models", "batch-predict", MODEL_ID, "--dataset", DS, "--output", "x.csv")
                .exitCode()).isEqualTo(2); // --output without --wait
    }
}
