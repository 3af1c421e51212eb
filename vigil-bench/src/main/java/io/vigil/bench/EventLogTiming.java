package io.vigil.bench;

import io.vigil.server.eventlog.EventLog;
import io.vigil.server.eventlog.EventLogSettings;
import io.vigil.server.eventlog.EventLogStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What an append to the JSON-lines event log costs, by hand: {@code threads} writers each append
 * {@code events} security-event-like objects (about 700 bytes of JSON) one at a time, with
 * {@code fsync} never and always, files rotated at 16 MiB and compressed. Prints events per second,
 * each append's latency (median, p99) and how many lines one write carried (group commit).
 *
 * <pre>
 * java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.EventLogTiming [dir=target/eventlog-timing] [events=20000]
 * </pre>
 */
public final class EventLogTiming {
    private EventLogTiming() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "vigil-bench/target/eventlog-timing");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path warmUp = root.resolve("warm-up");
        deleteAll(warmUp);
        run(new EventLogSettings(true, warmUp, 16L << 20, 1000, true, EventLogSettings.Fsync.NEVER), 4, 5_000, false); // JIT
        for (EventLogSettings.Fsync fsync : EventLogSettings.Fsync.values()) {
            for (int threads : new int[] {1, 4, 16}) {
                Path dir = root.resolve(fsync.wire() + "-" + threads);
                deleteAll(dir);
                EventLogSettings settings = new EventLogSettings(true, dir, 16L << 20, 1000, true, fsync);
                int perThread = fsync == EventLogSettings.Fsync.ALWAYS && threads == 1 ? Math.min(events, 2_000) : events / threads;
                run(settings, threads, perThread, true);
            }
        }
    }

    private static void run(EventLogSettings settings, int threads, int perThread, boolean print) throws Exception {
        long[][] latencies = new long[threads][perThread];
        CountDownLatch start = new CountDownLatch(1);
        EventLogStats stats;
        long elapsed;
        try (EventLog log = EventLog.open(settings, Clock.systemUTC())) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        Map<String, Object> event = event(thread, i);
                        long t0 = System.nanoTime();
                        log.append(event);
                        latencies[thread][i] = System.nanoTime() - t0;
                    }
                });
                w.start();
                writers.add(w);
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread w : writers) w.join();
            elapsed = System.nanoTime() - t0;
            stats = log.stats();
        }
        if (!print) return;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "fsync %-6s %2d threads: %,9.0f events/s, append median %7.1f us, p99 %8.1f us;"
                        + " %.1f lines per write, %d rotations, %.0f bytes per line%n",
                settings.fsync().wire(), threads, all.length / (elapsed / 1e9), all[all.length / 2] / 1e3,
                all[(int) (all.length * 0.99)] / 1e3, (double) stats.lines() / stats.writes(), stats.rotations(),
                (double) stats.bytes() / stats.lines());
    }

    /** Shaped like a security event: ids, entities, scores, rules, top features, the raw input. */
    static Map<String, Object> event(int thread, int i) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", "0193a5c2-7d4e-7b1a-9f00-" + String.format(Locale.ROOT, "%04d%08d", thread, i));
        e.put("kind", "prediction");
        e.put("at", "2026-12-05T17:31:06.123Z");
        e.put("modelType", "network-intrusion");
        e.put("modelVersion", 3);
        e.put("severity", "high");
        e.put("sourceHost", "10.0." + thread + "." + (i % 250));
        e.put("destinationHost", "192.168.1.20");
        e.put("mlScore", 0.913);
        e.put("ruleScore", 0.95);
        e.put("finalScore", 0.95);
        e.put("divergence", "none");
        e.put("rulesFired", List.of("syn-flood", "rerror-storm"));
        e.put("topFeatures", List.of(Map.of("name", "count", "contribution", 2.31), Map.of("name", "flag", "contribution", 1.12),
                Map.of("name", "dst_host_rerror_rate", "contribution", 0.87)));
        Map<String, Object> raw = new LinkedHashMap<>();
        String[] cells = RulesBenchmark.SYN_FLOOD.split(",");
        for (int k = 0; k < 12; k++) raw.put(io.vigil.engine.datasets.NslKdd.COLUMNS.get(k), cells[k]);
        e.put("input", raw);
        return e;
    }

    private static void deleteAll(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
