package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.datasets.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka stream scoring end to end on this machine: a KRaft broker in this process, {@code vigil-server.jar} as
 * a child process with the same NSL-KDD model as {@link ServingLoad} (gbm, 100 rounds, depth 6) deployed to
 * {@code intrusion}, {@code N} KDDTest+ connections (cycled) written to a 3-partition topic first; then a stream
 * is configured and the clock runs from that answer until its last verdict is in the output topic (read here
 * with a plain consumer): events per second through Kafka, Vigil and Kafka again. Run twice: with threat
 * verdicts (the default: each record judged by the rules, record by record) and with verdicts off
 * ({@code events.fromPredictions: false}: the batch scored by columns); {@code columns} runs the second alone, {@code judged} the
 * first alone (on a fresh server: the search index of the first run's events is still merged during the second). Each run after
 * a warm-up stream. {@code scoringThreads}: the stream's (default: the server's). Besides the wall clock, each run reports the CPU
 * time the Vigil process and this process (the broker and the verdicts' reader) used, so a figure taken on a busy machine
 * still says what the work costs.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * OMP_WAIT_POLICY=PASSIVE java -Dvigil.shared.dir=../shared -cp vigil-bench/target/benchmarks.jar io.vigil.bench.KafkaStreamLoad [events] [batchSize] [both|columns|judged] [scoringThreads]
 * </pre>
 */
public final class KafkaStreamLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaStreamLoad() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String which = args.length > 2 ? args[2] : "both";
        Integer threads = args.length > 3 ? Integer.valueOf(args[3]) : null;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: ./mvnw -q -B -DskipTests package (" + jar + " is missing)");
        }
        try (BenchKafka kafka = new BenchKafka()) {
            Process server = ServingLoad.startServer(jar, "1g", Map.of("VIGIL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
            try {
                ServingLoad.Api api = new ServingLoad.Api(ServingLoad.baseOf(server));
                api.awaitReady(server);
                String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+.txt"));
                String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
                api.trainAndDeploy("stream-gbm", "intrusion", train, test, 100);
                List<byte[]> bodies = new ArrayList<>();
                for (Map<String, Object> r : ServingLoad.records(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 22_544)) {
                    bodies.add(JSON.writeValueAsBytes(r));
                }
                String input = "bench-events";
                kafka.createTopic(input, 3);
                long produceStart = System.nanoTime();
                produce(kafka.bootstrapServers(), input, bodies, events);
                double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
                System.out.printf("wrote %,d events to %s (3 partitions) in %.1f s: %,.0f/s%n", events, input, produceSeconds,
                        events / produceSeconds);
                System.out.println("| verdicts | run | events | batch | threads | seconds | events/s end to end | Vigil CPU s | broker+reader CPU s "
                        + "| events per CPU-second | dead letters |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
                boolean[] modes = which.equals("columns") ? new boolean[] {false} : which.equals("judged") ? new boolean[] {true}
                        : new boolean[] {true, false};
                for (boolean verdicts : modes) {
                    api.json("PUT", "/ml/config/events", "{\"fromPredictions\": " + verdicts + "}");
                    for (String run : List.of("warm-up", "measured")) {
                        String name = "bench-" + (verdicts ? "judged" : "columns") + "-" + run;
                        double vigilBefore = cpuSeconds(server.toHandle());
                        double hereBefore = ownCpuSeconds();
                        Result r = run(api, kafka, input, name, batch, threads, events);
                        double vigil = cpuSeconds(server.toHandle()) - vigilBefore;
                        double here = ownCpuSeconds() - hereBefore;
                        System.out.printf("| %s | %s | %,d | %d | %s | %.1f | %,.0f | %.1f | %.1f | %,.0f | %d |%n", verdicts ? "on" : "off", run,
                                events, batch, threads == null ? "default" : threads, r.seconds, events / r.seconds, vigil, here,
                                events / (vigil + here), r.deadLettered);
                    }
                }
            } finally {
                ServingLoad.stopServer(server);
            }
        }
    }

    record Result(double seconds, long deadLettered) {}

    /** CPU time (user and system) a process used so far. */
    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
    }

    /** This process's CPU time so far: the broker's and the verdicts' reader's, during a run. */
    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Configures stream {@code name} (a fresh group, so it reads the input from its start) and times it to its last verdict. */
    static Result run(ServingLoad.Api api, BenchKafka kafka, String input, String name, int batch, Integer threads, int events)
            throws Exception {
        String output = name + "-verdicts";
        kafka.createTopic(output, 3);
        Map<String, Object> stream = new java.util.LinkedHashMap<>(Map.of("name", name, "inputTopic", input, "outputTopic", output,
                "deadLetterTopic", name + "-dead", "modelType", "intrusion", "batchSize", batch));
        if (threads != null) {
            stream.put("scoringThreads", threads);
        }
        String body = JSON.writeValueAsString(Map.of("streams", List.of(stream)));
        long start = System.nanoTime();
        api.json("PUT", "/ml/config/streams", body);
        AtomicLong seen = new AtomicLong();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("max.poll.records", "5000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(output, 0), new TopicPartition(output, 1),
                    new TopicPartition(output, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen.get() < events && System.nanoTime() < deadline) {
                seen.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode status = api.json("GET", "/ml/streams/" + name, null);
        if (seen.get() < events) {
            throw new IllegalStateException(name + ": only " + seen.get() + " of " + events + " verdicts in 10 minutes: " + status);
        }
        return new Result(seconds, status.path("deadLettered").asLong());
    }

    static void produce(String brokers, String topic, List<byte[]> bodies, int events) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("acks", "all");
        p.put("linger.ms", "10");
        p.put("batch.size", Integer.toString(256 * 1024));
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, null, bodies.get(i % bodies.size())));
            }
        }
    }
}
