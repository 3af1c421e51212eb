package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

class RetrainingCommandTest extends AgainstFakeVigil {
    static final String ID = "6f1c8f0e-6d3a-4a57-9a53-0d1b2c3d4e5f";
    static final String POLICY = """
            {"modelId":"%s","modelName":"kdd-gbm","configured":true,
             "policy":{"enabled":true,"driftShare":0.5,"accuracyFloor":null,"window":"24h","minFeedback":100,"schedule":"0 3 * * 1",
                       "includeFeedback":false,"promotion":"if_better","metric":"accuracy","minImprovement":0.0,"cooldown":"6h"},
             "triggers":["driftShare","schedule"],"nextScheduledAt":"2026-12-07T03:00:00Z","lastTriggeredAt":null}""".formatted(ID);

    @Test
    void showPrintsTheTriggersThePromotionAndTheNextSlot() {
        server.on("GET", "/ml/models/" + ID + "/retraining", 200, POLICY);

        CliRun run = CliRun.run("--url", server.url(), "retraining", "show", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("share of drifted inputs >= 0.5 over 24h").contains("0 3 * * 1 (UTC), next 2026-12-07 03:00:00Z")
                .contains("if_better on accuracy").doesNotContain("live accuracy <");
    }

    @Test
    void setSendsThePolicyItHasWithTheOptionsGivenOnTopAndOffClearsATrigger() {
        server.on("GET", "/ml/models/" + ID + "/retraining", 200, POLICY);
        server.on("PUT", "/ml/models/" + ID + "/retraining", 200, POLICY);

        CliRun run = CliRun.run("--url", server.url(), "retraining", "set", ID, "--accuracy-floor", "0.9", "--drift-share", "off",
                "--include-feedback", "--cooldown", "12h");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String sent = server.last("PUT", "/ml/models/" + ID + "/retraining").bodyText();
        assertThat(sent).contains("\"accuracyFloor\":0.9").contains("\"driftShare\":null").contains("\"includeFeedback\":true")
                .contains("\"cooldown\":\"12h\"").contains("\"schedule\":\"0 3 * * 1\"").contains("\"promotion\":\"if_better\"");
    }

    @Test
    void aRefusedPolicyNamesItsFieldsAndExitsNonZero() {
        server.on("GET", "/ml/models/" + ID + "/retraining", 200, POLICY);
        server.problem("PUT", "/ml/models/" + ID + "/retraining", 400, "the request has invalid fields",
                "[{\"field\":\"schedule\",\"message\":\"not a Unix cron expression\"}]");

        CliRun run = CliRun.run("--url", server.url(), "retraining", "set", ID, "--schedule", "every day");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("schedule").contains("not a Unix cron expression");
    }

    @Test
    void runQueuesAndHistoryListsReasonsAndOutcomes() {
        server.on("POST", "/ml/models/" + ID + "/retraining/run", 202, """
                {"id":"t-1","modelId":"%s","reason":"manual","championVersion":3,"jobId":"j-9","outcome":"training"}""".formatted(ID));
        server.on("GET", "/ml/models/" + ID + "/retraining/history", 200, """
                {"items":[{"id":"t-1","reason":"accuracy","observed":0.62,"threshold":0.9,"triggeredAt":"2026-12-05T10:00:00Z",
                  "triggeredBy":"vigil","championVersion":3,"jobId":"j-9","outcome":"promoted","newVersion":4,
                  "outcomeDetail":"deployed: accuracy 0.97 against the champion's 0.91"}],"page":1,"size":20,"total":1,"pages":1}""");

        CliRun ran = CliRun.run("--url", server.url(), "retraining", "run", ID);
        CliRun history = CliRun.run("--url", server.url(), "retraining", "history", ID);

        assertThat(ran.out()).contains("retraining queued: job j-9 from version 3");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern("accuracy\\s+0.62\\s+0.9\\s+vigil\\s+v3\\s+j-9\\s+promoted\\s+v4")
                .contains("deployed: accuracy 0.97");
    }
}
