package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCommandTest extends AgainstFakeVigil {
    static final String ROWS = "{\"items\":[{\"id\":7,\"at\":\"2026-11-23T20:00:00Z\",\"actor\":\"alice\",\"actorKind\":\"user\","
            + "\"role\":\"data_scientist\",\"action\":\"POST /ml/models/{id}/deploy\",\"object\":{\"id\":\"m-1\"},\"result\":200,"
            + "\"address\":\"10.0.0.5\",\"requestId\":\"r-7\"},{\"id\":6,\"at\":\"2026-11-23T19:59:00Z\",\"actor\":null,"
            + "\"actorKind\":\"anonymous\",\"role\":null,\"action\":\"DELETE /ml/datasets/{id}\",\"object\":{\"id\":\"d-2\"},"
            + "\"result\":401,\"address\":\"10.0.0.9\",\"requestId\":\"r-6\"}],\"page\":1,\"size\":50,\"total\":2,\"pages\":1}";

    @Test
    void listsTheRowsAndPassesTheFilters() {
        server.on("GET", "/ml/audit", 200, ROWS);

        CliRun run = CliRun.run("--url", server.url(), "audit", "--user", "alice", "--action", "POST /ml/models/{id}/deploy",
                "--object", "m-1", "--result", "2xx", "--until", "2026-11-24T00:00:00Z", "--size", "20");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String query = URLDecoder.decode(server.last("GET", "/ml/audit").query(), StandardCharsets.UTF_8);
        assertThat(query).isEqualTo("user=alice&action=POST /ml/models/{id}/deploy&object=m-1&to=2026-11-24T00:00:00Z&result=2xx&size=20");
        assertThat(run.out()).containsPattern("TIME\\s+WHO\\s+ROLE\\s+ACTION\\s+OBJECT\\s+RESULT\\s+ADDRESS\\s+REQUEST ID")
                .containsPattern("2026-11-23 20:00:00Z\\s+alice\\s+data_scientist\\s+POST /ml/models/\\{id}/deploy\\s+id=m-1\\s+200\\s+10.0.0.5\\s+r-7")
                .containsPattern("\\(nobody\\)\\s+-\\s+DELETE /ml/datasets/\\{id}\\s+id=d-2\\s+401")
                .endsWith("page 1/1, 2 rows\n");
    }

    @Test
    void sinceMayBeHowLongAgo() {
        server.on("GET", "/ml/audit", 200, ROWS);
        Instant before = Instant.now();

        CliRun run = CliRun.run("--url", server.url(), "audit", "--since", "12h");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String from = URLDecoder.decode(server.last("GET", "/ml/audit").query(), StandardCharsets.UTF_8).replace("from=", "");
        assertThat(Instant.parse(from)).isBetween(before.minus(Duration.ofHours(12)).minusSeconds(5), Instant.now().minus(Duration.ofHours(12)));
    }

    @Test
    void aBadTimeIsAUsageError() {
        CliRun run = CliRun.run("--url", server.url(), "audit", "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--since: give an ISO time");
    }

    @Test
    void someoneElseIsRefused() {
        server.problem("GET", "/ml/audit", 403, "this route needs the right to manage users and API keys (roles: admin)", null);

        CliRun run = CliRun.run("--url", server.url(), "audit");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("needs the right to manage users");
    }
}
