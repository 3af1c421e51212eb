package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.FakeVigil;
import io.vigil.cli.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsCommandTest extends AgainstFakeVigil {
    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String D1 = "11111111-1111-4111-8111-111111111111";
    static final String D2 = "22222222-2222-4222-8222-222222222222";
    static final String D3 = "33333333-3333-4333-8333-333333333333";
    static final String DATASET = """
            {"id":"%s","name":"flows","description":"lab capture","format":"csv","labelColumn":"label",
             "fileName":"flows.csv","contentType":"text/csv","sizeBytes":1536,"sha256":"ab12",
             "rows":3,"columns":3,"schema":[{"name":"bytes","type":"INTEGER"},{"name":"proto","type":"CATEGORICAL"},
             {"name":"label","type":"CATEGORICAL"}],"parsing":{"format":"csv"},"createdAt":"2026-11-23T19:47:28.123456Z"}
            """.formatted(ID).replace("\n", "");

    @TempDir
    Path dir;

    @Test
    void uploadSendsTheFileAndFieldsAsMultipartAndPrintsTheDataset() throws Exception {
        server.on("POST", "/ml/datasets/upload", 201, DATASET);
        Path file = dir.resolve("flows.csv");
        byte[] content = "bytes,proto,label\n10,tcp,normal\n20,udp,attack\n\u00e9,x,y\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);

        CliRun run = CliRun.run("datasets", "upload", file.toString(), "--url", server.url(), "--name", "flows",
                "--description", "lab capture", "--label", "label", "--format", "csv", "--columns", "a,b,c", "--delimiter", ",",
                "--encoding", "windows-1252", "--decimal", ",");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        FakeVigil.Received request = server.last("POST", "/ml/datasets/upload");
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(request.header("Content-Length")).isEqualTo(String.valueOf(request.body().length));
        Map<String, Multipart.Part> parts = Multipart.parse(request);
        assertThat(parts.keySet()).containsExactly("name", "description", "labelColumn", "format", "columns", "delimiter", "encoding",
                "decimal", "file");
        assertThat(parts.get("name").text()).isEqualTo("flows");
        assertThat(parts.get("description").text()).isEqualTo("lab capture");
        assertThat(parts.get("labelColumn").text()).isEqualTo("label");
        assertThat(parts.get("format").text()).isEqualTo("csv");
        assertThat(parts.get("columns").text()).isEqualTo("a,b,c");
        assertThat(parts.get("delimiter").text()).isEqualTo(",");
        assertThat(parts.get("encoding").text()).isEqualTo("windows-1252");
        assertThat(parts.get("decimal").text()).isEqualTo(",");
        assertThat(parts.get("file").fileName()).isEqualTo("flows.csv");
        assertThat(parts.get("file").bytes()).isEqualTo(content);

        assertThat(run.out()).contains("id:", ID).contains("rows:", "3").contains("size:", "1.5 KiB")
                .contains("created:", "2026-11-23 19:47:28Z").containsPattern("proto\\s+CATEGORICAL");
        assertThat(run.err()).contains("uploaded flows.csv as dataset " + ID);
    }

    @Test
    void uploadLeavesOutFieldsNotGivenAndStreamsABigFileUnchanged() throws Exception {
        server.on("POST", "/ml/datasets/upload", 201, DATASET);
        Path file = dir.resolve("big.csv");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(content);
        Files.write(file, content);

        CliRun run = CliRun.run("--url", server.url(), "--json", "datasets", "upload", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, Multipart.Part> parts = Multipart.parse(server.last("POST", "/ml/datasets/upload"));
        assertThat(parts.keySet()).containsExactly("file");
        assertThat(parts.get("file").bytes()).isEqualTo(content);
        assertThat(run.out().strip()).isEqualTo(DATASET);
    }

    @Test
    void uploadOfAMissingFileIsAUsageErrorAndSendsNothing() {
        CliRun run = CliRun.run("--url", server.url(), "datasets", "upload", dir.resolve("nope.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: no such file: ").contains("nope.csv");
        assertThat(server.received).isEmpty();
    }

    @Test
    void uploadRefusedByTheServerPrintsItsDetailAndFieldErrors() throws Exception {
        server.problem("POST", "/ml/datasets/upload", 422, "line 3: expected 3 fields, found 2",
                "[{\"field\":\"file\",\"message\":\"ragged row\"}]");
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b,c\n1,2\n");

        CliRun run = CliRun.run("--url", server.url(), "datasets", "upload", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: line 3: expected 3 fields, found 2\n  file: ragged row\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void listPrintsATableWithThePageFooterAndPassesTheFilters() {
        server.on("GET", "/ml/datasets", 200, "{\"items\":[" + DATASET + "],\"page\":2,\"size\":1,\"total\":3,\"pages\":3}");

        CliRun run = CliRun.run("--url", server.url(), "datasets", "list", "--name", "flo ws", "--format", "csv",
                "--page", "2", "--size", "1", "--sort", "name");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/datasets").query())
                .isEqualTo("name=flo%20ws&format=csv&page=2&size=1&sort=name");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").containsSubsequence("NAME", "FORMAT", "ROWS", "COLUMNS", "SIZE", "LABEL", "CREATED");
        assertThat(lines[1]).startsWith(ID).containsSubsequence("flows", "csv", "3", "3", "1.5 KiB", "label", "2026-11-23 19:47:28Z");
        assertThat(lines[2]).isEqualTo("page 2/3, 3 datasets");
    }

    @Test
    void listWithJsonPrintsTheServersAnswerAsIs() {
        String page = "{\"items\":[],\"page\":1,\"size\":20,\"total\":0,\"pages\":0}";
        server.on("GET", "/ml/datasets", 200, page);

        CliRun run = CliRun.run("datasets", "list", "--json", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(page + "\n");
    }

    @Test
    void emptyListSaysSo() {
        server.on("GET", "/ml/datasets", 200, "{\"items\":[],\"page\":1,\"size\":20,\"total\":0,\"pages\":0}");

        CliRun run = CliRun.run("datasets", "list", "--url", server.url());

        assertThat(run.out()).isEqualTo("no datasets\n");
    }

    @Test
    void showOfAnUnknownDatasetExitsOneWithTheServersMessage() {
        server.problem("GET", "/ml/datasets/" + ID, 404, "no dataset " + ID, null);

        CliRun run = CliRun.run("--url", server.url(), "datasets", "show", ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no dataset " + ID + "\n");
    }

    @Test
    void headPrintsTypedRowsWithTheColumnNamesAsTheyAre() {
        server.on("GET", "/ml/datasets/" + ID + "/preview", 200, """
                {"datasetId":"%s","offset":5,"limit":2,"totalRows":120,"columns":["Flow ID","Dst Port","Label"],
                 "rows":[{"Flow ID":"f1","Dst Port":443,"Label":"BENIGN"},{"Flow ID":"f2","Dst Port":null,"Label":"DoS"}]}""".formatted(ID));

        CliRun run = CliRun.run("--url", server.url(), "datasets", "head", ID, "--offset", "5", "--rows", "2", "--columns", "Label,Dst Port");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/datasets/" + ID + "/preview").query()).isEqualTo("offset=5&limit=2");
        assertThat(run.out()).containsPattern("Label\\s+Dst Port\n").containsPattern("BENIGN\\s+443\n").containsPattern("DoS\\s+-\n")
                .doesNotContain("f1");
        assertThat(run.err()).contains("rows 6-7 of 120");

        CliRun unknown = CliRun.run("--url", server.url(), "datasets", "head", ID, "--columns", "label");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no column label in this dataset; its columns are [Flow ID, Dst Port, Label]");
    }

    @Test
    void statsPrintsPerColumnStatisticsAndClassBalance() {
        server.on("GET", "/ml/datasets/" + ID + "/stats", 200, """
                {"rows":3,"columns":3,"duplicateRows":0,"duplicateRowsExact":true,"labelColumn":"label",
                 "classBalance":[{"value":"normal","count":2,"fraction":0.6667},{"value":"attack","count":1,"fraction":0.3333}],
                 "columnProfiles":[
                   {"name":"bytes","type":"INTEGER","count":3,"missing":0,"completeness":100.0,"distinct":3,"distinctExact":true,
                    "numeric":{"min":10,"max":12345678900.5,"mean":15.333333333,"std":5.0}},
                   {"name":"proto","type":"CATEGORICAL","count":2,"missing":1,"completeness":66.7,"distinct":12000,"distinctExact":false,
                    "numeric":null,"topValues":[{"value":"tcp","count":1,"fraction":0.5}]}]}
                """);

        CliRun run = CliRun.run("--url", server.url(), "datasets", "stats", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("rows:\\s+3").containsPattern("duplicate rows:\\s+0")
                .containsPattern("COLUMN\\s+TYPE\\s+MISSING\\s+DISTINCT\\s+MIN\\s+MEAN\\s+MAX")
                .containsPattern("bytes\\s+INTEGER\\s+0\\s+3\\s+10\\s+15.3333\\s+1.235e\\+10")
                .containsPattern("proto\\s+CATEGORICAL\\s+1\\s+~12000\\s+-\\s+-\\s+-")
                .contains("class balance (label):")
                .containsPattern("normal\\s+2\\s+66.7%")
                .containsPattern("attack\\s+1\\s+33.3%");
    }

    @Test
    void rmDeletesAndConfirms() {
        server.on("DELETE", "/ml/datasets/" + ID, 204, null);

        CliRun run = CliRun.run("--url", server.url(), "datasets", "rm", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("deleted dataset " + ID + "\n");
        assertThat(server.count("DELETE", "/ml/datasets/" + ID)).isEqualTo(1);
    }

    /** Splits a multipart/form-data body into its parts (test-side, independent of the CLI's writer). */
    static final class Multipart {
        record Part(String fileName, byte[] bytes) {
            String text() {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        static Map<String, Part> parse(FakeVigil.Received request) {
            String boundary = request.header("Content-Type").replaceFirst(".*boundary=", "");
            // ISO-8859-1 maps bytes 1:1 to chars, so binary file content survives the round trip
            String body = new String(request.body(), StandardCharsets.ISO_8859_1);
            assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("\r\n--" + boundary + "--\r\n");
            Map<String, Part> parts = new LinkedHashMap<>();
            String inner = body.substring(0, body.length() - ("--" + boundary + "--\r\n").length());
            for (String chunk : inner.split("--" + java.util.regex.Pattern.quote(boundary) + "\r\n")) {
                if (chunk.isEmpty()) continue;
                int split = chunk.indexOf("\r\n\r\n");
                String headers = chunk.substring(0, split);
                String content = chunk.substring(split + 4, chunk.length() - 2);
                String name = headers.replaceFirst("(?s).*; name=\"([^\"]*)\".*", "$1");
                String fileName = headers.contains("filename=") ? headers.replaceFirst("(?s).*filename=\"([^\"]*)\".*", "$1") : null;
                parts.put(name, new Part(fileName, content.getBytes(StandardCharsets.ISO_8859_1)));
            }
            return parts;
        }
    }

    @Test
    void concatJoinsDatasetsInTheOrderGiven() throws Exception {
        server.on("POST", "/ml/datasets/concat", 201, DATASET);

        CliRun run = CliRun.run("datasets", "concat", "--url", server.url(), "--name", "week", "--label", "label", D1, D2, D3);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode sent = Json.parse(server.last("POST", "/ml/datasets/concat").bodyText());
        assertThat(sent.get("name").asText()).isEqualTo("week");
        assertThat(sent.get("labelColumn").asText()).isEqualTo("label");
        assertThat(sent.get("datasetIds").toString()).isEqualTo("[\"" + D1 + "\",\"" + D2 + "\",\"" + D3 + "\"]");
        assertThat(run.err()).contains("joined 3 datasets as dataset " + ID);
        assertThat(CliRun.run("datasets", "concat", "--url", server.url(), "--name", "x", D1).exitCode()).isEqualTo(2);
    }

    @Test
    void howAFileIsReadIsShownWhereItIsNotPlainUtf8Csv() {
        assertThat(DatasetsCommand.readAs(Json.parse("{\"format\":\"CSV\",\"delimiter\":\",\",\"gzip\":false,\"header\":true,"
                + "\"encoding\":\"UTF-8\",\"decimalComma\":false}"))).isNull();
        assertThat(DatasetsCommand.readAs(Json.parse("{\"format\":\"CSV\",\"delimiter\":\";\",\"gzip\":true,\"header\":false,"
                + "\"encoding\":\"windows-1252\",\"decimalComma\":true}")))
                .isEqualTo("';' separated, gzip, no header row (columns given), windows-1252, decimal comma");
    }
}
