package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import io.vigil.cli.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackCommandTest extends AgainstFakeVigil {
    static final String A = "019a0000-0000-7000-8000-000000000001";
    static final String B = "019a0000-0000-7000-8000-000000000002";
    static final String C = "019a0000-0000-7000-8000-000000000003";

    @TempDir
    Path dir;

    /** Answers like the server: every item accepted, but those whose label is "dos" (unknown) and ids in {@code notYet} the first time. */
    private void serverAnswers(List<String> notYet) {
        AtomicInteger calls = new AtomicInteger();
        server.on("POST", "/ml/feedback", (request, exchange) -> {
            int call = calls.getAndIncrement();
            JsonNode items = Json.MAPPER.readTree(request.body()).get("items");
            ArrayNode out = Json.MAPPER.createArrayNode();
            int accepted = 0;
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                ObjectNode o = out.addObject().put("index", i).put("predictionId", item.path("predictionId").asText());
                if ("dos".equals(item.path("actualLabel").asText())) {
                    o.put("status", "refused").put("error", "unknown-label").put("detail", "'dos' is not a class of model m version 1");
                } else if (call == 0 && notYet.contains(item.path("predictionId").asText())) {
                    o.put("status", "refused").put("error", "not-recorded-yet").put("detail", "not in the prediction log yet");
                } else {
                    o.put("status", "accepted").put("replaced", item.path("predictionId").asText().equals(B));
                    accepted++;
                }
            }
            ObjectNode answer = Json.MAPPER.createObjectNode().put("accepted", accepted).put("refused", items.size() - accepted);
            answer.set("items", out);
            FakeVigil.send(exchange, 200, "application/json", answer.toString());
        });
    }

    private List<JsonNode> sentItems() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (FakeVigil.Received r : server.received) {
            Json.MAPPER.readTree(r.body()).get("items").forEach(all::add);
        }
        return all;
    }

    @Test
    void aCsvFileIsSentAndTheRefusedItemsArePrintedWithTheirLine() throws Exception {
        serverAnswers(List.of());
        Path csv = Files.writeString(dir.resolve("labels.csv"), "predictionId,actualLabel,note\n" + A + ",attack,x\n\n"
                + B + ",normal,\"a, b\"\n" + C + ",dos,\n");

        CliRun run = CliRun.run("--url", server.url(), "feedback", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<JsonNode> sent = sentItems();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).toString()).isEqualTo("{\"predictionId\":\"" + A + "\",\"actualLabel\":\"attack\"}");
        assertThat(sent.get(1).get("actualLabel").asText()).isEqualTo("normal");
        assertThat(run.out()).containsPattern("LINE\\s+PREDICTION ID\\s+ERROR\\s+DETAIL")
                .containsPattern("5\\s+" + C + "\\s+unknown-label\\s+'dos' is not a class")
                .endsWith("2 accepted (1 replacing earlier feedback), 1 refused\n");
    }

    @Test
    void jsonLinesGoInBatchesOfTheSizeAsked() throws Exception {
        serverAnswers(List.of());
        Path jsonl = Files.writeString(dir.resolve("labels.jsonl"), "{\"predictionId\": \"" + A + "\", \"actualLabel\": \"attack\"}\n"
                + "{\"predictionId\": \"" + B + "\", \"anomaly\": true}\n{\"predictionId\": \"" + C + "\", \"actualLabel\": \"normal\"}\n");

        CliRun run = CliRun.run("--url", server.url(), "feedback", jsonl.toString(), "--batch", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.count("POST", "/ml/feedback")).isEqualTo(2);
        assertThat(sentItems().get(1).get("anomaly").asBoolean()).isTrue();
        assertThat(run.out()).isEqualTo("3 accepted (1 replacing earlier feedback), 0 refused\n");
    }

    @Test
    void itemsNotRecordedYetAreSentAgainAlone() throws Exception {
        serverAnswers(List.of(B));
        Path csv = Files.writeString(dir.resolve("labels.csv"), "predictionId,actualLabel\n" + A + ",attack\n" + B + ",attack\n");

        CliRun run = CliRun.run("--url", server.url(), "feedback", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.count("POST", "/ml/feedback")).isEqualTo(2);
        JsonNode again = Json.MAPPER.readTree(server.received.get(1).body()).get("items");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("predictionId").asText()).isEqualTo(B);
        assertThat(run.out()).contains("2 accepted");
    }

    @Test
    void aFileThatCannotBeReadIsAUsageError() throws Exception {
        Path noHeader = Files.writeString(dir.resolve("bare.csv"), A + ",attack\n");
        CliRun bare = CliRun.run("--url", server.url(), "feedback", noHeader.toString());
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("header naming predictionId and actualLabel");

        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"predictionId\": \"" + A + "\"}\n{oops\n");
        CliRun json = CliRun.run("--url", server.url(), "feedback", broken.toString());
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.err()).contains("line 2 is not JSON");
        assertThat(server.received).as("nothing sent from a file that does not read").isEmpty();

        assertThat(CliRun.run("--url", server.url(), "feedback", dir.resolve("none.csv").toString()).err()).contains("no file");
        assertThat(CliRun.run("--url", server.url(), "feedback", noHeader.toString(), "--batch", "20000").exitCode()).isEqualTo(2);
    }
}
