package io.vigil.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vigil.engine.datasets.SharedData;
import io.vigil.grpc.v1.PredictRequest;
import io.vigil.grpc.v1.PredictResponse;
import io.vigil.grpc.v1.PredictionsGrpc;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single predictions over gRPC next to REST, in one run against one server (a child process of
 * {@code vigil-server.jar}, as {@link ServingLoad} starts it) with the same 100-tree NSL-KDD model:
 * {@code POST /ml/predict} (one row, Java HttpClient over HTTP/1.1 keep-alive, or {@code wrk} when
 * installed), the Open Inference Protocol's {@code ModelInfer} (one row, one tensor per input, unary
 * calls on one HTTP/2 connection, from grpc-java and, when installed, from {@code h2load}) and Vigil's {@code Predict} stream (each client a stream that sends
 * an event and waits for its answer), each with closed-loop clients at concurrency 1, 8, 32 and 64.
 * Every call carries a {@code service} API key. The Java clients run in this JVM, on the same cores
 * as the server. Prints a markdown table.
 *
 * <pre>
 * ./mvnw -q -B -o -DskipTests package -pl vigil-bench -am
 * OMP_WAIT_POLICY=PASSIVE java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.GrpcServingLoad [seconds-per-step]
 * </pre>
 * {@code -Dvigil.load.verdicts=false} turns verdicts to security events off (the runtime section
 * {@code events}): h2load repeats one row, an attack, which would make every call an event, against the
 * other clients' 57 %. With {@code -Dvigil.load.hold=true} it sets the server up, prints its ports, a {@code service} key and a
 * file holding one framed {@code ModelInfer} call (for {@code h2load -d}), and waits: load by hand.
 */
public final class GrpcServingLoad {
    private static final int[] CONCURRENCY = {1, 8, 32, 64};

