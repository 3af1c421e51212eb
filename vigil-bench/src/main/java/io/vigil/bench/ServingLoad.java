package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.datasets.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the real server over loopback: starts {@code vigil-server.jar} as a child process,
 * trains and deploys a 100-tree gradient-boosting model on NSL-KDD, then drives single-row
 * {@code POST /ml/predict} and the trivial {@code GET /health} with closed-loop clients at
 * concurrency 1, 8, 32 and 64 (same run, same machine), then 1,000-row batches (as JSON records,
 * as inference-protocol JSON tensors and as binary tensors), then reports the
 * server's RSS with 10 models deployed. Prints a markdown table. The load comes from {@code wrk}
 * when it is installed (a C program: it leaves the cores to the server), else from Java clients.
 * The set-up logs in as the first admin; scoring requests carry a {@code service} API key, as a SOC
 * pipeline's would.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * OMP_WAIT_POLICY=PASSIVE java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.ServingLoad [seconds-per-step]
 * </pre>
 */
public final class ServingLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] CONCURRENCY = {1, 8, 32, 64};
    private static final int BATCH_CLIENTS = 4;
    /** The first admin's password of the servers this starts (only ever on loopback, for the run). */
    private static final String ADMIN_PASSWORD = "serving-load-" + Long.toString(System.nanoTime(), 36);

    private ServingLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("rss")) {
            restingMemory(args.length > 1 ? args[1] : "256m");
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: ./mvnw -q -B -DskipTests package (" + jar + " is missing)");
        }
        Process server = startServer(jar, "1g");
        String base = baseOf(server);
        try {
            Api api = new Api(base);
            api.awaitReady(server);
            String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+.txt"));
            String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
            String model = api.trainAndDeploy("load-gbm", "intrusion", train, test, 100);
            String key = api.serviceKey();
            Requests bodies = Requests.json(singleRowBodies(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 2000)).with("X-API-Key", key);

            Driver driver = Wrk.available() ? new Wrk() : ServingLoad::drive;
            System.out.println("load generator: " + (driver instanceof Wrk ? "wrk (" + Wrk.version() + ")" : "Java HttpClient"));
            // the JIT compiles for about a minute after start (C2 alone used 24 s of CPU in one run): steady state only
            driver.drive(base + "/ml/predict", bodies, 16, Duration.ofSeconds(40), null);
            driver.drive(base + "/health", Requests.GET, 16, Duration.ofSeconds(10), null);
            CpuMeter cpu = new CpuMeter(server, DATA_DIRS.get(server));
            System.out.println("| endpoint | concurrency | requests/s | p50 ms | p99 ms | errors | CPU us/request: server | PostgreSQL"
                    + " | whole machine |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int c : CONCURRENCY) {
                print("GET /health", c, driver.drive(base + "/health", Requests.GET, c, Duration.ofSeconds(seconds), cpu));
                print("POST /ml/predict", c, driver.drive(base + "/ml/predict", bodies, c, Duration.ofSeconds(seconds), cpu));
            }
            Path rows = SharedData.dataset("nsl-kdd/KDDTest+.txt");
            System.out.println();
            String infer = base + "/v2/models/load-gbm/infer";
            batches(driver, "`instances` (JSON objects) to /ml/predict", base + "/ml/predict",
                    Requests.json(List.of(batchBody(rows, 1000))).with("X-API-Key", key), seconds);
            batches(driver, "inference protocol, JSON tensors", infer,
                    Requests.json(List.of(inferenceBody(rows, 1000))).with("X-API-Key", key), seconds);
            batches(driver, "inference protocol, binary tensors", infer, inferenceBinaryBody(rows, 1000).with("X-API-Key", key), seconds);
            for (int i = 2; i <= 10; i++) {
                api.trainAndDeploy("load-model-" + i, "slot-" + i, train, test, 20);
            }
            api.json("POST", "/ml/predict", "{\"modelType\": \"intrusion\", \"features\": {}}");
            System.out.printf("server RSS with 10 deployed models: %d MB (model %s)%n", rssMb(server.pid()), model);
        } finally {
            stopServer(server);
        }
    }

    /** RSS of a server at rest with 10 models deployed and loaded (one prediction each), for a given heap cap. */
    static void restingMemory(String heap) throws Exception {
        Process server = startServer(Path.of("vigil-server/target/vigil-server.jar"), heap);
        try {
            Api api = new Api(baseOf(server));
            api.awaitReady(server);
            String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+_20Percent.txt"));
            String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
            String one = batchBody(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 1);
            for (int i = 1; i <= 10; i++) {
                api.trainAndDeploy("rest-model-" + i, "slot-" + i, train, test, 100);
                api.json("POST", "/ml/predict", one.replace("\"intrusion\"", "\"slot-" + i + "\""));
            }
            // at rest: the launcher asks for a GC every 10 s when none ran, and the heap shrinks after it
            List<Long> samples = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Thread.sleep(5_000);
                samples.add(rssMb(server.pid()));
            }
            System.out.printf("server RSS at rest, 10 models of 100 trees deployed and loaded, -Xmx%s: %d MB after 60 s"
                    + " (every 5 s: %s)%n", heap, samples.get(samples.size() - 1), samples);
        } finally {
            stopServer(server);
        }
    }

    private static final java.util.Map<Process, String> BASES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Process, Path> DATA_DIRS = new java.util.concurrent.ConcurrentHashMap<>();

    static Process startServer(Path jar, String heap) throws IOException {
        return startServer(jar, heap, Map.of());
    }

    /** A server with these {@code VIGIL_*} settings too. */
    static Process startServer(Path jar, String heap, Map<String, String> env) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("vigil-load-");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
        String extra = System.getProperty("vigil.load.jvm", "").strip(); // e.g. -Dvigil.load.jvm="-XX:+UseSerialGC"
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
        pb.environment().put("VIGIL_PORT", Integer.toString(port));
        pb.environment().put("VIGIL_DATA_DIR", data.resolve("data").toString());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("VIGIL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putAll(env);
        Process server = pb.start();
        BASES.put(server, "http://127.0.0.1:" + port);
        DATA_DIRS.put(server, data.resolve("data"));
        return server;
    }

    /** Stops a server started here and removes its data (a trained model and two uploads: about 1 GB a run). */
    static void stopServer(Process server) throws InterruptedException {
        server.destroy();
        server.waitFor();
        Path data = DATA_DIRS.remove(server);
        if (data != null) {
            try (java.util.stream.Stream<Path> all = Files.walk(data.getParent())) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + data.getParent() + ": " + e);
            }
        }
    }

    static String baseOf(Process server) {
        return BASES.get(server);
    }

    private static void print(String endpoint, int c, Result r) {
        System.out.printf("| %s | %d | %.0f | %.2f | %.2f | %d | %s |%n", endpoint, c, r.perSecond, r.p50, r.p99, r.errors, r.cpu);
    }

    /** 1,000-row batches from {@value #BATCH_CLIENTS} clients, after 20 s for the JIT to compile this path. */
    private static void batches(Driver driver, String how, String url, Requests requests, int seconds) throws Exception {
        driver.drive(url, requests, BATCH_CLIENTS, Duration.ofSeconds(20), null);
        Result r = driver.drive(url, requests, BATCH_CLIENTS, Duration.ofSeconds(seconds), null);
        System.out.printf("batches of 1,000 rows, %s, %d clients: %.0f rows/s (per batch: p50 %.1f ms, p99 %.1f ms), %d errors%n",
                how, BATCH_CLIENTS, r.perSecond * 1000, r.p50, r.p99, r.errors);
    }

    /** Closed loop: each client sends its next request when the last answer arrived. */
    static Result drive(String url, Requests requests, int clients, Duration duration, CpuMeter cpu) throws InterruptedException {
        List<byte[]> bodies = requests.bodies();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Duration warmup = Duration.ofSeconds(2);
        List<long[]> perClient = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        Instant start = Instant.now();
        Instant measureFrom = start.plus(warmup);
        Instant end = measureFrom.plus(duration);
        for (int t = 0; t < clients; t++) {
            int offset = t * 7919;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 17];
                int n = 0;
                int i = offset;
                while (Instant.now().isBefore(end)) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
                    if (bodies == null) {
                        b.GET();
                    } else {
                        requests.headers().forEach(b::header);
                        b.POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i++ % bodies.size())));
                    }
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException | InterruptedException e) {
                        ok = false;
                    }
                    long took = System.nanoTime() - t0;
                    if (Instant.now().isAfter(measureFrom)) {
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                        if (n < latencies.length) {
                            latencies[n++] = took;
                        }
                    }
                }
                perClient.add(Arrays.copyOf(latencies, n));
                done.countDown();
            });
            thread.setDaemon(true);
            thread.start();
        }
        CpuMeter.Snapshot before = null;
        if (cpu != null) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), measureFrom).toMillis()));
            before = cpu.take();
        }
        done.await();
        CpuMeter.Snapshot after = cpu == null ? null : cpu.take();
        long total = perClient.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] a : perClient) {
            System.arraycopy(a, 0, all, k, a.length);
            k += a.length;
        }
        Arrays.sort(all);
        double secondsMeasured = duration.toMillis() / 1000.0;
        // throughput counts answered requests only; failures are reported beside it
        return new Result((total - errors.get()) / secondsMeasured, percentile(all, 0.50), percentile(all, 0.99), errors.get(),
                after == null ? "" : after.perRequest(before, total));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    /** {@code cpu}: CPU microseconds per request of the server, its PostgreSQL and the machine ("" when not measured). */
    record Result(double perSecond, double p50, double p99, long errors, String cpu) {}

    /** What a driver sends: GET when {@code bodies} is null, else POSTs cycling through the bodies, with these headers. */
    record Requests(List<byte[]> bodies, Map<String, String> headers) {
        static final Requests GET = new Requests(null, Map.of());

        static Requests json(List<String> bodies) {
            return new Requests(bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList(),
                    Map.of("Content-Type", "application/json"));
        }

        /** The same requests with one more header. */
        Requests with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Requests(bodies, more);
        }
    }

    /** Drives {@code url} with {@code clients} closed-loop clients. */
    interface Driver {
        /** Drives {@code url}; {@code cpu} (null for warm-ups) is read at the start and end of the measured time. */
        Result drive(String url, Requests requests, int clients, Duration duration, CpuMeter cpu) throws Exception;
    }

    /** Request bodies of single NSL-KDD rows (all 41 features), as a SOC pipeline would send them. */
    static List<String> singleRowBodies(Path file, int count) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (Map<String, Object> features : records(file, count)) {
            bodies.add(JSON.writeValueAsString(Map.of("modelType", "intrusion", "features", features)));
        }
        return bodies;
    }

    /** The rows as an Open Inference Protocol v2 request: one tensor per input, values column by column. */
    static String inferenceBody(Path file, int rows) throws IOException {
        List<Map<String, Object>> records = records(file, rows);
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (String name : records.get(0).keySet()) {
            List<Object> column = records.stream().map(r -> r.get(name)).toList();
            inputs.add(Map.of("name", name, "datatype", column.get(0) instanceof String ? "BYTES" : "FP64",
                    "shape", List.of(rows), "data", column));
        }
        return JSON.writeValueAsString(Map.of("inputs", inputs));
    }

    /**
     * The same request with the binary tensor data extension, as Triton's clients send it: the JSON
     * names each tensor and its byte size; the values follow it, little-endian (numbers as FP32).
     */
    static Requests inferenceBinaryBody(Path file, int rows) throws IOException {
        List<Map<String, Object>> records = records(file, rows);
        List<Map<String, Object>> inputs = new ArrayList<>();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (String name : records.get(0).keySet()) {
            boolean text = records.get(0).get(name) instanceof String;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rows * (text ? 64 : 4)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (Map<String, Object> r : records) {
                if (text) {
                    byte[] utf8 = ((String) r.get(name)).getBytes(StandardCharsets.UTF_8);
                    b.putInt(utf8.length).put(utf8);
                } else {
                    b.putFloat(((Number) r.get(name)).floatValue());
                }
            }
            data.write(b.array(), 0, b.position());
            inputs.add(Map.of("name", name, "datatype", text ? "BYTES" : "FP32", "shape", List.of(rows),
                    "parameters", Map.of("binary_data_size", b.position())));
        }
        byte[] json = JSON.writeValueAsBytes(Map.of("inputs", inputs, "parameters", Map.of("binary_data_output", true)));
        byte[] body = Arrays.copyOf(json, json.length + data.size());
        System.arraycopy(data.toByteArray(), 0, body, json.length, data.size());
        return new Requests(List.of(body), Map.of("Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(json.length)));
    }

    static String batchBody(Path file, int rows) throws IOException {
        return JSON.writeValueAsString(Map.of("modelType", "intrusion", "instances", records(file, rows)));
    }

    static List<Map<String, Object>> records(Path file, int count) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> names = NslKdd.COLUMNS;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (out.size() == count) {
                break;
            }
            String[] cells = line.split(",", -1); // NSL-KDD has no quoting
            Map<String, Object> features = new LinkedHashMap<>();
            for (int c = 0; c < 41; c++) {
                String v = cells[c];
                features.put(names.get(c), v.matches("-?[0-9.]+") ? (Object) Double.parseDouble(v) : v);
            }
            out.add(features);
        }
        return out;
    }

    private static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * The few API calls the set-up needs, as the first admin (logged in on first use); against a
     * build from before identity existed (no {@code /auth/login}), without credentials.
     */
    static final class Api {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final String base;
        private String token;
        private boolean open;

        Api(String base) {
            this.base = base;
        }

        /** Whether the server has no identity at all (a build from before issue 18). */
        boolean open() throws IOException, InterruptedException {
            authorization();
            return open;
        }

        private HttpRequest.Builder authorized(HttpRequest.Builder b) throws IOException, InterruptedException {
            String authorization = authorization();
            return authorization == null ? b : b.header("Authorization", authorization);
        }

        private String authorization() throws IOException, InterruptedException {
            if (token == null && !open) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", "admin",
                                "password", ADMIN_PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404) {
                    open = true;
                    return null;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("cannot log in: " + r.body());
                }
                token = JSON.readTree(r.body()).get("token").asText();
            }
            return open ? null : "Bearer " + token;
        }

        /** A {@code service} API key: what the scoring requests carry. */
        String serviceKey() throws IOException, InterruptedException {
            return json("POST", "/auth/keys", "{\"name\": \"serving-load\", \"role\": \"service\"}").get("key").asText();
        }

        void awaitReady(Process server) throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(120);
            while (Instant.now().isBefore(deadline)) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited; see its log");
                }
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("server not ready in 120 s");
        }

        String upload(Path file) throws IOException, InterruptedException {
            String boundary = "vigil-load-" + System.nanoTime();
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"columns\"\r\n\r\n"
                    + String.join(",", NslKdd.COLUMNS) + "\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"labelColumn\"\r\n\r\nlabel\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName() + "\"\r\n\r\n";
            String tail = "\r\n--" + boundary + "--\r\n";
            HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(base + "/ml/datasets/upload")))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(List.of(
                            stream(head), open(file), stream(tail)))))).build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("upload failed: " + r.body());
            }
            return JSON.readTree(r.body()).get("id").asText();
        }

        String trainAndDeploy(String name, String type, String train, String test, int rounds) throws Exception {
            String id = json("POST", "/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + type
                    + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"dropColumns\": [\"difficulty\"],"
                    + " \"hyperparameters\": {\"rounds\": " + rounds + ", \"max_depth\": 6},"
                    + " \"binarize\": {\"negativeClass\": \"normal\", \"positiveClass\": \"attack\"}}").get("id").asText();
            String job = json("POST", "/ml/models/" + id + "/train", "{\"datasetId\": \"" + train + "\"}").get("id").asText();
            while (true) {
                String state = json("GET", "/ml/jobs/" + job, null).get("state").asText();
                if (state.equals("succeeded")) {
                    break;
                }
                if (!state.equals("queued") && !state.equals("running")) {
                    throw new IllegalStateException("training " + state);
                }
                Thread.sleep(500);
            }
            json("POST", "/ml/models/" + id + "/validate", "{\"datasetId\": \"" + test + "\", \"thresholds\": {\"accuracy\": 0.5}}");
            json("POST", "/ml/models/" + id + "/deploy", "{}");
            return id;
        }

        JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = authorized(HttpRequest.newBuilder(URI.create(base + path)));
            b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        }

        private static InputStream stream(String s) {
            return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
        }

        private static InputStream open(Path file) {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
