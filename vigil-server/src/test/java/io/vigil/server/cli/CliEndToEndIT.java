package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.VigilCli;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command-line client against the real server: a model's whole life, as the README shows it,
 * logged in as the first admin ({@code vigil login}, the session in a file of the test's own).
 */
class CliEndToEndIT {
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
        assertThat(login.out).contains("logged in to http://127.0.0.1:" + server.port() + " as admin (role admin)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void uploadTrainValidateDeployRetire() throws Exception {
        Path train = Files.write(dir.resolve("flows.csv"), GeneratedFlows.csv(2000, 1));
        Path test = Files.write(dir.resolve("holdout.csv"), GeneratedFlows.csv(600, 2));

        Run up = cli("datasets", "upload", train.toString(), "--name", "cli-flows", "--label", "label", "--json");
        assertThat(up.code).as(up.toString()).isZero();
        String trainId = id(up.out);
        String testId = id(cli("datasets", "upload", test.toString(), "--name", "cli-holdout", "--label", "label", "--json").out);
        assertThat(cli("datasets", "list", "--name", "cli-").out).contains("cli-flows", "cli-holdout");
        assertThat(cli("datasets", "stats", trainId).out).contains("dst_port", "2000");
        Run head = cli("datasets", "head", trainId, "--rows", "3", "--columns", "proto,label");
        assertThat(head.out).as(head.toString()).startsWith("proto").hasLineCount(4);
        assertThat(head.err).contains("rows 1-3 of 2000");

        Run created = cli("models", "create", "--name", "cli-gbm", "--type", "cli-intrusion", "--algorithm", "gbm",
                "--target", "label", "--param", "rounds=20", "--param", "max_depth=4", "--json");
        assertThat(created.code).as(created.toString()).isZero();
        String model = id(created.out);

        Run trained = cli("models", "train", model, "--dataset", trainId, "--split", "0.25", "--wait",
                "--tune", "max_depth=2,4", "--folds", "2", "--tune-metric", "accuracy");
        assertThat(trained.code).as(trained.toString()).isZero();
        assertThat(trained.out).contains("accuracy", "roc_auc", "tuning: grid search, 2 combinations, 2-fold accuracy")
                .containsPattern("1 \\(chosen\\)\\s+max_depth=[24]\\s+0\\.\\d+");
        assertThat(trained.err).contains("100%");

        Run gated = cli("models", "validate", model, "--dataset", testId, "--threshold", "accuracy=0.999");
        assertThat(gated.code).as(gated.toString()).isEqualTo(1);
        Run validated = cli("models", "validate", model, "--dataset", testId, "--threshold", "accuracy=0.8");
        assertThat(validated.code).as(validated.toString()).isZero();

        assertThat(cli("models", "deploy", model).code).isZero();
        assertThat(cli("models", "status", model).out).contains("deployed");
        assertThat(cli("models", "deployments", model).out).containsPattern("deploy\\s+cli-intrusion\\s+" + model + "\\s+1\\s+yes");
        Run report = cli("models", "report", model);
        assertThat(report.out).as(report.toString()).contains("held out, stratified", "confusion matrix", "feature importance (gain)",
                "tuning: grid search");
        assertThat(cli("models", "inputs", model).out).containsPattern("dst_port\\s+integer\\s+yes")
                .containsPattern("proto\\s+categorical\\s+yes").contains("ignored if present: label");

        // score the hold-out through `predict`: one record with its explanation, then the file as JSON Lines
        Run one = cli("predict", "--type", "cli-intrusion", "--explain",
                "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}");
        assertThat(one.code).as(one.toString()).isZero();
        assertThat(one.out).containsPattern("label:\\s+attack").contains("why attack");
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Object> row : GeneratedFlows.rows(600, 2)) jsonl.append(io.vigil.server.core.Json.write(row)).append('\n');
        Path events = Files.writeString(dir.resolve("holdout.jsonl"), jsonl); // labels included: ignored by the model
        Run many = cli("predict", "--type", "cli-intrusion", "--file", events.toString());
        assertThat(many.code).as(many.toString()).isZero();
        assertThat(many.out).contains("600 records, 0 failed");

        // the true labels of those predictions, as a SOC's triage gives them back: `feedback` with a CSV file
        Run scoredJson = cli("predict", "--type", "cli-intrusion", "--file", events.toString(), "--json");
        List<Map<String, Object>> truth = GeneratedFlows.rows(600, 2);
        StringBuilder labels = new StringBuilder("predictionId,actualLabel\n");
        int row = 0;
        for (String answer : scoredJson.out.strip().split("\n")) {
            for (com.fasterxml.jackson.databind.JsonNode p : io.vigil.server.core.Json.readTree(answer).get("predictions")) {
                labels.append(p.get("predictionId").asText()).append(',').append(truth.get(row++).get("label")).append('\n');
            }
        }
        labels.append("019a0000-0000-7000-8000-000000000001,attack\n"); // no such prediction: refused, named
        Run feedback = cli("feedback", Files.writeString(dir.resolve("labels.csv"), labels).toString());
        assertThat(feedback.code).as(feedback.toString()).isEqualTo(1);
        assertThat(feedback.out).containsPattern("602\\s+019a0000-0000-7000-8000-000000000001\\s+unknown-prediction")
                .endsWith("600 accepted, 1 refused\n");
        Path scored = dir.resolve("scored.csv");
        Run batch = cli("models", "batch-predict", model, "--dataset", testId, "--wait", "--output", scored.toString());
        assertThat(batch.code).as(batch.toString()).isZero();
        List<String> lines = Files.readAllLines(scored);
        assertThat(lines).hasSize(601);
        assertThat(lines.get(0)).contains("predicted_label", "confidence");
        assertThat(cli("jobs", "list", "--model", model).out).contains("succeeded");
        assertThat(cli("models", "retire", model).code).isZero();
        assertThat(cli("models", "show", model).out).contains("retired");

        Run refused = cli("models", "deploy", model);
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("error:").contains("retired");
    }

    /**
     * The job log's warnings reach the terminal at the end of {@code --wait}, as the real server
     * writes them (levels in lower case): a host address and a timestamp among the inputs.
     */
    @Test
    void trainWaitSaysTheJobsWarnings() throws Exception {
        StringBuilder csv = new StringBuilder("src_ip,seen,bytes,duration,dst_port,proto,label\n");
        int row = 0;
        for (Map<String, Object> flow : GeneratedFlows.rows(400, 3)) {
            csv.append("10.0.0.").append(1 + row % 20).append(',')
                    .append(java.time.Instant.parse("2026-11-02T00:00:00Z").plusSeconds(37L * row++)).append(',')
                    .append(flow.get("bytes")).append(',').append(flow.get("duration")).append(',').append(flow.get("dst_port"))
                    .append(',').append(flow.get("proto")).append(',').append(flow.get("label")).append('\n');
        }
        Path flows = Files.writeString(dir.resolve("hosts.csv"), csv);
        String dataset = id(cli("datasets", "upload", flows.toString(), "--name", "cli-hosts", "--label", "label", "--json").out);
        String model = id(cli("models", "create", "--name", "cli-hosts-gbm", "--type", "cli-hosts", "--algorithm", "gbm",
                "--target", "label", "--param", "rounds=5", "--json").out);

        Run trained = cli("models", "train", model, "--dataset", dataset, "--wait");

        assertThat(trained.code).as(trained.toString()).isZero();
        assertThat(trained.err).containsPattern("(?m)^warning: inputs \\[src_ip\\] are host addresses")
                .containsPattern("(?m)^warning: inputs \\[seen\\] are timestamps");
        assertThat(trained.out).doesNotContain("warning");
    }

    /**
     * Identity from the client: its session file is its user's alone; an admin makes users and keys;
     * a key in VIGIL_API_KEY acts with its role; a revoked key and a logged-out session are refused.
     */
    @Test
    void loginUsersKeysAndLogout() throws Exception {
        assertThat(java.nio.file.Files.getPosixFilePermissions(sessions))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(sessions)).doesNotContain(TestServer.ADMIN_PASSWORD);
        Run me = cli("whoami");
        assertThat(me.out).as(me.toString()).startsWith("admin (user), role admin").contains("may manage users and API keys");

        Run created = cli(Map.of("VIGIL_NEW_PASSWORD", "cli-analyst-password"), "users", "create", "cli-analyst", "--role", "analyst");
        assertThat(created.code).as(created.toString()).isZero();
        assertThat(created.out).contains("user cli-analyst: role analyst");
        assertThat(cli("users", "list").out).containsPattern("cli-analyst\s+analyst\s+enabled");
        assertThat(cli("users", "role", "cli-analyst", "data_scientist").out).contains("role data_scientist");

        Run key = cli("keys", "create", "--name", "cli-sensor", "--role", "service", "--expires", "30d");
        assertThat(key.code).as(key.toString()).isZero();
        String secret = key.out.strip();
        assertThat(secret).startsWith("vgl_").hasSize(47);
        assertThat(key.err).contains("shown once");
        assertThat(cli("keys", "list").out).contains(secret.substring(0, 12)).contains("cli-sensor").doesNotContain(secret);

        Map<String, String> asKey = Map.of("VIGIL_API_KEY", secret, "VIGIL_SESSION_FILE", dir.resolve("none.json").toString());
        assertThat(cli(asKey, "whoami").out).startsWith("key:" + secret.substring(0, 12) + " (api key), role service");
        Run refused = cli(asKey, "datasets", "list");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("error: this route needs the right to read and change datasets");

        assertThat(cli("keys", "revoke", secret.substring(0, 12)).code).isZero();
        Run revoked = cli(asKey, "whoami");
        assertThat(revoked.code).isEqualTo(1);
        assertThat(revoked.err).contains("the API key is not valid").contains("hint: log in with ./vigil login");

        Path other = dir.resolve("other-sessions.json");
        Map<String, String> analyst = Map.of("VIGIL_SESSION_FILE", other.toString(), "VIGIL_USER", "cli-analyst",
                "VIGIL_PASSWORD", "cli-analyst-password");
        assertThat(cli(analyst, "login").code).isZero();
        assertThat(cli(analyst, "whoami").out).startsWith("cli-analyst (user), role data_scientist");
        assertThat(cli(analyst, "logout").out).contains("logged out of");
        Run after = cli(analyst, "whoami");
        assertThat(after.code).isEqualTo(1);
        assertThat(after.err).contains("this route needs identity");
        assertThat(cli("users", "disable", "cli-analyst").out).contains("disabled");

        // each of those changes is in the audit log, under who made it
        Run audit = cli("audit", "--since", "1h", "--size", "500");
        assertThat(audit.code).as(audit.toString()).isZero();
        assertThat(audit.out).containsPattern("admin\\s+admin\\s+POST /auth/keys\\s+created=/auth/keys/\\S+\\s+201")
                .containsPattern("cli-analyst\\s+data_scientist\\s+POST /auth/logout\\s+-\\s+204")
                .contains("DELETE /auth/keys/{id}").doesNotContain(secret).doesNotContain("cli-analyst-password");
        assertThat(cli(asKey, "audit").code).as("a revoked key reads nothing").isEqualTo(1);
    }

    /**
     * Alerts from the client: a threat rule made with {@code alerts rules create} raises an alert as
     * soon as the model predicts an attack; it is listed, shown, acknowledged and resolved; the
     * model's health is a table of its checks; the rule is deleted by name.
     */
    @Test
    void alertsAndHealth() throws Exception {
        String model = io.vigil.server.monitoring.LiveFixture.deployed(new io.vigil.server.serving.ServingFixture(server.http()),
                "cli-watched", "cli-watched");
        Run rule = cli("alerts", "rules", "create", "--name", "cli-threats", "--kind", "threat_prediction", "--model", "cli-watched",
                "--threshold", "0.5", "--cooldown", "0");
        assertThat(rule.code).as(rule.toString()).isZero();
        assertThat(rule.out).contains("created alert rule cli-threats (threat_prediction, threshold 0.5, window 15m, critical,"
                + " model cli-watched)");
        assertThat(cli("alerts", "rules", "list").out).containsPattern("cli-threats\\s+threat_prediction\\s+cli-watched\\s+0.5\\s+15m"
                + "\\s+critical\\s+0\\s+yes\\s+api");

        String attack = "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(cli("predict", "--type", "cli-watched", attack).out).containsPattern("label:\\s+attack");
        }
        Run listed = null;
        for (java.time.Instant deadline = java.time.Instant.now().plusSeconds(20); java.time.Instant.now().isBefore(deadline); Thread.sleep(200)) {
            listed = cli("alerts", "list", "--state", "open", "--model", "cli-watched", "--rule", "cli-threats");
            if (listed.out.contains(" 3 ")) {
                break;
            }
        }
        assertThat(listed.out).as(listed.toString()).containsPattern("firing\\s+critical\\s+cli-watched\\s+cli-threats\\s+3\\s+3 predictions"
                + " of an attack class \\(attack: 3\\)").endsWith("page 1/1, 1 alert\n");
        String alert = listed.out.strip().split("\n")[1].replaceAll(".*\\s(\\S+)$", "$1");

        Run shown = cli("alerts", "show", alert);
        assertThat(shown.out).as(shown.toString()).containsPattern("rule:\\s+cli-threats \\(threat_prediction\\)")
                .containsPattern("severity:\\s+critical \\(security\\)").containsPattern("model:\\s+cli-watched version 1")
                .containsPattern("occurrences:\\s+3").containsPattern("classes:\\s+\\{\"attack\":3\\}");
        assertThat(cli("alerts", "ack", alert).out).isEqualTo("acknowledged alert " + alert + " (cli-threats, 3 occurrences so far)\n");
        Run again = cli("alerts", "ack", alert);
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("was already acknowledged by admin");
        assertThat(cli("alerts", "resolve", alert).out).isEqualTo("resolved alert " + alert + " (cli-threats)\n");
        assertThat(cli("alerts", "list", "--state", "resolved", "--json").out).contains("\"resolvedBy\":\"admin\"");

        Run health = cli("health", "cli-watched");
        assertThat(health.out).as(health.toString()).containsPattern("model cli-watched version 1: (healthy|degraded|failing)")
                .containsPattern("CHECK\\s+STATUS\\s+OBSERVED\\s+DEGRADED AT\\s+FAILING AT\\s+WHY")
                .containsPattern("loaded\\s+info\\s+true").containsPattern("live_accuracy\\s+unknown\\s+-\\s+-\\s+-\\s+no feedback yet");
        assertThat(health.code).isEqualTo(health.out.contains(": healthy") ? 0 : 1);

        assertThat(cli("alerts", "rules", "delete", "cli-threats").out).isEqualTo("deleted alert rule cli-threats\n");
        assertThat(cli("alerts", "rules", "list").out).doesNotContain("cli-threats");
        Run unknown = cli("alerts", "rules", "delete", "cli-threats");
        assertThat(unknown.err).isEqualTo("error: no alert rule named 'cli-threats'\n");
        assertThat(cli("alerts", "list", "--since", "yesterday").code).isEqualTo(2);
        assertThat(model).isNotBlank();
    }

    /**
     * Detections from outside to a report: {@code events ingest} stores a sensor's file, grouped into
     * one incident by its source host; the list filters by entity and rule; the incident is
     * acknowledged with a note, annotated, and its report printed as Markdown and saved as HTML.
     */
    @Test
    void ingestedEventsBecomeAnIncidentThatIsTriagedAndReported() throws Exception {
        java.time.Instant t0 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3600);
        StringBuilder file = new StringBuilder("{\"events\": [");
        for (int i = 0; i < 3; i++) {
            file.append(i == 0 ? "" : ",").append("{\"title\": \"ET SCAN Nmap ").append(i).append("\", \"score\": 0.").append(7 + i)
                    .append(", \"occurredAt\": \"").append(t0.plusSeconds(300L * i)).append("\", \"sourceHost\": \"198.51.100.23\",")
                    .append(" \"source\": \"suricata\", \"rulesFired\": [\"2000545\"]}");
        }
        Path detections = Files.writeString(dir.resolve("detections.json"), file.append("]}"));

        Run ingested = cli("events", "ingest", "--file", detections.toString());
        assertThat(ingested.code).as(ingested.toString()).isZero();
        assertThat(ingested.out).startsWith("stored 3 events, in 1 incident\n");
        Run listed = cli("events", "list", "--entity", "198.51.100.23", "--rule", "2000545", "--kind", "external");
        assertThat(listed.out).as(listed.toString()).containsPattern("external\\s+critical\\s+-\\s+0.9\\s+-\\s+198.51.100.23\\s+ET SCAN Nmap 2")
                .endsWith("page 1/1, 3 events\n");
        assertThat(cli("events", "counts", "--entity", "198.51.100.23").out).containsPattern("kind\\s+external\\s+3");

        Run incidents = cli("incidents", "list", "--entity", "198.51.100.23");
        assertThat(incidents.out).as(incidents.toString()).containsPattern("open\\s+critical\\s+198.51.100.23 \\(source_host\\)\\s+3\\s+0.9")
                .endsWith("page 1/1, 1 incident\n");
        String incident = incidents.out.strip().split("\n")[1].replaceAll(".*\\s(\\S+)$", "$1");
        Run ack = cli("incidents", "ack", incident, "--note", "looking into it");
        assertThat(ack.out).as(ack.toString()).startsWith("acknowledged incident " + incident);
        assertThat(cli("incidents", "note", incident, "our scanner? ticket 42").out).isEqualTo("noted on incident " + incident + " by admin\n");
        assertThat(cli("incidents", "assign", incident, "admin").out).isEqualTo("assigned incident " + incident + " to admin\n");
        Run shown = cli("incidents", "show", incident);
        assertThat(shown.out).as(shown.toString()).containsPattern("status:\\s+acknowledged").containsPattern("assignee:\\s+admin")
                .containsPattern("admin\\s+status open → acknowledged\\s+looking into it")
                .containsPattern("admin\\s+note\\s+our scanner\\? ticket 42").contains("events (the latest 3):");

        Run report = cli("incidents", "report", incident);
        assertThat(report.code).as(report.toString()).isZero();
        assertThat(report.out).startsWith("# Incident report").contains("Rules that fired: `2000545` (3)").contains("looking into it");
        Path html = dir.resolve("incident.html");
        assertThat(cli("incidents", "report", incident, "--format", "html", "--output", html.toString()).code).isZero();
        assertThat(Files.readString(html)).startsWith("<!doctype html>").contains("Rules and divergence").contains("ticket 42");
        Run resolved = cli("incidents", "resolve", incident, "--note", "blocked at the firewall");
        assertThat(resolved.out).startsWith("resolved incident " + incident);
        assertThat(cli("incidents", "list", "--entity", "198.51.100.23", "--status", "resolved").out).contains(incident);
    }

    /** Names work wherever ids do; a dataset name two datasets share is refused with both ids. */
    @Test
    void modelsAndDatasetsAreTakenByName() throws Exception {
        Path flows = Files.write(dir.resolve("named.csv"), GeneratedFlows.csv(600, 4));
        Path other = Files.write(dir.resolve("other.csv"), GeneratedFlows.csv(300, 5));
        assertThat(cli("datasets", "upload", flows.toString(), "--name", "cli-named", "--label", "label").code).isZero();
        String first = id(cli("datasets", "upload", other.toString(), "--name", "cli-twice", "--label", "label", "--json").out);
        String second = id(cli("datasets", "upload", other.toString(), "--name", "cli-twice", "--label", "label", "--json").out);
        assertThat(cli("models", "create", "--name", "cli-named-gbm", "--type", "cli-named", "--algorithm", "gbm",
                "--target", "label", "--param", "rounds=5").code).isZero();

        Run trained = cli("models", "train", "cli-named-gbm", "--dataset", "cli-named", "--wait");
        assertThat(trained.code).as(trained.toString()).isZero();
        Run shown = cli("models", "show", "cli-named-gbm");
        assertThat(shown.out).as(shown.toString()).containsPattern("name:\\s+cli-named-gbm").containsPattern("latest version:\\s+1");
        assertThat(cli("datasets", "head", "cli-named", "--rows", "2").code).isZero();

        Run ambiguous = cli("models", "validate", "cli-named-gbm", "--dataset", "cli-twice");
        assertThat(ambiguous.code).as(ambiguous.toString()).isEqualTo(2);
        assertThat(ambiguous.err).contains("2 datasets are named 'cli-twice'; give one by its id:", first, second);
        Run byId = cli("models", "validate", "cli-named-gbm", "--dataset", first, "--threshold", "accuracy=0.5");
        assertThat(byId.code).as(byId.toString()).isZero();

        Run unknown = cli("models", "show", "cli-nameless");
        assertThat(unknown.code).isEqualTo(1);
        assertThat(unknown.err).isEqualTo("error: no model named 'cli-nameless'\n");
    }

    private static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    /** The client with the test's session file and the admin's password (for {@code login}), and {@code env} on top. */
    private static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> all = new java.util.HashMap<>(Map.of("VIGIL_URL", "http://127.0.0.1:" + server.port(),
                "VIGIL_SESSION_FILE", sessions.toString(), "VIGIL_PASSWORD", TestServer.ADMIN_PASSWORD));
        all.putAll(env);
        CommandLine cli = new CommandLine(new VigilCli(all));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String id(String json) {
        return json.replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
