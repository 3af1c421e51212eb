package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upload's parameters are held to the same rules whether they come as multipart fields or in
 * the query string of a raw upload: each given once, names one line without control characters,
 * no U+0000 anywhere (PostgreSQL cannot store it), one file. The same for a concatenation and the
 * list's filters. Nothing is stored when a parameter is refused.
 */
class UploadParametersIT {
    private static final byte[] CSV = "a,b,label\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.UTF_8);
    static TestServer server;
    static HttpTestClient http;
    static String first;
    static String second;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        first = stored(http.upload("/ml/datasets/upload", "one.csv", CSV, Map.of("name", "one")));
        second = stored(http.upload("/ml/datasets/upload", "two.csv", CSV, Map.of("name", "two")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void nulAndControlCharactersAreRefusedTheSameWayInMultipartAndRawUploads() {
        Map<String, String> bad = Map.of("name", "a\u0000b", "description", "x\u0000y", "labelColumn", "la\u0000bel");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Map<String, String> fields = new LinkedHashMap<>(Map.of("name", "ok"));
            fields.put(e.getKey(), e.getValue());
            Response multipart = http.upload("/ml/datasets/upload", "d.csv", CSV, fields);
            StringBuilder query = new StringBuilder();
            fields.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(v.replace("\u0000", "%00")));
            Response raw = raw("/ml/datasets/upload" + query);
            for (Response r : List.of(multipart, raw)) {
                assertField(r, e.getKey());
                assertThat(r.json().get("errors").get(0).get("message").asText()).contains("U+0000");
            }
            assertThat(multipart.json().get("errors")).isEqualTo(raw.json().get("errors"));
        }
        for (String name : List.of("a\u0001b", "a\nb", "tab\there", "\u007f")) {
            assertField(http.upload("/ml/datasets/upload", "d.csv", CSV, Map.of("name", name)), "name");
        }
        assertField(http.upload("/ml/datasets/upload", "d.csv", CSV, Map.of("name", "cols", "columns", "a,b\u0000,label")), "columns[1]");
        assertField(http.upload("/ml/datasets/upload", "d.csv", CSV, Map.of("name", "x".repeat(201))), "name");
        Response lines = http.upload("/ml/datasets/upload", "d.csv", CSV, Map.of("name", "lines", "description", "two\nlines"));
        assertThat(lines.status()).as(lines.toString()).isEqualTo(201);
        http.delete("/ml/datasets/" + lines.json().get("id").asText());
        assertOnlyTheTwoStored();
    }

    @Test
    void oneFileAndEachFieldOnce() {
        Response twoFiles = multipart(List.of(part("name", null, "twice"), part("file", "a.csv", "a,b\n1,2\n"),
                part("file", "b.csv", "c,d\n3,4\n")));
        assertField(twoFiles, "file");
        assertThat(twoFiles.json().get("errors").get(0).get("message").asText()).contains("2 parts named 'file'");
        assertField(multipart(List.of(part("name", null, "one"), part("name", null, "two"), part("file", "a.csv", "a,b\n1,2\n"))),
                "name");
        assertField(raw("/ml/datasets/upload?name=one&name=two"), "name");
        Response both = raw("/ml/datasets/upload?name=&description=%00");
        assertThat(both.json().get("errors").findValuesAsText("field")).containsExactly("name", "description");
        assertOnlyTheTwoStored();
    }

    @Test
    void theListsFiltersAreNamesToo() {
        assertField(http.get("/ml/datasets?name=%00"), "name");
        assertField(http.get("/ml/datasets?name=a%01"), "name");
        assertField(http.get("/ml/datasets?name=" + "x".repeat(201)), "name");
        assertThat(http.get("/ml/datasets?name=on").json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aConcatenationsNamesAndTextAreCheckedLikeAnUploads() {
        String ids = "[\"" + first + "\", \"" + second + "\"]";
        assertField(concat("\"name\": \"c\\u0000\", \"datasetIds\": " + ids), "name");
        assertField(concat("\"name\": \"c\\u0001\", \"datasetIds\": " + ids), "name");
        assertField(concat("\"name\": \"c\", \"description\": \"\\u0000\", \"datasetIds\": " + ids), "description");
        assertField(concat("\"name\": \"c\", \"labelColumn\": \"la\\u0000bel\", \"datasetIds\": " + ids), "labelColumn");
        assertField(concat("\"name\": \"c\", \"description\": \"" + "d".repeat(4001) + "\", \"datasetIds\": " + ids), "description");
        assertField(concat("\"name\": 5, \"datasetIds\": " + ids), "name");
        assertField(concat("\"name\": \"c\", \"datasetIds\": [\"" + first + "\", null]"), "datasetIds");
        assertField(concat("\"name\": \"c\", \"datasetIds\": [\"" + first + "\", \"" + UUID.randomUUID() + "\", 5]"), "datasetIds[2]");
        Response two = concat("\"name\": \"\", \"datasetIds\": [], \"description\": \"\\u0000\"");
        assertThat(two.json().get("errors").findValuesAsText("field")).containsExactly("name", "description", "datasetIds");
        assertOnlyTheTwoStored();
    }

    private static Response concat(String fields) {
        return http.postJson("/ml/datasets/concat", "{" + fields + "}");
    }

    private static Response raw(String pathAndQuery) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + pathAndQuery)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CSV)));
    }

    private record Part(String name, String fileName, String content) {}

    private static Part part(String name, String fileName, String content) {
        return new Part(name, fileName, content);
    }

    private static Response multipart(List<Part> parts) {
        String boundary = "vigil-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"\r\nContent-Type: text/csv")
                    + "\r\n\r\n" + p.content() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/datasets/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void assertField(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsText("field")).as(r.toString()).contains(field);
    }

    private static void assertOnlyTheTwoStored() {
        assertThat(http.get("/ml/datasets").json().get("total").asLong()).isEqualTo(2);
    }

    private static String stored(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