    private GrpcServingLoad() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: ./mvnw -q -B -DskipTests package (" + jar + " is missing)");
        }
        int grpcPort;
        try (ServerSocket s = new ServerSocket(0)) {
            grpcPort = s.getLocalPort();
        }
        Process server = ServingLoad.startServer(jar, "1g", Map.of("VIGIL_GRPC_ENABLED", "true", "VIGIL_GRPC_PORT", Integer.toString(grpcPort)));
        String base = ServingLoad.baseOf(server);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            ServingLoad.Api api = new ServingLoad.Api(base);
            api.awaitReady(server);
            String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+.txt"));
            String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
            api.trainAndDeploy("load-gbm", "intrusion", train, test, 100);
            String key = api.serviceKey();
            boolean verdicts = Boolean.parseBoolean(System.getProperty("vigil.load.verdicts", "true"));
            if (!verdicts) { // the protocols alone: no security event made from an attack's verdict (57 % of these rows)
                api.json("PUT", "/ml/config/events", "{\"fromPredictions\": false}");
            }
            Path rows = SharedData.dataset("nsl-kdd/KDDTest+.txt");
            List<Map<String, Object>> records = ServingLoad.records(rows, 2000);
            ServingLoad.Requests rest = ServingLoad.Requests.json(ServingLoad.singleRowBodies(rows, 2000)).with("X-API-Key", key);
            List<ModelInferRequest> infers = records.stream().map(GrpcServingLoad::inferRequest).toList();
            List<PredictRequest> events = records.stream().map(r -> PredictRequest.newBuilder().setModelType("intrusion")
                    .setFeatures(struct(r)).build()).toList();
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);

            ServingLoad.Driver http = Wrk.available() ? new Wrk() : ServingLoad::drive;
            boolean h2load = H2load.available();
            String inferUrl = "http://127.0.0.1:" + grpcPort + "/" + GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName();
            byte[] oneInfer = infers.get(0).toByteArray();
            if (h2load) { // h2load reads no gRPC status: the call it repeats must answer OK
                GRPCInferenceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                        .modelInfer(infers.get(0));
            }
            if (Boolean.getBoolean("vigil.load.hold")) { // the server as set up, for load runs by hand (profilers, other clients)
                Path call = Files.write(Files.createTempFile("vigil-model-infer-", ".bin"), H2load.framed(oneInfer));
                call.toFile().deleteOnExit();
                System.out.println("holding: REST " + base + ", gRPC 127.0.0.1:" + grpcPort + ", x-api-key " + key + ", one framed ModelInfer call in "
                        + call + ", server pid " + server.pid() + "; stop with Ctrl-C");
                server.waitFor();
                return;
            }
            System.out.println("REST load generator: " + (http instanceof Wrk ? "wrk (" + Wrk.version() + ")" : "Java HttpClient")
                    + "; gRPC: grpc-java clients in this JVM" + (h2load ? ", and h2load (" + H2load.version() + ")" : "")
                    + "; verdicts to security events " + (verdicts ? "on" : "off") + "; load average at the start: " + loadAverage());
            // steady state only: the JIT compiles each path for a while after start
            http.drive(base + "/ml/predict", rest, 16, Duration.ofSeconds(30), null);
            unary(channel, auth, infers, 16, Duration.ofSeconds(30));
            streams(channel, auth, events, 16, Duration.ofSeconds(30));
            System.out.println("| protocol | concurrency | predictions/s | p50 ms | p99 ms | errors |");
            System.out.println("|---|---|---|---|---|---|");
            for (int c : CONCURRENCY) {
                print("REST `POST /ml/predict`", c, http.drive(base + "/ml/predict", rest, c, Duration.ofSeconds(seconds), null));
                print("gRPC `ModelInfer` (unary)", c, unary(channel, auth, infers, c, Duration.ofSeconds(seconds)));
                if (h2load) {
                    print("gRPC `ModelInfer` (unary, h2load)", c, H2load.drive(inferUrl, oneInfer, Map.of("x-api-key", key), c,
                            Duration.ofSeconds(seconds)));
                }
                print("gRPC `vigil.v1.Predict` (streams)", c, streams(channel, auth, events, c, Duration.ofSeconds(seconds)));
            }
            System.out.println("load average at the end: " + loadAverage());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            ServingLoad.stopServer(server);
        }
    }

    /** The machine's load averages (1, 5, 15 min): the cores are shared, and the figures mean little when this is high. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void print(String protocol, int c, ServingLoad.Result r) {
        System.out.printf("| %s | %d | %.0f | %.2f | %.2f | %d |%n", protocol, c, r.perSecond(), r.p50(), r.p99(), r.errors());
    }

    /** One row as a ModelInferRequest: one tensor per input, BYTES for text, FP64 for numbers. */
    static ModelInferRequest inferRequest(Map<String, Object> record) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("load-gbm");
        record.forEach((name, v) -> {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            boolean text = v instanceof String;
            if (text) {
                contents.addBytesContents(ByteString.copyFromUtf8((String) v));
            } else {
                contents.addFp64Contents(((Number) v).doubleValue());
            }
            request.addInputs(InferInputTensor.newBuilder().setName(name).setDatatype(text ? "BYTES" : "FP64").addShape(1)
                    .setContents(contents));
        });
        return request.build();
    }

    static Struct struct(Map<String, Object> record) {
        Struct.Builder s = Struct.newBuilder();
        record.forEach((k, v) -> s.putFields(k, v instanceof Number n ? Value.newBuilder().setNumberValue(n.doubleValue()).build()
                : Value.newBuilder().setStringValue(v.toString()).build()));
        return s.build();
    }

    /** Closed loop of unary calls: each client sends its next call when the last answer arrived. */
    static ServingLoad.Result unary(ManagedChannel channel, Metadata auth, List<ModelInferRequest> requests, int clients,
                                    Duration duration) throws InterruptedException {
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        return run(clients, duration, (client, latencies, errors, measureFrom, end) -> {
            int i = client * 7919;
            int n = 0;
            while (Instant.now().isBefore(end)) {
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    ok = stub.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(requests.get(i++ % requests.size())).getOutputsCount() > 0;
                } catch (RuntimeException e) {
                    ok = false;
                }
                n = record(latencies, n, System.nanoTime() - t0, ok, errors, measureFrom);
            }
            return n;
        });
    }

    /** One bidirectional stream per client: an event, then its answer, then the next event. */
    static ServingLoad.Result streams(ManagedChannel channel, Metadata auth, List<PredictRequest> events, int clients,
                                      Duration duration) throws InterruptedException {
        PredictionsGrpc.PredictionsStub stub = PredictionsGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        return run(clients, duration, (client, latencies, errors, measureFrom, end) -> {
            BlockingQueue<Object> answers = new ArrayBlockingQueue<>(4);
            CountDownLatch closed = new CountDownLatch(1);
            StreamObserver<PredictRequest> out = stub.predict(new StreamObserver<>() {
                public void onNext(PredictResponse r) {
                    answers.add(r);
                }

                public void onError(Throwable t) {
                    answers.add(t);
                    closed.countDown();
                }

                public void onCompleted() {
                    closed.countDown();
                }
            });
            int i = client * 7919;
            int n = 0;
            while (Instant.now().isBefore(end)) {
                long t0 = System.nanoTime();
                out.onNext(events.get(i++ % events.size()));
                Object answer;
                try {
                    answer = answers.poll(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                boolean ok = answer instanceof PredictResponse r && r.hasPrediction();
                n = record(latencies, n, System.nanoTime() - t0, ok, errors, measureFrom);
                if (!(answer instanceof PredictResponse)) {
                    break; // the stream failed
                }
            }
            out.onCompleted();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        });
    }

    private static int record(long[] latencies, int n, long took, boolean ok, AtomicLong errors, Instant measureFrom) {
        if (Instant.now().isAfter(measureFrom)) {
            if (!ok) {
                errors.incrementAndGet();
            }
            if (n < latencies.length) {
                latencies[n++] = took;
            }
        }
        return n;
    }

    interface Client {
        /** Runs until {@code end}; returns how many latencies it wrote. */
        int run(int client, long[] latencies, AtomicLong errors, Instant measureFrom, Instant end);
    }

    private static ServingLoad.Result run(int clients, Duration duration, Client body) throws InterruptedException {
        Duration warmup = Duration.ofSeconds(2);
        List<long[]> perClient = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        Instant measureFrom = Instant.now().plus(warmup);
        Instant end = measureFrom.plus(duration);
        for (int t = 0; t < clients; t++) {
            int client = t;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 18];
                int n = body.run(client, latencies, errors, measureFrom, end);
                perClient.add(Arrays.copyOf(latencies, n));
                done.countDown();
            });
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double secondsMeasured = duration.toMillis() / 1000.0;
        return new ServingLoad.Result((all.length - errors.get()) / secondsMeasured, percentile(all, 0.50), percentile(all, 0.99),
                errors.get(), "");
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }
}
