package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The datasets API over HTTP against a real server and a real PostgreSQL. */
class DatasetsApiIT {
    static final String FLOWS = """
            src_ip,dst_port,bytes,duration,protocol,label
            10.0.0.1,443,1200,0.5,tcp,normal
            10.0.0.2,22,98000,12.25,tcp,attack
            "10.0.0.3",53,64,0.01,udp,normal
            10.0.0.4,443,,1.5,tcp,normal
            """;

    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void uploadReadPreviewDownloadAndDelete() {
        Response created = http.upload("/ml/datasets/upload", "flows.csv", bytes(FLOWS),
                Map.of("name", "flows", "description", "four flows", "labelColumn", "label"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode d = created.json();
        String id = d.get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/ml/datasets/" + id);
        assertThat(d.get("name").asText()).isEqualTo("flows");
        assertThat(d.get("format").asText()).isEqualTo("csv");
        assertThat(d.get("rows").asLong()).isEqualTo(4);
        assertThat(d.get("columns").asInt()).isEqualTo(6);
        assertThat(d.get("labelColumn").asText()).isEqualTo("label");
        assertThat(d.get("sizeBytes").asLong()).isEqualTo(bytes(FLOWS).length);
        assertThat(d.get("schema").findValuesAsText("name")).containsExactly("src_ip", "dst_port", "bytes", "duration", "protocol", "label");
        assertThat(d.get("schema").get(1).get("type").asText()).isEqualTo("INTEGER");
        assertThat(d.get("schema").get(3).get("type").asText()).isEqualTo("NUMERIC");
        assertThat(d.has("blobKey")).isFalse();

        assertThat(http.get("/ml/datasets/" + id).json().get("sha256").asText()).isEqualTo(d.get("sha256").asText());

        JsonNode stats = http.get("/ml/datasets/" + id + "/stats").json();
        assertThat(stats.get("rows").asLong()).isEqualTo(4);
        JsonNode bytesColumn = stats.get("columnProfiles").get(2);
        assertThat(bytesColumn.get("missing").asLong()).isEqualTo(1);
        assertThat(bytesColumn.get("numeric").get("max").asDouble()).isEqualTo(98000.0);
        assertThat(stats.get("classBalance").get(0).get("value").asText()).isEqualTo("normal");
        assertThat(stats.get("classBalance").get(0).get("count").asLong()).isEqualTo(3);
        assertThat(http.get("/ml/datasets/" + id + "/statistics").json()).isEqualTo(stats);

        JsonNode preview = http.get("/ml/datasets/" + id + "/preview?offset=1&limit=2").json();
        assertThat(preview.get("rows")).hasSize(2);
        assertThat(preview.get("rows").get(0).get("dst_port").asLong()).isEqualTo(22);
        assertThat(preview.get("rows").get(0).get("duration").asDouble()).isEqualTo(12.25);
        assertThat(preview.get("rows").get(1).get("src_ip").asText()).isEqualTo("10.0.0.3");
        assertThat(preview.get("totalRows").asLong()).isEqualTo(4);

        Response download = http.get("/ml/datasets/" + id + "/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes(FLOWS));
        assertThat(download.header("Content-Disposition")).contains("flows.csv");

        assertThat(http.delete("/ml/datasets/" + id).status()).isEqualTo(204);
        assertThat(http.get("/ml/datasets/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/ml/datasets/" + id).status()).isEqualTo(404);
    }

    @Test
    void everyFormatIsReadAndGzipIsTransparent() throws IOException {
        String tsv = FLOWS.replace(',', '\t');
        assertUploaded("flows.tsv", bytes(tsv), Map.of(), "tsv", 4);
        assertUploaded("flows.csv.gz", gzip(bytes(FLOWS)), Map.of(), "csv", 4);
        String semicolons = FLOWS.replace(',', ';');
        assertUploaded("semi.csv", bytes(semicolons), Map.of(), "csv", 4);
        String jsonl = """
                {"host":"a","cpu":0.5,"alert":false}
                {"host":"b","cpu":0.9,"alert":true}
                """;
        assertUploaded("hosts.jsonl", bytes(jsonl), Map.of("labelColumn", "alert"), "jsonl", 2);
        String arff = """
                @relation flows
                @attribute bytes numeric
                @attribute proto {tcp,udp}
                @attribute class {normal,anomaly}
                @data
                10,tcp,normal
                20,udp,anomaly
                ?,tcp,normal
                """;
        assertUploaded("flows.arff", bytes(arff), Map.of("labelColumn", "class"), "arff", 3);
        String zeek = "#separator \\x09\n#unset_field\t-\n#fields\tts\tid.orig_h\tid.resp_p\tduration\tlocal_orig\n"
                + "#types\ttime\taddr\tport\tinterval\tbool\n"
                + "1547164800.5\t10.0.0.1\t80\t0.25\tT\n1547164801.5\t10.0.0.2\t53\t-\tF\n#close\t2019-01-11-01-00-00\n";
        JsonNode conn = assertUploaded("conn.log", bytes(zeek), Map.of(), "zeek", 2);
        assertThat(conn.get("schema").findValuesAsText("type")).containsExactly("NUMERIC", "CATEGORICAL", "INTEGER", "NUMERIC", "BOOLEAN");
        assertThat(http.get("/ml/datasets/" + conn.get("id").asText() + "/preview").json().get("rows").get(1).get("duration").isNull())
                .isTrue();
        String headerless = "1,tcp,normal\n2,udp,neptune\n";
        JsonNode d = assertUploaded("kdd.txt", bytes(headerless), Map.of("columns", "duration,protocol_type,label", "format", "csv"), "csv", 2);
        assertThat(d.get("schema").findValuesAsText("name")).containsExactly("duration", "protocol_type", "label");
    }

    @Test
    void aWindows1252FileIsReadWhenItsEncodingIsGiven() {
        // Shaped like CIC-IDS2017's CSVs: padded and repeated header names, CRLF, Infinity, and the
        // web-attack labels' en dash as the windows-1252 byte 0x96.
        String csv = " Destination Port, Flow Bytes/s, Fwd Header Length, Fwd Header Length, Label\r\n"
                + "80,Infinity,20,20,BENIGN\r\n"
                + "80,1200.5,40,40,Web Attack \u2013 Brute Force\r\n";
        byte[] cp1252 = csv.getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Response refused = http.upload("/ml/datasets/upload", "cic.csv", cp1252, Map.of("labelColumn", "Label"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("line 3").contains("encoding=windows-1252");

        Response created = http.upload("/ml/datasets/upload", "cic.csv", cp1252,
                Map.of("labelColumn", " Label", "encoding", "windows-1252"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode d = created.json();
        assertThat(d.get("parsing").get("encoding").asText()).isEqualTo("windows-1252");
        assertThat(d.get("labelColumn").asText()).isEqualTo("Label");
        assertThat(d.get("schema").findValuesAsText("name")).containsExactly(
                "Destination Port", "Flow Bytes/s", "Fwd Header Length", "Fwd Header Length_2", "Label");
        assertThat(d.get("schema").get(1).get("type").asText()).isEqualTo("NUMERIC");
        String id = d.get("id").asText();
        JsonNode rows = http.get("/ml/datasets/" + id + "/preview").json().get("rows");
        assertThat(rows.get(1).get("Label").asText()).isEqualTo("Web Attack \u2013 Brute Force");
        assertThat(rows.get(0).get("Flow Bytes/s").isNull()).isTrue();
        assertThat(http.get("/ml/datasets/" + id + "/stats").json().get("classBalance").findValuesAsText("value"))
                .contains("Web Attack \u2013 Brute Force");
    }

    @Test
    void decimalCommasAreNumbersWhenTheUploadSaysSo() {
        byte[] tx = bytes("amount;merchant;fraud\n1.234,50;shop, Berlin;0\n0,99;kiosk;1\n12,00;kiosk;0\n");
        Response created = http.upload("/ml/datasets/upload", "tx.csv", tx, Map.of("labelColumn", "fraud", "decimal", ","));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("schema").get(0).get("type").asText()).isEqualTo("NUMERIC");
        assertThat(created.json().get("parsing").get("decimalComma").asBoolean()).isTrue();
        String id = created.json().get("id").asText();
        assertThat(http.get("/ml/datasets/" + id + "/stats").json().get("columnProfiles").get(0).get("numeric").get("max").asDouble())
                .isEqualTo(1234.5);
        assertThat(http.get("/ml/datasets/" + id + "/preview").json().get("rows").get(1).get("amount").asDouble()).isEqualTo(0.99);
        Response plain = http.upload("/ml/datasets/upload", "tx.csv", tx, Map.of("name", "tx-as-text"));
        assertThat(plain.json().get("schema").get(0).get("type").asText()).isEqualTo("CATEGORICAL");
        Response bad = http.upload("/ml/datasets/upload", "tx.csv", tx, Map.of("decimal", ";"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).contains("decimal");
    }

    @Test
    void datasetsPublishedAsSeveralFilesAreJoinedIntoOne() {
        // two "days" of one source, saved differently: the second in windows-1252, columns reordered, with ';'
        String monday = http.upload("/ml/datasets/upload", "monday.csv", bytes("bytes,proto,label\n10,tcp,BENIGN\n20,\"u,dp\",DDoS\n"),
                Map.of("labelColumn", "label")).json().get("id").asText();
        byte[] tuesdayBytes = "label;bytes;proto\r\nWeb Attack \u2013 XSS;30,5;tcp\r\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        String tuesday = http.upload("/ml/datasets/upload", "tuesday.csv", tuesdayBytes,
                Map.of("labelColumn", "label", "encoding", "windows-1252", "decimal", ",")).json().get("id").asText();

        Response joined = http.postJson("/ml/datasets/concat", "{\"name\": \"week\", \"datasetIds\": [\"" + monday + "\", \"" + tuesday + "\"]}");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        JsonNode d = joined.json();
        assertThat(d.get("rows").asLong()).isEqualTo(3);
        assertThat(d.get("labelColumn").asText()).isEqualTo("label");
        assertThat(d.get("schema").findValuesAsText("name")).containsExactly("bytes", "proto", "label");
        assertThat(d.get("schema").get(0).get("type").asText()).isEqualTo("NUMERIC");
        JsonNode rows = http.get("/ml/datasets/" + d.get("id").asText() + "/preview").json().get("rows");
        assertThat(rows.get(1).get("proto").asText()).isEqualTo("u,dp");
        assertThat(rows.get(2).get("label").asText()).isEqualTo("Web Attack \u2013 XSS");
        assertThat(rows.get(2).get("bytes").asDouble()).isEqualTo(30.5);

        String other = http.upload("/ml/datasets/upload", "other.csv", bytes("bytes,flag\n1,S0\n"), Map.of()).json().get("id").asText();
        Response mismatch = http.postJson("/ml/datasets/concat", "{\"name\": \"bad\", \"datasetIds\": [\"" + monday + "\", \"" + other + "\"]}");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("errors").get(0).get("message").asText()).contains("lacks [label, proto]").contains("has [flag]");
        assertThat(http.postJson("/ml/datasets/concat", "{\"name\": \"one\", \"datasetIds\": [\"" + monday + "\"]}").status())
                .isEqualTo(400);
        assertThat(http.postJson("/ml/datasets/concat", "{\"name\": \"gone\", \"datasetIds\": [\"" + monday + "\", \""
                + java.util.UUID.randomUUID() + "\"]}").status()).isEqualTo(404);
    }

    @Test
    void aRawBodyIsAnUploadToo() {
        Response r = http.send("POST", "/ml/datasets?name=raw-flows&labelColumn=label&fileName=raw.csv", "text/csv", bytes(FLOWS));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("rows").asLong()).isEqualTo(4);
        assertThat(r.json().get("fileName").asText()).isEqualTo("raw.csv");
    }

    @Test
    void identicalContentIsStoredOnceAndSurvivesDeletingOneTwin() throws IOException {
        String content = "a,b\n1,2\n3,4\n";
        String first = http.upload("/ml/datasets", "twin.csv", bytes(content), Map.of("name", "twin-1")).json().get("id").asText();
        String second = http.upload("/ml/datasets", "twin.csv", bytes(content), Map.of("name", "twin-2")).json().get("id").asText();
        assertThat(first).isNotEqualTo(second);
        long blobsBefore = blobCount();
        assertThat(http.delete("/ml/datasets/" + first).status()).isEqualTo(204);
        assertThat(blobCount()).isEqualTo(blobsBefore);
        assertThat(http.get("/ml/datasets/" + second + "/download").text()).isEqualTo(content);
        assertThat(http.delete("/ml/datasets/" + second).status()).isEqualTo(204);
        assertThat(blobCount()).isEqualTo(blobsBefore - 1);
    }

    @Test
    void listPagesFiltersAndSorts() {
        for (String name : new String[] {"list-charlie", "list-alpha", "list-bravo"}) {
            assertThat(http.upload("/ml/datasets", name + ".csv", bytes("x,y\n1," + name + "\n"), Map.of("name", name)).status()).isEqualTo(201);
        }
        JsonNode byName = http.get("/ml/datasets?name=LIST-&sort=name&size=2&page=1").json();
        assertThat(byName.get("total").asLong()).isEqualTo(3);
        assertThat(byName.get("pages").asInt()).isEqualTo(2);
        assertThat(names(byName)).containsExactly("list-alpha", "list-bravo");
        JsonNode page2 = http.get("/ml/datasets?name=list-&sort=name&size=2&page=2").json();
        assertThat(names(page2)).containsExactly("list-charlie");
        JsonNode newest = http.get("/ml/datasets?name=list-&size=1").json();
        assertThat(newest.get("items").get(0).get("name").asText()).isEqualTo("list-bravo");
        assertThat(http.get("/ml/datasets?name=list-&format=arff").json().get("total").asLong()).isZero();
        assertThat(http.get("/ml/datasets?name=%25").json().get("total").asLong()).isZero(); // % is a literal, not a wildcard
        Response bad = http.get("/ml/datasets?size=0&sort=size&format=xls");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("size", "sort", "format");
    }

    @Test
    void unknownDatasetsAre404Problems() {
        for (String path : new String[] {"/ml/datasets/00000000-0000-0000-0000-000000000000", "/ml/datasets/not-a-uuid",
                "/ml/datasets/00000000-0000-0000-0000-000000000000/stats", "/ml/datasets/00000000-0000-0000-0000-000000000000/preview",
                "/ml/datasets/00000000-0000-0000-0000-000000000000/download"}) {
            Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    private static JsonNode assertUploaded(String fileName, byte[] content, Map<String, String> fields, String format, long rows) {
        Response r = http.upload("/ml/datasets/upload", fileName, content, fields);
        assertThat(r.status()).as(fileName + ": " + r).isEqualTo(201);
        assertThat(r.json().get("format").asText()).as(fileName).isEqualTo(format);
        assertThat(r.json().get("rows").asLong()).as(fileName).isEqualTo(rows);
        return r.json();
    }

    @Test
    void presignedTransfersAreTheObjectStoresOnly() throws Exception {
        Response created = http.upload("/ml/datasets/upload", "flows.csv", bytes(FLOWS), Map.of("name", "redirected"));
        String id = created.json().get("id").asText();
        Response started = http.send("POST", "/ml/datasets/uploads", null, new byte[0]);
        Response download = http.get("/ml/datasets/" + id + "/download?redirect=true");
        if (server.config().storageDriver().equals("local")) {
            // nothing to presign on Vigil's own disk: a clear refusal, and the bytes served as always
            assertThat(started.status()).as(started.toString()).isEqualTo(409);
            assertThat(started.json().get("detail").asText()).contains("storage.driver local").contains("POST /ml/datasets");
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(bytes(FLOWS));
        } else { // an object store: the bytes go between the client and the store, Vigil reads and registers them
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            assertThat(download.status()).isEqualTo(307);
            java.net.http.HttpClient store = java.net.http.HttpClient.newHttpClient();
            assertThat(store.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(download.header("Location"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(bytes(FLOWS));
            JsonNode upload = started.json();
            var put = java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.get("url").asText()))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes(FLOWS)));
            upload.get("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
            assertThat(store.send(put.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isBetween(200, 201);
            Response registered = http.send("POST", upload.get("register").asText() + "?name=direct&labelColumn=label&sha256="
                    + created.json().get("sha256").asText(), null, new byte[0]);
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            assertThat(registered.json().get("rows").asLong()).isEqualTo(4);
        }
    }

    private static java.util.List<String> names(JsonNode page) {
        java.util.List<String> names = new java.util.ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    /** Blobs in the server's store, whatever its driver (this class also runs on S3: DatasetsApiOnS3IT). */
    static long blobCount() throws IOException {
        try (Stream<io.vigil.server.storage.BlobInfo> all = server.blobs().list()) {
            return all.count();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
