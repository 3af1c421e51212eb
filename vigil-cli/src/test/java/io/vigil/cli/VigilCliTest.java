package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every command shares: the server URL, exit codes, error reporting, help. */
class VigilCliTest {

    @Test
    void connectionRefusedExitsThreeWithAHint() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.run("--url", "http://127.0.0.1:" + closedPort, "datasets", "list");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: cannot reach the Vigil server at http://127.0.0.1:" + closedPort)
                .contains("hint: is the server running? ./vigil serve");
    }

    @Test
    void theUrlComesFromVigilUrlWhenNotGiven() throws Exception {
        try (FakeVigil server = new FakeVigil()) {
            server.on("GET", "/ml/jobs", 200, "{\"items\":[],\"page\":1,\"size\":20,\"total\":0,\"pages\":0}");

            CliRun run = CliRun.runWith(Map.of("VIGIL_URL", server.url() + "/"), "jobs", "list");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(server.count("GET", "/ml/jobs")).isEqualTo(1);
        }
    }

    @Test
    void theOptionWinsOverTheEnvironment() throws Exception {
        try (FakeVigil server = new FakeVigil()) {
            server.on("GET", "/ml/jobs", 200, "{\"items\":[],\"page\":1,\"size\":20,\"total\":0,\"pages\":0}");

            CliRun run = CliRun.runWith(Map.of("VIGIL_URL", "http://127.0.0.1:1"), "jobs", "list", "--url", server.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }

    @Test
    void theDefaultUrlIsTheLocalServer() throws Exception {
        assertThat(new VigilCli(Map.of()).serverUrl()).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void aBadUrlIsAUsageError() {
        CliRun run = CliRun.run("--url", "localhost:8080", "jobs", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: bad server URL 'localhost:8080': expected http://host:port\n");
    }

    @Test
    void unknownCommandsAndMissingArgumentsAreUsageErrors() {
        CliRun unknown = CliRun.run("datasets", "frobnicate");
        CliRun missing = CliRun.run("datasets", "show");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument").contains("frobnicate");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'ID'");
    }

    @Test
    void aServerErrorThatIsNotAProblemDocumentStillReadsWell() throws Exception {
        try (FakeVigil server = new FakeVigil()) {
            server.on("GET", "/ml/jobs", (request, exchange) ->
                    FakeVigil.send(exchange, 502, "text/html", "<html>Bad gateway</html>\n<body/>"));

            CliRun run = CliRun.run("--url", server.url(), "jobs", "list");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: HTTP 502 <html>Bad gateway</html>\n");
        }
    }

    @Test
    void everyCommandHasHelp() {
        CliRun run = CliRun.run("models", "train", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: vigil models train").contains("--wait").contains("--validation-dataset");
    }

    @Test
    void helpListsTheCommandGroups() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("datasets").contains("models").contains("jobs").contains("--url").contains("--json");
    }
}
