package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Role;
import io.vigil.server.http.TraversalPayloads.Payload;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, "Attacks tried, not assumed": path traversal, the kind of hole MLflow and H2O shipped
 * again and again, tried on a real server in every place a caller's text could reach a file or a
 * blob: every path parameter of the route table (read from {@code Routes}, so a new route is
 * attacked too), the query parameters, the uploaded file's name, and the names in request bodies.
 * Each payload aims at {@code secret.txt}, planted with a random marker just outside the data
 * directory, at its root and beside it. Every answer must be a 4xx problem without the marker, and
 * nothing outside the data directory may change, nor the blob store gain a file of an unexpected name.
 */
class TraversalAttacksIT {
    private static final String MARKER = "vigil-traversal-marker-" + UUID.randomUUID();
    private static final Pattern BLOB_FILE = Pattern.compile("blobs/sha256/([0-9a-f]{2})/([0-9a-f]{2})/\\1\\2[0-9a-f]{60}");
    private static final Pattern WORKING_FILE = Pattern.compile("((tmp/uploads|tmp/work|blobs/tmp)/(?!.*(secret|passwd|win\\.ini))[\\w.-]+)"
            + "|events(-\\d+)?/(\\.lock|events-[\\d-]+(\\.\\d+)?\\.jsonl(\\.gz)?)|(instance-\\d+/)?search/(write\\.lock|segments_\\w+|_\\w+\\.\\w+)");
    private static final String CSV = "bytes,port,label\n10,80,benign\n20,443,attack\n30,22,benign\n";
    static Path sandbox;
    static Path dataDir;
    static TestServer server;
    static HttpTestClient http;
    static Map<String, String> valid = new TreeMap<>();
    static Map<String, String> outsideBefore;
    static List<String> secretsOnDisk = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        sandbox = Files.createTempDirectory("vigil-traversal-").toRealPath();
        dataDir = sandbox.resolve("data");
        plant(sandbox.resolve(TraversalPayloads.SECRET_FILE));
        plant(dataDir.resolve(TraversalPayloads.SECRET_FILE));
        plant(sandbox.resolve("sibling").resolve(TraversalPayloads.SECRET_FILE));
        // the handlers are attacked, not the rate limits: a thousand refused requests would otherwise meet 429s
        server = TestServer.start(Map.of("VIGIL_DATA_DIR", dataDir.toString(), "VIGIL_RATE_LIMITS_ENABLED", "false"));
        http = server.http();
        Response upload = http.upload("/ml/datasets/upload", "flows.csv", CSV.getBytes(StandardCharsets.UTF_8),
                Map.of("name", "flows", "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        valid.put("dataset", upload.json().get("id").asText());
        valid.put("second dataset", http.upload("/ml/datasets/upload", "more.csv", CSV.getBytes(StandardCharsets.UTF_8),
                Map.of("name", "more flows", "labelColumn", "label")).json().get("id").asText());
        Response model = http.postJson("/ml/models", "{\"modelName\": \"traversal-target\", \"modelType\": \"classifier\", "
                + "\"algorithm\": \"random_forest\", \"targetVariable\": \"label\"}");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        valid.put("model", model.json().get("id").asText());
        valid.put("user", http.get("/auth/me").json().get("id").asText());
        server.apiKey(Role.SERVICE);
        valid.put("key", http.get("/auth/keys").json().get("items").get(0).get("id").asText());
        Path passwd = Path.of("/etc/passwd");
        if (Files.isReadable(passwd)) {
            secretsOnDisk.add(Files.readAllLines(passwd).get(0)); // root's line must never come back either
        }
        outsideBefore = outsideTheDataDir();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> all = Files.walk(sandbox)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void controlTheRealIdsAreServedSoEachRefusalIsThePayloadsDoing() {
        Response download = http.get("/ml/datasets/" + valid.get("dataset") + "/download");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.text()).isEqualTo(CSV);
        assertThat(http.get("/ml/models/" + valid.get("model")).status()).isEqualTo(200);
        assertThat(http.get("/v2/models/traversal-target").status()).as("found, but not deployed yet").isEqualTo(409);
        assertThat(http.get("/auth/users/" + valid.get("user")).status()).isEqualTo(200);
    }

    /** Every path parameter of the route table × every payload, grouped by the CVE class it reproduces. */
    @TestFactory
    @DisplayName("Path traversal in every path parameter of the route table")
    Stream<DynamicContainer> everyPathParameterByCveClass() {
        return TraversalPayloads.classes(sandbox.toString()).stream().map(cve -> DynamicContainer.dynamicContainer(
                "CVE class: " + cve.name(), pathAttacks(cve.payloads()).map(a -> DynamicTest.dynamicTest(a.toString(), () -> assertRefused(a)))));
    }

    /** Every query parameter the handlers read: a filter may answer 200 (it searches names, it opens nothing). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queryAttacks")
    @DisplayName("CVE class: MLflow get-artifact ?path= traversal (CVE-2023-1177) and H2O file read (CVE-2023-6038), in every query parameter")
    void queryParametersReachNoFile(QueryAttack attack) {
        String target = attack.path() + (attack.path().contains("?") ? "&" : "?") + attack.param() + "=" + attack.payload().inUri();
        byte[] body = attack.method().equals("POST") ? CSV.getBytes(StandardCharsets.UTF_8) : null;
        RawHttp.Answer answer = exchange(attack.method(), target, "text/csv", body);
        assertThat(answer.status()).as(attack + ": " + answer).isBetween(attack.filter() ? 200 : 400, 499);
        if (answer.status() >= 400) {
            assertThat(answer.header("Content-Type")).as(attack + ": " + answer).startsWith(Problem.MEDIA_TYPE);
        }
        assertNothingLeaked(attack.toString(), answer.text());
    }

    /** The name of an uploaded file is metadata, never a path; one that tries to be a path is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fileNames")
    @DisplayName("CVE class: MLflow artifact name traversal (CVE-2023-1177, CVE-2024-1560), in the uploaded file's name")
    void uploadedFileNamesThatArePathsAreRefused(Payload payload) {
        byte[] name = fieldBytes(payload);
        String boundary = "traversal-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"labelColumn\"\r\n\r\nlabel\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(name);
        body.writeBytes(("\"\r\nContent-Type: text/csv\r\n\r\n" + CSV + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Response multipart = http.send("POST", "/ml/datasets/upload", "multipart/form-data; boundary=" + boundary, body.toByteArray());
        assertThat(multipart.status()).as(payload + ": " + multipart).isEqualTo(400);
        assertThat(multipart.contentType()).startsWith(Problem.MEDIA_TYPE);
        if (multipart.json().has("errors")) { // else Jetty refused the part's head itself (a NUL byte in it)
            assertThat(multipart.json().get("errors").findValuesAsText("field")).as(multipart.toString()).contains("file");
        }

        RawHttp.Answer raw = exchange("POST", "/ml/datasets/upload?labelColumn=label&fileName=" + payload.inUri(), "text/csv",
                CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.status()).as(payload + " in ?fileName=: " + raw).isEqualTo(400);
        assertNothingLeaked(payload.toString(), multipart.text() + raw.text());
    }

    /**
     * A dataset may be called anything printable: its name is shown, never opened. What matters is
     * where the name goes: the file name Vigil gives a dataset it writes (a concatenation) and the
     * name a download offers a client to save under must be plain names, whatever the dataset is called.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fileNames")
    @DisplayName("CVE class: MLflow artifact name traversal (CVE-2023-1177), through a dataset's name to its file and download names")
    void datasetNamesNeverBecomePaths(Payload payload) {
        RawHttp.Answer named = exchange("POST", "/ml/datasets/upload?labelColumn=label&name=" + payload.inUri(), "text/csv",
                CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(named.status()).as(payload + ": " + named).isIn(201, 400);
        if (named.status() == 201) {
            assertPlainDownloadAndDelete(payload + " as an upload's name", idIn(named.text()));
        }
        Response joined = http.postJson("/ml/datasets/concat", json(Map.of("name", fieldText(payload),
                "datasetIds", List.of(valid.get("dataset"), valid.get("second dataset")))));
        assertThat(joined.status()).as(payload + ": " + joined).isIn(201, 400);
        if (joined.status() == 201) {
            assertThat(joined.json().get("fileName").asText()).as(joined.toString()).doesNotContain("/", "\\", "..").doesNotStartWith(".");
            assertPlainDownloadAndDelete(payload + " as a concatenation's name", joined.json().get("id").asText());
        }
        assertNothingLeaked(payload.toString(), named.text() + joined.text());
    }

    /** Names that go into URIs ({@code /v2/models/{name}}) or identify people keep to a strict alphabet. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fileNames")
    @DisplayName("CVE class: MLflow registered model name traversal (CVE-2023-1177), in model and user names")
    void modelAndUserNamesThatArePathsAreRefused(Payload payload) {
        Response model = http.postJson("/ml/models", json(Map.of("modelName", fieldText(payload), "modelType", "classifier",
                "algorithm", "random_forest", "targetVariable", "label")));
        assertThat(model.status()).as(payload + ": " + model).isEqualTo(400);
        assertThat(model.json().get("errors").findValuesAsText("field")).contains("modelName");
        Response user = http.postJson("/auth/users", json(Map.of("username", fieldText(payload), "role", "analyst",
                "password", TestServer.USER_PASSWORD)));
        assertThat(user.status()).as(payload + ": " + user).isEqualTo(400);
        assertNothingLeaked(payload.toString(), model.text() + user.text());
    }

    /**
     * What MLflow's model version {@code source} and H2O's {@code ImportFiles} did: a field naming a file
     * on the server to read. No route takes one: unknown fields are refused, and a dataset arrives
     * only as the request's own bytes.
     */
    @Test
    @DisplayName("CVE class: server-side file import by path (MLflow CVE-2023-1177 source, H2O CVE-2023-6038 ImportFiles)")
    void noRouteReadsAFileTheCallerNames() {
        String planted = sandbox.resolve(TraversalPayloads.SECRET_FILE).toString();
        for (String field : new String[] {"source", "path", "artifactLocation", "uri"}) {
            Response model = http.postJson("/ml/models", json(Map.of("modelName", "by-path", "modelType", "classifier",
                    "algorithm", "random_forest", "targetVariable", "label", field, "file://" + planted)));
            assertThat(model.status()).as(field + ": " + model).isEqualTo(400);
            Response train = http.postJson("/ml/models/" + valid.get("model") + "/train", json(Map.of(field, planted)));
            assertThat(train.status()).as(field + ": " + train).isEqualTo(400);
            assertNothingLeaked(field, model.text() + train.text());
        }
        for (String route : new String[] {"/ml/datasets", "/ml/datasets/upload"}) {
            Response imported = http.postJson(route, json(Map.of("path", planted, "name", "imported")));
            assertThat(imported.status()).as(route + ": " + imported).isEqualTo(415);
            assertNothingLeaked(route, imported.text());
        }
        assertThat(http.get("/ml/models?name=by-path").json().get("total").asInt()).isZero();
    }

    // ---- the cases

    /** A path parameter of a route of the table, replaced by a payload; the route's other parameters hold real values. */
    record PathAttack(String method, String template, String param, Payload payload) {
        String target() {
            String path = template;
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
            while (m.find()) {
                path = path.replace(m.group(), m.group(1).equals(param) ? payload.inUri() : validValue(template, m.group(1)));
            }
            return path;
        }

        @Override
        public String toString() {
            return method + " " + template + " with {" + param + "} = " + payload;
        }
    }

    record QueryAttack(String method, String path, String param, boolean filter, Payload payload) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}") + " with ?" + param + "= " + payload;
        }
    }

    static Stream<Payload> fileNames() {
        return TraversalPayloads.all(sandbox.toString()).stream();
    }

    /** Every path parameter of every route × each payload. */
    private static Stream<PathAttack> pathAttacks(List<Payload> payloads) {
        List<PathAttack> attacks = new ArrayList<>();
        for (Route route : server.routes()) {
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(route.path());
            while (m.find()) {
                for (Payload payload : payloads) {
                    attacks.add(new PathAttack(route.method().name(), route.path(), m.group(1), payload));
                }
            }
        }
        assertThat(attacks).as("the route table has path parameters to attack").hasSizeGreaterThan(40 * payloads.size());
        return attacks.stream();
    }

    static Stream<QueryAttack> queryAttacks() {
        String dataset = "/ml/datasets/" + valid.get("dataset");
        String model = "/ml/models/" + valid.get("model");
        List<String[]> params = List.of(
                // method, path, parameter, "filter" when any text is a fair search
                new String[] {"GET", "/ml/datasets", "name", "filter"}, new String[] {"GET", "/ml/datasets", "format", ""},
                new String[] {"GET", "/ml/datasets", "sort", ""}, new String[] {"GET", "/ml/datasets", "order", ""},
                new String[] {"GET", "/ml/datasets", "page", ""}, new String[] {"GET", dataset + "/preview", "offset", ""},
                new String[] {"GET", dataset + "/preview", "limit", ""}, new String[] {"DELETE", dataset, "force", ""},
                new String[] {"GET", "/ml/models", "name", "filter"}, new String[] {"GET", "/ml/models", "type", "filter"},
                new String[] {"GET", "/ml/models", "status", ""}, new String[] {"GET", model + "/versions", "compare", ""},
                new String[] {"GET", model + "/artifacts", "version", ""}, new String[] {"GET", model + "/training-jobs", "page", ""},
                new String[] {"GET", "/ml/jobs", "modelId", ""}, new String[] {"GET", "/ml/jobs", "state", ""},
                new String[] {"GET", "/ml/jobs", "kind", "filter"}, new String[] {"GET", "/ml/audit", "user", "filter"},
                new String[] {"GET", "/ml/audit", "object", "filter"}, new String[] {"GET", "/ml/audit", "from", ""},
                new String[] {"GET", "/auth/keys", "includeRevoked", ""}, new String[] {"GET", "/ml/stream", "modelId", ""},
                new String[] {"GET", "/ml/stream", "jobId", ""},
                new String[] {"POST", "/ml/datasets/upload?name=q&labelColumn=label", "format", ""},
                new String[] {"POST", "/ml/datasets/upload?name=q&labelColumn=label", "encoding", ""},
                new String[] {"POST", "/ml/datasets/upload?name=q&labelColumn=label", "delimiter", ""});
        List<Payload> payloads = TraversalPayloads.all(sandbox.toString());
        return params.stream().flatMap(p -> payloads.stream().map(payload -> new QueryAttack(p[0], p[1], p[2], p[3].equals("filter"), payload)));
    }

    private static String validValue(String template, String param) {
        if (param.equals("version")) {
            return "1";
        }
        if (param.equals("name")) {
            return "traversal-target";
        }
        for (String[] prefix : new String[][] {{"/ml/datasets/", "dataset"}, {"/ml/models/", "model"}, {"/auth/users/", "user"},
                {"/auth/keys/", "key"}}) {
            if (template.startsWith(prefix[0])) {
                return valid.get(prefix[1]);
            }
        }
        return UUID.randomUUID().toString(); // jobs: none exists, and the attacked parameter decides anyway
    }

    // ---- the checks

    private static void assertRefused(PathAttack attack) {
        boolean withBody = attack.method().equals("POST") || attack.method().equals("PUT") || attack.method().equals("PATCH");
        RawHttp.Answer answer = exchange(attack.method(), attack.target(), "application/json",
                withBody ? "{}".getBytes(StandardCharsets.UTF_8) : null);
        assertThat(answer.status()).as(attack + ": " + answer).isIn(400, 404);
        assertThat(answer.header("Content-Type")).as(attack + ": " + answer).startsWith(Problem.MEDIA_TYPE);
        assertNothingLeaked(attack.toString(), answer.text());
        if (attack.method().equals("DELETE")) {
            assertThat(http.get("/ml/datasets/" + valid.get("dataset")).status()).as("the real dataset is still there").isEqualTo(200);
            assertThat(http.get("/ml/models/" + valid.get("model")).status()).as("the real model is still there").isEqualTo(200);
        }
    }

    /** No planted marker or system file in the answer; nothing changed outside the data directory; no stray blob. */
    private static void assertNothingLeaked(String what, String answer) {
        assertThat(answer).as(what).doesNotContain(MARKER);
        for (String line : secretsOnDisk) {
            assertThat(answer).as(what).doesNotContain(line);
        }
        assertThat(outsideTheDataDir()).as(what + ": files outside VIGIL_DATA_DIR").isEqualTo(outsideBefore);
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dataDir.relativize(p).toString()))
                    .as(what + ": every file in the data directory is a blob named by its content's hash, or a working file Vigil named")
                    .allMatch(p -> p.equals(TraversalPayloads.SECRET_FILE) || BLOB_FILE.matcher(p).matches()
                            || WORKING_FILE.matcher(p).matches());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file and directory of the sandbox outside the data directory, with its size and last change. */
    private static Map<String, String> outsideTheDataDir() {
        try (Stream<Path> all = Files.walk(sandbox)) {
            Map<String, String> files = new TreeMap<>();
            all.filter(p -> !p.startsWith(dataDir) || p.equals(dataDir.resolve(TraversalPayloads.SECRET_FILE))).forEach(p -> {
                try {
                    files.put(sandbox.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p)
                            + (Files.isRegularFile(p) ? ":" + Files.readString(p) : ""));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- requests

    /** One request sent byte for byte: the payload reaches the server as written, never normalised by a client. */
    private static RawHttp.Answer exchange(String method, String target, String contentType, byte[] body) {
        String[] credential = http.credentialHeader();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(server.port()).append("\r\n").append(credential[0]).append(": ").append(credential[1])
                .append("\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        return RawHttp.exchange("127.0.0.1", server.port(), request.toByteArray(), Duration.ofSeconds(10), false);
    }

    /** The payload as a form field carries it: its text in UTF-8, or, for an overlong sequence, the raw bytes. */
    private static byte[] fieldBytes(Payload payload) {
        if (payload.decoded() != null) {
            return payload.decoded().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String s = payload.inUri();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && s.charAt(i + 1) != 'u') {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(s.charAt(i));
            }
        }
        return bytes.toByteArray();
    }

    /** A download of the dataset offers a plain file name in both its forms; then the dataset goes. */
    private static void assertPlainDownloadAndDelete(String what, String datasetId) {
        Response download = http.get("/ml/datasets/" + datasetId + "/download");
        assertThat(download.status()).as(what + ": " + download).isEqualTo(200);
        String disposition = download.header("Content-Disposition");
        Matcher m = Pattern.compile("attachment; filename=\"([A-Za-z0-9._-]+)\"; filename\\*=UTF-8''([A-Za-z0-9%._~-]+)")
                .matcher(disposition);
        assertThat(m.matches()).as(what + ": " + disposition).isTrue();
        String utf8 = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        for (String name : new String[] {m.group(1), utf8, Normalizer.normalize(utf8, Normalizer.Form.NFKC)}) {
            assertThat(name).as(what + ": " + disposition).doesNotContain("/", "\\", ":", "..").doesNotStartWith(".")
                    .doesNotContainPattern("\\p{Cntrl}");
        }
        assertThat(http.delete("/ml/datasets/" + datasetId).status()).isEqualTo(204);
    }

    private static String idIn(String json) {
        try {
            return io.vigil.server.core.Json.MAPPER.readTree(json).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Map<String, Object> fields) {
        try {
            return io.vigil.server.core.Json.MAPPER.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload as a JSON string carries it (an overlong sequence as the replacement characters a decoder makes of it). */
    private static String fieldText(Payload payload) {
        return payload.decoded() != null ? payload.decoded() : new String(fieldBytes(payload), StandardCharsets.UTF_8);
    }

    private static void plant(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, MARKER + "\n");
    }
}
