package io.vigil.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.readme.ReadmeBlocks.Block;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-throughs run as written: every {@code bash} block of README.md but those that
 * start or build Vigil, in order, in one bash session (they share variables), against a real
 * server, with the files they name: {@code ../shared/datasets} and {@code examples/}. Only the
 * server's address is changed ({@code http://127.0.0.1:8080} and {@code VIGIL_URL}), and
 * {@code ./vigil} is the client run from this test's class path rather than built by Maven. The
 * shell has what the README asks its reader to set: the first admin's password in
 * {@code VIGIL_PASSWORD}; the client's session file is the test's own ({@code VIGIL_SESSION_FILE}).
 * Each block must exit 0 (the session runs with {@code set -e}) and say what the README says it does.
 */
class ReadmeWalkthroughIT {
    /** The module directory's parent: where README.md and examples/ are. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final String README_URL = "http://127.0.0.1:8080";
    private static final Pattern MARKER = Pattern.compile("(?m)^@@@ block (\\d+) (begin|end) (\\d+)\\.(\\d+)$");

    @TempDir
    Path dir;

    @Test
    void theWalkThroughsRunAsWritten() throws Exception {
        assertThat(REPO.resolve("README.md")).as("run from the vigil-server module directory").isRegularFile();
        List<Block> blocks = ReadmeBlocks.bash(Files.readString(REPO.resolve("README.md")));
        List<Block> run = blocks.stream().filter(b -> !b.startsVigil()).toList();
        assertThat(run.stream().map(Block::heading)).as("the walk-throughs and the serving examples")
                .contains("Walk-through with curl", "Train, validate, deploy and use a model (curl)", "Command-line client",
                        "Security", "Feedback and live accuracy", "Health and alerts", "Retraining", "A/B tests and shadow models",
                        "Serving predictions");

        Path work = checkout();
        Map<Integer, BlockRun> results;
        try (TestServer server = TestServer.start()) {
            String url = "http://127.0.0.1:" + server.port();
            results = runInOneSession(run, work, url);
        }

        for (Block block : run) {
            BlockRun result = results.get(block.index());
            assertThat(result).as("block %d (README line %d, under \"%s\") did not run: an earlier block failed", block.index(),
                    block.line(), block.heading()).isNotNull();
            assertThat(result.finished()).as("block %d (README line %d, under \"%s\") failed; its output:\n%s", block.index(),
                    block.line(), block.heading(), result.output()).isTrue();
        }
        String curlDatasets = output(run, results, "Walk-through with curl", 0);
        assertThat(curlDatasets).contains("\"name\":\"admin\",\"kind\":\"user\",\"role\":\"admin\"").contains("\"name\":\"kdd-test\"", "\"columnProfiles\"", "\"status\":422", "the file is empty");
        assertThat(Files.size(work.resolve("copy.txt"))).isEqualTo(Files.size(SharedData.file("nsl-kdd/KDDTrain+.txt")));

        String curlModel = output(run, results, "Train, validate, deploy and use a model (curl)", 0);
        assertThat(curlModel).contains("\"status\":\"trained\"", "\"passed\":true", "\"action\":\"deploy\"")
                .containsPattern("\"label\":\"attack\".*\"confidence\"");

        String cli = output(run, results, "Command-line client", 0);
        assertThat(cli).containsPattern("label:\\s+attack").contains("20 records, 0 failed", "version 1: passed",
                "deployed model kdd-gbm-cli version 1 as the active intrusion model", "scored 22544 rows",
                "version 1 (deployed), as measured:", "validation: on dataset nsl-test", "rolled back: model",
                "retired model kdd-gbm-cli");
        assertThat(Files.readAllLines(work.resolve("scored.csv"))).hasSize(22545);

        String zeek = output(run, results, "Command-line client", 1);
        assertThat(zeek).contains("warning: inputs [id.orig_h, id.resp_h] are host addresses", "version 1: passed", "deployed model conn-outliers", "4 records, 0 failed")
                .containsPattern("(?m)^\\s*[23]\\s+anomaly\\s");

        String key = output(run, results, "Security", 0);
        assertThat(key).containsPattern("\"label\":\"attack\"").contains("\"status\":403", "read and change datasets");
        assertThat(cli).contains("logged in to " + "http://127.0.0.1:").doesNotContain(TestServer.ADMIN_PASSWORD);

        String monitoring = output(run, results, "Feedback and live accuracy", 0);
        assertThat(monitoring).contains("\"accepted\":1", "\"predictedLabel\":\"attack\",\"actualLabel\":\"attack\",\"correct\":true",
                "20 accepted, 0 refused", "\"feedback\":21", "\"p99Ms\"", "\"modelName\":\"kdd-gbm\"");

        String retraining = output(run, results, "Retraining", 0);
        assertThat(retraining).contains("\"triggers\":[\"accuracyFloor\",\"schedule\"]", "retraining queued: job", "manual",
                "promotion:", "\"reason\":\"manual\"").containsPattern("kept_champion|promoted");

        String experiments = output(run, results, "A/B tests and shadow models", 0);
        assertThat(experiments).contains("\"passed\":true", "\"experiment\":{\"id\":\"", "\"assignment\":\"sticky\"}",
                "experiment kdd-gbm v2 (", "): running", "): stopped", "kdd-gbm v2 shadow", "shadow: ");

        String alerts = output(run, results, "Health and alerts", 0);
        assertThat(alerts).contains("\"ruleName\":\"kdd-threats\"", "\"category\":\"security\"", "\"occurrences\":3",
                "\"state\":\"acknowledged\"", "\"check\":\"live_accuracy\"", "resolved alert ", "deleted alert rule kdd-threats")
                .containsPattern("acknowledged\\s+critical\\s+kdd-gbm\\s+kdd-threats\\s+3\\s+3 predictions of an attack class");

        String predict = output(run, results, "Serving predictions", 0);
        assertThat(predict).containsPattern("\"label\":\"attack\"").contains("\"name\":\"kdd-gbm\"", "\"contributions\"");
        String inference = output(run, results, "Serving predictions", 1);
        assertThat(inference).contains("\"model_name\":\"kdd-gbm\"", "\"name\":\"label\"", "\"prediction_id\"");
    }

    /** The committed example files are what their generator writes, byte for byte. */
    @Test
    void theExampleFilesAreTheGeneratorsOutput() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process generator = new ProcessBuilder(java.toString(), REPO.resolve("examples/MakeExamples.java").toString(),
                SharedData.file("nsl-kdd/KDDTest+.txt").toString(), fresh.toString())
                .redirectErrorStream(true).start();
        String said = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generator.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(generator.exitValue()).as(said).isZero();
        List<Path> written;
        try (Stream<Path> files = Files.list(fresh)) {
            written = files.sorted().toList();
        }
        assertThat(written).hasSize(5);
        for (Path file : written) {
            Path committed = REPO.resolve("examples").resolve(file.getFileName());
            assertThat(Files.readString(committed)).as(committed.toString()).isEqualTo(Files.readString(file));
            assertThat(Files.size(committed)).as("%s stays small", committed).isLessThan(64 * 1024);
        }
    }

    /** What one block printed (stdout and stderr, in order), and whether it reached its end. */
    record BlockRun(String output, boolean finished, double seconds) {}

    /**
     * A stand-in for a checkout, as the README's blocks expect it: {@code ./vigil} (the client),
     * {@code examples/}, and {@code ../shared/datasets} beside it.
     */
    private Path checkout() throws IOException, URISyntaxException {
        Path work = Files.createDirectory(dir.resolve("vigil"));
        SharedData.file("nsl-kdd/KDDTrain+.txt"); // fails naming the file when the datasets are missing
        Files.createSymbolicLink(dir.resolve("shared"), io.vigil.engine.datasets.SharedData.dir());
        Files.createSymbolicLink(work.resolve("examples"), REPO.resolve("examples"));
        List<String> classPath = new ArrayList<>();
        for (Class<?> c : List.of(io.vigil.cli.VigilCli.class, picocli.CommandLine.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, com.fasterxml.jackson.datatype.jsr310.JavaTimeModule.class)) {
            classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // as ./vigil starts the client (a short-lived JVM), from the jars this test runs with
        Path vigil = Files.writeString(work.resolve("vigil"), "#!/usr/bin/env bash\nexec '" + java
                + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + String.join(File.pathSeparator, classPath)
                + "' io.vigil.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(vigil, PosixFilePermissions.fromString("rwxr-xr-x"));
        return work;
    }

    /** Runs the blocks in one bash with {@code set -e}, between markers; answers each block's output by index. */
    private Map<Integer, BlockRun> runInOneSession(List<Block> blocks, Path work, String url) throws Exception {
        StringBuilder script = new StringBuilder("set -e\nexec 2>&1\n");
        for (Block block : blocks) {
            script.append("printf '\\n@@@ block ").append(block.index()).append(" begin %s\\n' \"$EPOCHREALTIME\"\n")
                    .append(block.text().replace(README_URL, url)).append('\n')
                    .append("printf '\\n@@@ block ").append(block.index()).append(" end %s\\n' \"$EPOCHREALTIME\"\n");
        }
        Path file = Files.writeString(dir.resolve("walkthrough.sh"), script);
        Path log = dir.resolve("walkthrough.log");
        ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        bash.environment().put("VIGIL_URL", url);
        bash.environment().put("VIGIL_PASSWORD", TestServer.ADMIN_PASSWORD);
        bash.environment().put("VIGIL_SESSION_FILE", dir.resolve("sessions.json").toString());
        bash.environment().remove("VIGIL_API_KEY");
        bash.environment().remove("VIGIL_TOKEN");
        Process process = bash.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the walk-through did not end within 10 minutes; its output:\n" + Files.readString(log));
        }
        return split(Files.readString(log));
    }

    /** The output between each block's markers; a block without its end marker is the one that failed. */
    private static Map<Integer, BlockRun> split(String output) {
        Map<Integer, BlockRun> runs = new LinkedHashMap<>();
        Matcher m = MARKER.matcher(output);
        int block = -1;
        int from = 0;
        double began = 0;
        while (m.find()) {
            double at = Double.parseDouble(m.group(3) + "." + m.group(4));
            if (m.group(2).equals("begin")) {
                block = Integer.parseInt(m.group(1));
                from = m.end();
                began = at;
            } else {
                runs.put(block, new BlockRun(output.substring(from, m.start()), true, at - began));
                block = -1;
            }
        }
        if (block >= 0) runs.put(block, new BlockRun(output.substring(from), false, 0));
        runs.forEach((index, run) -> System.out.printf("README block %d: %s in %.1f s%n", index, run.finished() ? "ran" : "FAILED",
                run.seconds()));
        return runs;
    }

    /** The output of the {@code n}-th block run under {@code heading}. */
    private static String output(List<Block> run, Map<Integer, BlockRun> results, String heading, int n) {
        List<Block> under = run.stream().filter(b -> b.heading().equals(heading)).toList();
        assertThat(under.size()).as("bash blocks under \"%s\"", heading).isGreaterThan(n);
        return results.get(under.get(n).index()).output();
    }
}
