package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertsCommandTest extends AgainstFakeVigil {
    static final String RULE_ID = "0193a000-0000-7000-8000-000000000001";
    static final String RULES = "{\"items\":[{\"id\":\"" + RULE_ID + "\",\"name\":\"kdd-threats\",\"kind\":\"threat_prediction\","
            + "\"modelName\":null,\"threshold\":0.9,\"window\":\"15m\",\"severity\":\"critical\",\"cooldown\":\"30m\",\"enabled\":true,"
            + "\"source\":\"config\"}],\"page\":1,\"size\":500,\"total\":1,\"pages\":1}";
    static final String ALERTS = "{\"items\":[{\"id\":\"a-1\",\"ruleName\":\"kdd-threats\",\"state\":\"firing\",\"severity\":\"critical\","
            + "\"modelName\":\"kdd-gbm\",\"occurrences\":10000,\"summary\":\"10000 predictions of an attack class\","
            + "\"lastSeen\":\"2026-12-01T10:00:00Z\"},{\"id\":\"a-2\",\"ruleName\":\"errors\",\"state\":\"resolved\",\"severity\":\"warning\","
            + "\"modelName\":null,\"occurrences\":2,\"summary\":\"7 of 100 prediction requests\",\"lastSeen\":\"2026-12-01T09:00:00Z\"}],"
            + "\"page\":1,\"size\":50,\"total\":2,\"pages\":1}";

    @Test
    void theListPassesItsFiltersAndTakesARuleByName() {
        server.on("GET", "/ml/alerts/rules", 200, RULES);
        server.on("GET", "/ml/alerts", 200, ALERTS);

        CliRun run = CliRun.run("--url", server.url(), "alerts", "list", "--state", "open", "--severity", "critical", "--rule", "kdd-threats",
                "--kind", "threat_prediction", "--size", "20");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(URLDecoder.decode(server.last("GET", "/ml/alerts").query(), StandardCharsets.UTF_8))
                .isEqualTo("state=open&severity=critical&ruleId=" + RULE_ID + "&kind=threat_prediction&size=20");
        assertThat(run.out()).containsPattern("LAST SEEN\\s+STATE\\s+SEVERITY\\s+MODEL\\s+RULE\\s+COUNT\\s+SUMMARY\\s+ID")
                .containsPattern("2026-12-01 10:00:00Z\\s+firing\\s+critical\\s+kdd-gbm\\s+kdd-threats\\s+10000\\s+10000 predictions")
                .containsPattern("resolved\\s+warning\\s+\\(server\\)\\s+errors").endsWith("page 1/1, 2 alerts\n");
    }

    @Test
    void aRuleOfTheConfigurationCannotBeDeletedHere() {
        server.on("GET", "/ml/alerts/rules", 200, RULES);
        server.on("DELETE", "/ml/alerts/rules/" + RULE_ID, 409, "{\"status\":409,\"detail\":\"alert rule kdd-threats comes from the"
                + " configuration (alerts.rules in vigil.yaml): delete it there\"}");

        CliRun run = CliRun.run("--url", server.url(), "alerts", "rules", "delete", "kdd-threats");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("comes from the configuration");
    }

    @Test
    void healthExitsOneUnlessHealthy() {
        String id = "0193a000-0000-7000-8000-000000000002";
        server.on("GET", "/ml/models/" + id + "/health", 200, "{\"modelName\":\"kdd-gbm\",\"version\":2,\"status\":\"degraded\","
                + "\"checkedAt\":\"2026-12-01T10:00:00Z\",\"checks\":[{\"check\":\"latency_p99\",\"status\":\"degraded\",\"observed\":312.5,"
                + "\"degradedAt\":250,\"failingAt\":1000,\"basis\":\"server time per prediction\",\"reason\":null}]}");

        CliRun run = CliRun.run("--url", server.url(), "health", id);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("model kdd-gbm version 2: degraded (checked 2026-12-01 10:00:00Z)")
                .containsPattern("latency_p99\\s+degraded\\s+312.5\\s+250\\s+1000\\s+server time per prediction");
    }
}
