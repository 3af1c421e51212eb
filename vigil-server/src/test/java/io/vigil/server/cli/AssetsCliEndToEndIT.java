package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.VigilCli;
import io.vigil.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command-line client against the real server, for the per-asset anomaly service: an asset's
 * history sent as a wide CSV, its summary read back, a CPU spike scored by `anomaly detect` (the
 * statistical fallback) and the security event it made listed and shown.
 */
class AssetsCliEndToEndIT {
    static TestServer server;
    static Path sessions;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sessions = Files.createTempDirectory("vigil-cli-sessions-").resolve("sessions.json");
        Run login = cli("login");
        assertThat(login.code).as(login.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sendMetricsDetectASpikeAndListItsEvent() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(120));
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("timestamp,cpu,memory\n");
        double cpuSum = 0;
        for (int i = 0; i < 100; i++) {
            double cpu = 0.40 + 0.02 * random.nextGaussian();
            cpuSum += cpu;
            csv.append(start.plus(Duration.ofMinutes(i))).append(',').append(cpu).append(',').append(0.60 + 0.01 * random.nextGaussian())
                    .append('\n');
        }
        Path history = Files.writeString(dir.resolve("history.csv"), csv);

        Run sent = cli("assets", "send", "cli-web-01", "--file", history.toString());
        assertThat(sent.code).as(sent.toString()).isZero();
        assertThat(sent.out).startsWith("sent 200 values of asset cli-web-01");
        Run metrics = cli("assets", "metrics", "cli-web-01", "--metric", "cpu");
        assertThat(metrics.out).as(metrics.toString()).containsPattern("cpu\\s+100\\s+" + java.util.regex.Pattern.quote(
                io.vigil.cli.output.Formats.number(cpuSum / 100)) + "\\s");
        assertThat(cli("assets", "list").out).containsPattern("cli-web-01\\s+unscored\\s+-\\s+0.7 \\(default\\)");

        // (a score prints with 4 decimals: 0.99996 as 1)
        // three normal minutes, then a spike, in the long form, as JSON
        Instant t = start.plus(Duration.ofMinutes(100));
        double[] cpu = {0.41, 0.39, 0.40, 0.96};
        StringBuilder points = new StringBuilder("[");
        for (int i = 0; i < cpu.length; i++) {
            points.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"timestamp\": \"%s\", \"metricName\": \"cpu\", \"value\": %s}",
                    t.plus(Duration.ofMinutes(i)), cpu[i]));
        }
        Path latest = Files.writeString(dir.resolve("latest.json"), points.append("]"));
        Run detected = cli("anomaly", "detect", "cli-web-01", "--file", latest.toString());
        assertThat(detected.code).as(detected.toString()).isZero();
        assertThat(detected.out).startsWith("4 points of cli-web-01 scored by the statistical method (mad), threshold 0.7: 1 anomaly")
                .containsPattern(Formats.time(t.plus(Duration.ofMinutes(3))) + "\\s+(1|0.99\\d*)\\s+yes\\s+cpu \\(\\+\\d+\\.\\d spreads\\)")
                .containsPattern(Formats.time(t) + "\\s+0.\\d+\\s+no\\s");

        assertThat(cli("assets", "list", "--anomalous").out).containsPattern("cli-web-01\\s+anomalous\\s+(1|0.99)");
        Run scores = cli("anomaly", "scores", "cli-web-01", "--anomalies");
        assertThat(scores.out).as(scores.toString()).containsPattern(Formats.time(t.plus(Duration.ofMinutes(3))) + "\\s+(1|0.99\\d*)\\s+0.7\\s+yes");
        Run events = cli("events", "list", "--asset", "cli-web-01", "--state", "open", "--since", "3h");
        assertThat(events.out).as(events.toString()).containsPattern("anomaly\\s+critical\\s+-\\s+(1|0.99\\d*)\\s+-\\s+cli-web-01\\s+Anomaly on cli-web-01: cpu")
                .endsWith("page 1/1, 1 event\n");
        String id = events.out.replaceAll("(?s).*\\s([0-9a-f-]{36})\n.*", "$1");
        Run shown = cli("events", "show", id);
        assertThat(shown.out).as(shown.toString()).containsPattern("score:\\s+(1|0.99\\d*) \\(threshold 0.7\\)").containsPattern("\ncpu\\s+(1|0.99)");

        // a threshold of its own, then back to the default
        assertThat(cli("assets", "threshold", "cli-web-01", "0.9").out).isEqualTo("asset cli-web-01: threshold 0.9\n");
        assertThat(cli("assets", "threshold", "cli-web-01", "default").out).isEqualTo("asset cli-web-01: threshold 0.7 (default)\n");
        Run unknown = cli("assets", "show", "nobody");
        assertThat(unknown.code).isEqualTo(1);
        assertThat(unknown.err).isEqualTo("error: no asset 'nobody' has sent metrics\n");
    }

    /** Times as the CLI prints them. */
    private static final class Formats {
        static String time(Instant at) {
            return io.vigil.cli.output.Formats.time(at.toString());
        }
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(Map.of("VIGIL_URL", "http://127.0.0.1:" + server.port(),
                "VIGIL_SESSION_FILE", sessions.toString(), "VIGIL_PASSWORD", TestServer.ADMIN_PASSWORD));
        CommandLine cli = new CommandLine(new VigilCli(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
