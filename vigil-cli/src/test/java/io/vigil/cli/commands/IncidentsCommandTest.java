package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsCommandTest extends AgainstFakeVigil {
    static final String ID = EventsCommandTest.INCIDENT;
    static final String INCIDENT = "{\"id\":\"" + ID + "\",\"title\":\"flows verdicts from 192.0.2.10\",\"status\":\"open\","
            + "\"severity\":\"critical\",\"entityKind\":\"source_host\",\"entity\":\"192.0.2.10\",\"firstSeenAt\":\"2026-12-05T10:00:00Z\","
            + "\"lastSeenAt\":\"2026-12-05T10:02:00Z\",\"eventCount\":2,\"maxScore\":0.95,\"modelTypes\":[\"flows\"],"
            + "\"createdAt\":\"2026-12-05T10:00:01Z\",\"updatedAt\":\"2026-12-05T10:02:01Z\"}";
    static final String CREATED = "{\"at\":\"2026-12-05T10:00:01Z\",\"actor\":\"vigil\",\"action\":\"created\",\"to\":\"open\"}";

    @TempDir
    Path dir;

    @Test
    void theListPassesItsFilters() {
        server.on("GET", "/ml/incidents", 200, "{\"items\":[" + INCIDENT + "],\"page\":1,\"size\":50,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "incidents", "list", "--status", "open", "--severity", "critical", "--entity",
                "192.0.2.10", "--assignee", "dana", "--model-type", "flows", "--until", "2026-12-06T00:00:00Z");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(URLDecoder.decode(server.last("GET", "/ml/incidents").query(), StandardCharsets.UTF_8))
                .isEqualTo("status=open&severity=critical&entity=192.0.2.10&assignee=dana&modelType=flows&until=2026-12-06T00:00:00Z");
        assertThat(run.out()).containsPattern("LAST SEEN\\s+STATUS\\s+SEVERITY\\s+ENTITY\\s+EVENTS\\s+MAX SCORE\\s+ASSIGNEE\\s+TITLE\\s+ID")
                .containsPattern("2026-12-05 10:02:00Z\\s+open\\s+critical\\s+192.0.2.10 \\(source_host\\)\\s+2\\s+0.95\\s+-\\s+"
                        + "flows verdicts from 192.0.2.10\\s+" + ID).endsWith("page 1/1, 1 incident\n");
    }

    @Test
    void showGivesTheSummaryEventsAndActivity() {
        server.on("GET", "/ml/incidents/" + ID, 200, "{\"incident\":" + INCIDENT + ",\"activity\":[" + CREATED + ","
                + "{\"at\":\"2026-12-05T10:05:00Z\",\"actor\":\"dana\",\"action\":\"note\",\"note\":\"ticket 42\"}],\"events\":["
                + EventsCommandTest.VERDICT + "]}");

        CliRun run = CliRun.run("--url", server.url(), "incidents", "show", ID);

        assertThat(run.out()).as(run.toString()).containsPattern("status:\\s+open\n").containsPattern("entity:\\s+192.0.2.10 \\(source_host\\)")
                .containsPattern("assignee:\\s+\\(nobody\\)").containsPattern("model types:\\s+flows")
                .contains("events (the latest 1):").containsPattern("rule\\s+critical\\s+flows\\s+0.95\\s+rules_only")
                .contains("activity:").containsPattern("2026-12-05 10:05:00Z\\s+dana\\s+note\\s+ticket 42")
                .containsPattern("vigil\\s+created");
    }

    @Test
    void triageSendsTheStatusWithItsNoteAndAFalsePositiveSaysWhatWasLabelled() {
        String acknowledged = INCIDENT.replace("\"status\":\"open\"", "\"status\":\"acknowledged\"");
        server.on("PATCH", "/ml/incidents/" + ID, 200, "{\"incident\":" + acknowledged + ",\"activity\":[],\"events\":[]}");

        CliRun ack = CliRun.run("--url", server.url(), "incidents", "ack", ID, "--note", "looking");

        assertThat(ack.out()).as(ack.toString()).isEqualTo("acknowledged incident " + ID + " (flows verdicts from 192.0.2.10)\n");
        assertThat(server.last("PATCH", "/ml/incidents/" + ID).bodyText()).isEqualTo("{\"status\":\"acknowledged\",\"note\":\"looking\"}");
        server.on("PATCH", "/ml/incidents/" + ID, 200, "{\"incident\":" + INCIDENT.replace("\"status\":\"open\"",
                "\"status\":\"false_positive\",\"closedAt\":\"2026-12-05T11:00:00Z\"") + ",\"activity\":[],\"events\":[],\"labelled\":2}");
        CliRun fp = CliRun.run("--url", server.url(), "incidents", "false-positive", ID);
        assertThat(server.last("PATCH", "/ml/incidents/" + ID).bodyText()).isEqualTo("{\"status\":\"false_positive\"}");
        assertThat(fp.out()).isEqualTo("marked as a false positive incident " + ID + " (flows verdicts from 192.0.2.10)\n"
                + "2 verdicts labelled benign, as feedback to monitoring and retraining\n");
        assertThat(CliRun.run("--url", server.url(), "incidents", "resolve", ID, "--note", "blocked").exitCode()).isZero();
        assertThat(server.last("PATCH", "/ml/incidents/" + ID).bodyText()).isEqualTo("{\"status\":\"resolved\",\"note\":\"blocked\"}");
    }

    @Test
    void assignTakesAUserOrEmptyToUnassign() {
        server.on("PATCH", "/ml/incidents/" + ID, 200, "{\"incident\":" + INCIDENT.replace("\"maxScore\"", "\"assignee\":\"dana\",\"maxScore\"")
                + ",\"activity\":[]}");
        assertThat(CliRun.run("--url", server.url(), "incidents", "assign", ID, "dana").out()).isEqualTo("assigned incident " + ID + " to dana\n");
        assertThat(server.last("PATCH", "/ml/incidents/" + ID).bodyText()).isEqualTo("{\"assignee\":\"dana\"}");

        server.on("PATCH", "/ml/incidents/" + ID, 200, "{\"incident\":" + INCIDENT + ",\"activity\":[]}");
        assertThat(CliRun.run("--url", server.url(), "incidents", "assign", ID, "").out()).isEqualTo("unassigned incident " + ID + "\n");
        assertThat(server.last("PATCH", "/ml/incidents/" + ID).bodyText()).isEqualTo("{\"assignee\":\"\"}");
    }

    @Test
    void noteIsPostedAndARefusalIsTheServersWords() {
        server.on("POST", "/ml/incidents/" + ID + "/notes", 201, "{\"at\":\"2026-12-05T10:05:00Z\",\"actor\":\"dana\",\"action\":\"note\","
                + "\"note\":\"ticket 42\"}");
        CliRun run = CliRun.run("--url", server.url(), "incidents", "note", ID, "ticket 42");
        assertThat(run.out()).as(run.toString()).isEqualTo("noted on incident " + ID + " by dana\n");
        assertThat(server.last("POST", "/ml/incidents/" + ID + "/notes").bodyText()).isEqualTo("{\"text\":\"ticket 42\"}");

        server.problem("POST", "/ml/incidents/" + ID + "/notes", 403, "this route needs the right to triage incidents", null);
        CliRun refused = CliRun.run("--url", server.url(), "incidents", "note", ID, "x");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: this route needs the right to triage incidents\n");
    }

    @Test
    void reportIsMarkdownByDefaultAndSavedWholeToAFile() throws Exception {
        server.on("GET", "/ml/incidents/" + ID + "/report", (request, exchange) -> {
            String format = request.query().replace("format=", "");
            FakeVigil.send(exchange, 200, format.equals("html") ? "text/html" : format.equals("json") ? "application/json" : "text/markdown",
                    format.equals("html") ? "<h1>Incident report</h1>" : format.equals("json") ? "{\"eventsRead\":2}" : "# Incident report\n");
        });

        CliRun md = CliRun.run("--url", server.url(), "incidents", "report", ID);
        assertThat(md.out()).as(md.toString()).isEqualTo("# Incident report\n");
        assertThat(server.last("GET", "/ml/incidents/" + ID + "/report").query()).isEqualTo("format=markdown");

        Path html = dir.resolve("report.html");
        CliRun saved = CliRun.run("--url", server.url(), "incidents", "report", ID, "--format", "html", "--output", html.toString());
        assertThat(saved.out()).isEqualTo("saved the html report of incident " + ID + " to " + html + "\n");
        assertThat(Files.readString(html)).isEqualTo("<h1>Incident report</h1>");
        assertThat(CliRun.run("--url", server.url(), "incidents", "report", ID, "--json").out()).isEqualTo("{\"eventsRead\":2}\n");
        CliRun bad = CliRun.run("--url", server.url(), "incidents", "report", ID, "--format", "pdf");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: --format: markdown, html or json\n");
        assertThat(dir.toFile().list()).containsExactly("report.html"); // no partial file left behind
    }
}
