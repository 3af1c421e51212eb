package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertChannelsCommandTest extends AgainstFakeVigil {
    static final String HOOK_ID = "0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11";
    static final String CHANNELS = "{\"items\":[{\"id\":\"" + HOOK_ID + "\",\"name\":\"soc-webhook\",\"type\":\"webhook\","
            + "\"url\":\"https://soc.example/hooks/vigil\",\"recipients\":[],\"enabled\":true,\"circuit\":\"closed\"},"
            + "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"soc-slack\",\"type\":\"slack\",\"url\":\"https://hooks.slack.com/***\","
            + "\"recipients\":[],\"enabled\":true,\"circuit\":\"open\"},{\"id\":\"22222222-2222-4333-8444-555555555555\",\"name\":\"soc-mail\","
            + "\"type\":\"email\",\"url\":null,\"recipients\":[\"soc@example.com\",\"oncall@example.com\"],\"enabled\":false,"
            + "\"circuit\":\"closed\"}],\"page\":1,\"size\":50,\"total\":3,\"pages\":1}";

    @TempDir
    Path dir;

    @Test
    void listShowsEachChannelsTargetAndCircuit() {
        server.on("GET", "/ml/alerts/channels", 200, CHANNELS);

        CliRun run = CliRun.run("--url", server.url(), "alerts", "channels", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("NAME\\s+TYPE\\s+TARGET\\s+ENABLED\\s+CIRCUIT\\s+ID")
                .containsPattern("soc-webhook\\s+webhook\\s+https://soc.example/hooks/vigil\\s+yes\\s+closed\\s+" + HOOK_ID)
                .containsPattern("soc-slack\\s+slack\\s+https://hooks.slack.com/\\*\\*\\*\\s+yes\\s+open")
                .containsPattern("soc-mail\\s+email\\s+soc@example.com, oncall@example.com\\s+no\\s+closed")
                .endsWith("page 1/1, 3 channels\n");
    }

    @Test
    void createPrintsAWebhooksSecretAloneOnStdout() {
        server.on("POST", "/ml/alerts/channels", 201, "{\"secret\":\"vgl_whsec_abc\",\"id\":\"" + HOOK_ID + "\",\"name\":\"soc-webhook\","
                + "\"type\":\"webhook\",\"url\":\"https://soc.example/hooks/vigil\",\"recipients\":[],\"enabled\":true}");

        CliRun run = CliRun.run("--url", server.url(), "alerts", "channels", "create", "--name", "soc-webhook", "--type", "webhook",
                "--target", "https://soc.example/hooks/vigil");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("vgl_whsec_abc\n");
        assertThat(run.err()).contains("signing secret of webhook soc-webhook", "shown once");
        assertThat(server.last("POST", "/ml/alerts/channels").bodyText())
                .isEqualTo("{\"name\":\"soc-webhook\",\"type\":\"webhook\",\"url\":\"https://soc.example/hooks/vigil\"}");
    }

    @Test
    void createTakesASlackUrlFromAFileAndEmailRecipients() throws Exception {
        server.on("POST", "/ml/alerts/channels", 201, "{\"id\":\"" + HOOK_ID + "\",\"name\":\"soc-slack\",\"type\":\"slack\","
                + "\"url\":\"https://hooks.slack.com/***\",\"recipients\":[],\"enabled\":true}");
        Path file = Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.com/services/T0/B0/secret\n");

        CliRun slack = CliRun.run("--url", server.url(), "alerts", "channels", "create", "--name", "soc-slack", "--type", "slack",
                "--target-file", file.toString());

        assertThat(slack.exitCode()).as(slack.toString()).isZero();
        assertThat(slack.out()).isEqualTo("created slack channel soc-slack -> https://hooks.slack.com/*** (id " + HOOK_ID + ")\n");
        assertThat(server.last("POST", "/ml/alerts/channels").bodyText()).contains("\"url\":\"https://hooks.slack.com/services/T0/B0/secret\"");

        CliRun mail = CliRun.run("--url", server.url(), "alerts", "channels", "create", "--name", "soc-mail", "--type", "email",
                "--recipient", "soc@example.com", "--recipient", "oncall@example.com", "--disabled");
        assertThat(mail.exitCode()).as(mail.toString()).isZero();
        assertThat(server.last("POST", "/ml/alerts/channels").bodyText()).isEqualTo("{\"name\":\"soc-mail\",\"type\":\"email\","
                + "\"recipients\":[\"soc@example.com\",\"oncall@example.com\"],\"enabled\":false}");

        CliRun both = CliRun.run("--url", server.url(), "alerts", "channels", "create", "--name", "x", "--type", "slack", "--target", "https://a",
                "--target-file", file.toString());
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void aRefusedUrlShowsTheServersFieldError() {
        server.problem("POST", "/ml/alerts/channels", 400, "1 field is invalid",
                "[{\"field\":\"url\",\"message\":\"http://169.254.169.254:80 is refused: 169.254.169.254 is a link-local address\"}]");

        CliRun run = CliRun.run("--url", server.url(), "alerts", "channels", "create", "--name", "meta", "--type", "webhook",
                "--target", "http://169.254.169.254/");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("url", "link-local");
    }

    @Test
    void testAndDeleteTakeANameAndTestFailsWhenNotDelivered() {
        server.on("GET", "/ml/alerts/channels", 200, CHANNELS);
        server.on("POST", "/ml/alerts/channels/" + HOOK_ID + "/test", 200, "{\"channelId\":\"" + HOOK_ID + "\",\"channel\":\"soc-webhook\","
                + "\"delivered\":false,\"status\":503,\"error\":\"HTTP 503 from https://soc.example:443: down\",\"durationMs\":40}");
        server.on("DELETE", "/ml/alerts/channels/" + HOOK_ID, (request, exchange) -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });

        CliRun test = CliRun.run("--url", server.url(), "alerts", "channels", "test", "soc-webhook");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.err()).isEqualTo("not delivered to soc-webhook: HTTP 503 from https://soc.example:443: down\n");

        CliRun delete = CliRun.run("--url", server.url(), "alerts", "channels", "delete", "soc-webhook");
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(server.count("DELETE", "/ml/alerts/channels/" + HOOK_ID)).isEqualTo(1);

        CliRun unknown = CliRun.run("--url", server.url(), "alerts", "channels", "test", "no-such-channel");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no alert channel named 'no-such-channel'");
    }

    @Test
    void deliveriesListsTriesAndLastErrors() {
        server.on("GET", "/ml/alerts/channels", 200, CHANNELS);
        server.on("GET", "/ml/alerts/deliveries", 200, "{\"items\":[{\"id\":\"d-1\",\"alertId\":\"a-1\",\"channelName\":\"soc-webhook\","
                + "\"ruleName\":\"threats\",\"severity\":\"critical\",\"state\":\"failed\",\"attempts\":5,\"lastError\":\"HTTP 500 from"
                + " https://soc.example:443\",\"createdAt\":\"2026-12-01T10:00:00Z\"}],\"page\":1,\"size\":50,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "alerts", "channels", "deliveries", "--channel", "soc-webhook", "--state", "failed");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/alerts/deliveries").query()).isEqualTo("channelId=" + HOOK_ID + "&state=failed");
        assertThat(run.out()).containsPattern("soc-webhook\\s+threats\\s+critical\\s+failed\\s+5\\s+HTTP 500 from https://soc.example:443\\s+d-1")
                .endsWith("page 1/1, 1 delivery\n");

        server.on("GET", "/ml/alerts/deliveries", 200, "{\"items\":[],\"page\":1,\"size\":50,\"total\":0,\"pages\":0}");
        assertThat(CliRun.run("--url", server.url(), "alerts", "channels", "deliveries").out()).isEqualTo("no deliveries\n");
    }
}
