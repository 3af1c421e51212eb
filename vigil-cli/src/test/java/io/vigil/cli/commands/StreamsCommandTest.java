package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

class StreamsCommandTest extends AgainstFakeVigil {
    static final String STREAM = """
            {"name":"ids","definition":{"name":"ids","inputTopic":"ids-events","outputTopic":"ids-verdicts","alertsTopic":"ids-alerts",
             "deadLetterTopic":"ids-dead","modelType":"intrusion"},"group":"vigil-stream-ids","state":"backpressure",
             "partitions":[{"partition":0,"lag":120},{"partition":1,"lag":null}],"lag":120,"recordsPerSecond":5321.4,
             "consumed":10004,"scored":10000,"alerts":812,"deadLettered":4,"errors":1,
             "lastError":{"at":"2026-12-05T20:00:00Z","message":"TimeoutException: the brokers did not answer"}}""";

    @Test
    void listShowsEachStreamsStateLagRateAndCounts() {
        server.on("GET", "/ml/streams", 200, "{\"items\":[" + STREAM + "]}");

        CliRun run = CliRun.run("--url", server.url(), "streams", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("ids\\s+backpressure\\s+intrusion\\s+ids-events\\s+120\\s+5321.4\\s+10000\\s+812\\s+4\\s+1");
    }

    @Test
    void noStreamsSaysHowToConfigureThem() {
        server.on("GET", "/ml/streams", 200, "{\"items\":[]}");

        assertThat(CliRun.run("--url", server.url(), "streams", "list").out()).startsWith("no streams");
    }

    @Test
    void showGivesTopicsPartitionsAndTheLastError() {
        server.on("GET", "/ml/streams/ids", 200, STREAM);

        CliRun run = CliRun.run("--url", server.url(), "streams", "show", "ids");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("stream ids: backpressure, consumer group vigil-stream-ids")
                .contains("topics: ids-events -> ids-verdicts, alerts ids-alerts, dead letters ids-dead")
                .contains("rate: 5321.4 records/s; lag: 120")
                .contains("counts: 10004 consumed, 10000 scored, 812 alerts, 4 dead letters, 1 errors")
                .containsPattern("1\\s+unknown")
                .contains("TimeoutException: the brokers did not answer");
    }

    @Test
    void anUnknownStreamIsTheServersNotFound() {
        server.on("GET", "/ml/streams/nope", 404, """
                {"type":"about:blank","title":"Not Found","status":404,"detail":"no stream called nope"}""");

        CliRun run = CliRun.run("--url", server.url(), "streams", "show", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no stream called nope");
    }
}
