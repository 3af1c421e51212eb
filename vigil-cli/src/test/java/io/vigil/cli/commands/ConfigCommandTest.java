package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest extends AgainstFakeVigil {
    static final String REVISION = """
            {"section":"thresholds","revision":3,"value":{"default":{"event":0.5,"critical":0.9,"divergenceMargin":0.5},
             "modelTypes":{"intrusion":{"event":0.7,"critical":0.9,"divergenceMargin":0.3}}},
             "changedBy":"admin","changedAt":"2026-12-05T10:00:00Z","reason":"sensitivity raise for intrusion","rolledBackFrom":null}""";

    @TempDir
    Path dir;

    @Test
    void listShowsEachSectionsRevision() {
        server.on("GET", "/ml/config", 200, """
                {"items":[{"section":"cache","revision":0},{"section":"thresholds","revision":3}]}""");

        CliRun run = CliRun.run("--url", server.url(), "config", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("cache\\s+0").containsPattern("thresholds\\s+3");
    }

    @Test
    void getPrintsTheRevisionWhoWhyAndTheValue() {
        server.on("GET", "/ml/config/thresholds", 200, REVISION);

        CliRun run = CliRun.run("--url", server.url(), "config", "get", "thresholds");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("revision:\\s+3").contains("2026-12-05 10:00:00Z by admin")
                .contains("sensitivity raise for intrusion").contains("\"intrusion\" : {");
    }

    @Test
    void setSendsTheFilesValueWithTheReason() throws Exception {
        Path file = dir.resolve("t.json");
        Files.writeString(file, "{\"default\": {\"event\": 0.6, \"critical\": 0.9, \"divergenceMargin\": 0.5}}");
        server.on("PUT", "/ml/config/thresholds", 200, REVISION);

        CliRun run = CliRun.run("--url", server.url(), "config", "set", "thresholds", "--file", file.toString(), "--reason", "too noisy");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("PUT", "/ml/config/thresholds").bodyText()).isEqualTo(
                "{\"default\":{\"event\":0.6,\"critical\":0.9,\"divergenceMargin\":0.5}}");
        assertThat(server.last("PUT", "/ml/config/thresholds").query()).isEqualTo("reason=too%20noisy");
    }

    @Test
    void aFileThatIsNotAJsonObjectIsAUsageErrorAndNothingIsSent() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "event = 0.6");

        CliRun run = CliRun.run("--url", server.url(), "config", "set", "thresholds", "--file", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad.json is not JSON");
        assertThat(server.count("PUT", "/ml/config/thresholds")).isZero();
    }

    @Test
    void aRefusedValueNamesItsFieldAndExitsNonZero() throws Exception {
        Path file = dir.resolve("t.json");
        Files.writeString(file, "{\"default\": {\"event\": 1.5, \"critical\": 0.9, \"divergenceMargin\": 0.5}}");
        server.problem("PUT", "/ml/config/thresholds", 400, "default.event: must be a number from 0.0 to 1.0; got 1.5",
                "[{\"field\":\"default.event\",\"message\":\"must be a number from 0.0 to 1.0; got 1.5\"}]");

        CliRun run = CliRun.run("--url", server.url(), "config", "set", "thresholds", "--file", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("default.event: must be a number from 0.0 to 1.0; got 1.5");
    }

    @Test
    void historyListsRevisionsAndRollbacks() {
        server.on("GET", "/ml/config/cache/history", 200, """
                {"items":[{"section":"cache","revision":2,"value":{},"changedBy":"admin","changedAt":"2026-12-05T11:00:00Z",
                  "reason":null,"rolledBackFrom":0},
                 {"section":"cache","revision":1,"value":{},"changedBy":"ops","changedAt":"2026-12-05T10:00:00Z","reason":"smaller",
                  "rolledBackFrom":null},
                 {"section":"cache","revision":0,"value":{},"changedBy":null,"changedAt":null,"reason":"the start-time default",
                  "rolledBackFrom":null}],"page":1,"size":20,"total":3,"pages":1}""");

        CliRun run = CliRun.run("--url", server.url(), "config", "history", "cache");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("2\\s+2026-12-05 11:00:00Z\\s+admin\\s+rollback to 0")
                .containsPattern("1\\s+2026-12-05 10:00:00Z\\s+ops\\s+smaller").containsPattern("0\\s+-\\s+-\\s+the start-time default")
                .contains("3 revisions");
    }

    @Test
    void rollbackAndSensitivitySendWhatTheServerExpects() {
        server.on("POST", "/ml/config/thresholds/rollback", 200, REVISION);
        server.on("POST", "/ml/config/thresholds/sensitivity", 200, REVISION);

        CliRun rollback = CliRun.run("--url", server.url(), "config", "rollback", "thresholds", "2", "--reason", "undo");
        CliRun raise = CliRun.run("--url", server.url(), "config", "sensitivity", "raise", "--model-type", "intrusion");

        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(server.last("POST", "/ml/config/thresholds/rollback").bodyText()).isEqualTo("{\"revision\":2,\"reason\":\"undo\"}");
        assertThat(raise.exitCode()).as(raise.toString()).isZero();
        assertThat(server.last("POST", "/ml/config/thresholds/sensitivity").bodyText())
                .isEqualTo("{\"modelType\":\"intrusion\",\"direction\":\"raise\"}");
        assertThat(raise.out()).contains("thresholds of intrusion now: event 0.7, critical 0.9 (revision 3)");
    }
}
