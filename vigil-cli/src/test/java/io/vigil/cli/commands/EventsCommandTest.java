package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import io.vigil.cli.http.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest extends AgainstFakeVigil {
    static final String ID = "019a0000-0000-7000-8000-0000000000f1";
    static final String INCIDENT = "019a0000-0000-7000-8000-0000000000c1";
    /** A verdict's event as the server writes it (VerdictEventsIT's shape): the rules fired where the model said benign. */
    static final String VERDICT = "{\"id\":\"" + ID + "\",\"kind\":\"rule\",\"severity\":\"critical\",\"title\":\"flows: ssh-burst\","
            + "\"sourceHost\":\"192.0.2.10\",\"destinationHost\":\"10.0.0.1\",\"score\":0.95,\"method\":\"model\","
            + "\"modelId\":\"019a0000-0000-7000-8000-0000000000a1\",\"version\":2,\"startedAt\":\"2026-12-05T10:02:00Z\","
            + "\"lastSeenAt\":\"2026-12-05T10:02:00Z\",\"endedAt\":\"2026-12-05T10:02:00Z\",\"points\":1,\"details\":{},"
            + "\"createdAt\":\"2026-12-05T10:02:01Z\",\"modelType\":\"flows\",\"verdict\":{\"predictionId\":\"p-1\",\"label\":\"normal\","
            + "\"confidence\":0.88,\"mlScore\":0.12,\"ruleScore\":0.95,\"threshold\":0.5,\"divergence\":\"rules_only\","
            + "\"rulesFired\":[\"ssh-burst\",\"short-flow\"],\"topFeatures\":[{\"feature\":\"dst_port\",\"value\":22,\"contribution\":0.8123},"
            + "{\"feature\":\"bytes\",\"value\":40,\"contribution\":-0.05}],\"normalClass\":\"normal\"},"
            + "\"input\":{\"bytes\":40,\"dst_port\":22,\"proto\":\"tcp\",\"src_ip\":\"192.0.2.10\"},\"incident\":\"" + INCIDENT + "\"}";

    @TempDir
    Path dir;

    @Test
    void theListPassesEveryFilterAndShowsKindModelTypeDivergenceAndEntity() {
        server.on("GET", "/ml/events", 200, "{\"items\":[" + VERDICT + "],\"page\":1,\"size\":50,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "events", "list", "--kind", "rule", "--model-type", "flows", "--divergent",
                "--rule", "ssh-burst", "--entity", "192.0.2.10", "--incident", INCIDENT, "--severity", "critical", "--size", "20");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(URLDecoder.decode(server.last("GET", "/ml/events").query(), StandardCharsets.UTF_8))
                .isEqualTo("severity=critical&kind=rule&modelType=flows&divergent=true&rule=ssh-burst&entity=192.0.2.10&incident="
                        + INCIDENT + "&size=20");
        assertThat(run.out()).containsPattern("STARTED\\s+KIND\\s+SEVERITY\\s+MODEL TYPE\\s+SCORE\\s+DIVERGENCE\\s+ENTITY\\s+TITLE\\s+ID")
                .containsPattern("2026-12-05 10:02:00Z\\s+rule\\s+critical\\s+flows\\s+0.95\\s+rules_only\\s+192.0.2.10\\s+flows: ssh-burst\\s+"
                        + ID).endsWith("page 1/1, 1 event\n");
    }

    @Test
    void showGivesTheVerdictsScoresRulesDivergenceFeaturesInputAndIncident() {
        server.on("GET", "/ml/events/" + ID, 200, VERDICT);

        CliRun run = CliRun.run("--url", server.url(), "events", "show", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("incident:\\s+" + INCIDENT).containsPattern("model type:\\s+flows")
                .containsPattern("score:\\s+0.95 \\(threshold 0.5, the higher of ML and rules\\)")
                .containsPattern("ML score:\\s+0.12\n").containsPattern("rules score:\\s+0.95\n")
                .containsPattern("label:\\s+normal \\(confidence 0.88\\)")
                .containsPattern("rules fired:\\s+ssh-burst, short-flow")
                .containsPattern("divergence:\\s+rules_only: the rules said attack, the model benign")
                .containsPattern("TOP FEATURE\\s+VALUE\\s+CONTRIBUTION").containsPattern("dst_port\\s+22\\s+\\+0.8123")
                .containsPattern("bytes\\s+40\\s+-0.05")
                .containsPattern("input:\n\\s+bytes:\\s+40\n\\s+dst_port:\\s+22\n").containsPattern("proto:\\s+tcp")
                .doesNotContain("points:").doesNotContain("DRIVER");
    }

    @Test
    void countsAreOneTableByKindSeverityModelTypeAndDivergence() {
        server.on("GET", "/ml/events/counts", 200, "{\"kind\":{\"prediction\":7,\"rule\":2},\"severity\":{\"critical\":9},"
                + "\"modelType\":{\"flows\":8,\"\":1},\"divergence\":{\"\":6,\"rules_only\":3}}");

        CliRun run = CliRun.run("--url", server.url(), "events", "counts", "--since", "2026-12-05T00:00:00Z");

        assertThat(URLDecoder.decode(server.last("GET", "/ml/events/counts").query(), StandardCharsets.UTF_8)).isEqualTo("since=2026-12-05T00:00:00Z");
        assertThat(run.out()).as(run.toString()).containsPattern("BY\\s+VALUE\\s+EVENTS").containsPattern("kind\\s+prediction\\s+7")
                .containsPattern("model type\\s+\\(none\\)\\s+1").containsPattern("divergence\\s+\\(none\\)\\s+6")
                .containsPattern("divergence\\s+rules_only\\s+3");
    }

    @Test
    void ingestSendsAnArrayOrAnEventsObjectOrStdinInRequestsOfAThousand() throws Exception {
        storeEverything();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1500; i++) {
            many.append(i == 0 ? "" : ",").append("{\"title\":\"scan ").append(i).append("\",\"score\":0.7,\"sourceHost\":\"")
                    .append(i < 1000 ? "203.0.113.5" : "203.0.113.6").append("\"}");
        }
        Path array = Files.writeString(dir.resolve("many.json"), many.append("]"));

        CliRun run = CliRun.run("--url", server.url(), "events", "ingest", "--file", array.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Integer> sizes = server.received.stream().map(r -> Json.parse(r.bodyText()).get("events").size()).toList();
        assertThat(sizes).containsExactly(1000, 500);
        assertThat(run.out()).startsWith("stored 1500 events, in 2 incidents\n").containsPattern("inc-203.0.113.5\\s+1000")
                .containsPattern("inc-203.0.113.6\\s+500");

        Path wrapped = Files.writeString(dir.resolve("wrapped.json"), "{\"events\": [{\"title\": \"beacon\", \"score\": 0.8}]}");
        CliRun one = CliRun.run("--url", server.url(), "events", "ingest", "--file", wrapped.toString());
        assertThat(one.out()).as(one.toString()).isEqualTo("stored 1 event, in 0 incidents\nINCIDENT                 EVENTS\n"
                + "(no entity to group by)       1\n");
        assertThat(server.last("POST", "/ml/events").bodyText()).isEqualTo("{\"events\":[{\"title\":\"beacon\",\"score\":0.8}]}");

        Path notEvents = Files.writeString(dir.resolve("bad.json"), "[1, 2]");
        CliRun bad = CliRun.run("--url", server.url(), "events", "ingest", "--file", notEvents.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("event 1 is not a JSON object");
        assertThat(CliRun.run("--url", server.url(), "events", "ingest", "--file", dir.resolve("none.json").toString()).err())
                .isEqualTo("error: no file " + dir.resolve("none.json") + "\n");
        assertThat(server.count("POST", "/ml/events")).isEqualTo(3);
    }

    @Test
    void aRefusedBatchNamesTheEventsAndWhatWasStoredBefore() throws Exception {
        server.on("POST", "/ml/events", (request, exchange) -> {
            JsonNode events = Json.MAPPER.readTree(request.body()).get("events");
            if (events.size() == 1000) {
                FakeVigil.send(exchange, 201, "application/json", "{\"stored\":1000,\"events\":[]}");
            } else {
                FakeVigil.send(exchange, 400, "application/problem+json", "{\"status\":400,\"detail\":\"invalid request\","
                        + "\"errors\":[{\"field\":\"events[3].score\",\"message\":\"is required: the detection's threat, 0 to 1\"}]}");
            }
        });
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1010; i++) many.append("{\"title\":\"x\",\"score\":0.5}\n"); // JSON Lines
        Path lines = Files.writeString(dir.resolve("lines.jsonl"), many);

        CliRun run = CliRun.run("--url", server.url(), "events", "ingest", "--file", lines.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("note: the first 1000 events were stored; events 1001 to 1010 were refused")
                .contains("events[3].score: is required");
    }

    @Test
    void searchSaysWhichFiltersItReadFromTheWords() {
        server.on("GET", "/ml/events/search", 200, "{\"query\":\"divergent ssh flows yesterday\",\"embeddedText\":\"ssh\","
                + "\"readFilters\":[{\"filter\":\"divergent\",\"words\":\"divergent\",\"value\":\"true\",\"applied\":true},"
                + "{\"filter\":\"time\",\"words\":\"yesterday\",\"value\":\"2026-12-04T00:00:00Z/2026-12-05T00:00:00Z\",\"applied\":true},"
                + "{\"filter\":\"modelType\",\"words\":\"flows\",\"value\":\"flows\",\"applied\":false}],"
                + "\"filters\":{},\"hits\":[{\"similarity\":0.8123,\"event\":"
                + VERDICT + "}],\"pendingEmbeddings\":2}");

        CliRun run = CliRun.run("--url", server.url(), "events", "search", "divergent ssh flows yesterday", "--k", "5", "--model-type", "flows");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(URLDecoder.decode(server.last("GET", "/ml/events/search").query(), StandardCharsets.UTF_8))
                .isEqualTo("q=divergent ssh flows yesterday&k=5&modelType=flows");
        assertThat(run.out()).startsWith("filters read from the words: \"divergent\" → divergent=true, \"yesterday\" → time="
                        + "2026-12-04T00:00:00Z/2026-12-05T00:00:00Z, \"flows\" → modelType=flows (not applied: your own filter kept)\n"
                        + "searched for: ssh\n")
                .containsPattern("SIMILARITY\\s+TIME\\s+SEVERITY\\s+TITLE\\s+ID")
                .containsPattern("0.8123\\s+2026-12-05 10:02:00Z\\s+critical\\s+flows: ssh-burst\\s+" + ID);
        assertThat(run.err()).isEqualTo("note: 2 recent events are not embedded yet, so not searched\n");
    }

    @Test
    void similarPostsTheEventAndK() {
        server.on("POST", "/ml/events/similar", 200, "{\"modelType\":\"flows\",\"hits\":[{\"similarity\":0.99,\"event\":" + VERDICT + "}]}");

        CliRun run = CliRun.run("--url", server.url(), "events", "similar", ID, "--k", "3");

        assertThat(server.last("POST", "/ml/events/similar").bodyText()).isEqualTo("{\"eventId\":\"" + ID + "\",\"k\":3}");
        assertThat(run.out()).as(run.toString()).startsWith("events like " + ID + " (model type flows):\n")
                .containsPattern("0.99\\s+2026-12-05 10:02:00Z\\s+critical\\s+flows: ssh-burst");
        server.on("POST", "/ml/events/similar", 200, "{\"modelType\":\"flows\",\"hits\":[]}");
        assertThat(CliRun.run("--url", server.url(), "events", "similar", ID).out()).endsWith("no similar events\n");
        assertThat(server.last("POST", "/ml/events/similar").bodyText()).isEqualTo("{\"eventId\":\"" + ID + "\"}");
    }

    /** Stores each batch like the server: every event grouped by its source host ("inc-" + host), none without one. */
    private void storeEverything() {
        server.on("POST", "/ml/events", (request, exchange) -> {
            JsonNode events = Json.MAPPER.readTree(request.body()).get("events");
            StringBuilder stored = new StringBuilder();
            for (JsonNode e : events) {
                stored.append(stored.isEmpty() ? "" : ",").append("{\"title\":").append(e.get("title")).append(e.has("sourceHost")
                        ? ",\"incident\":\"inc-" + e.get("sourceHost").asText() + "\"" : "").append('}');
            }
            FakeVigil.send(exchange, 201, "application/json", "{\"stored\":" + events.size() + ",\"events\":[" + stored + "]}");
        });
    }
}
