package io.vigil.bench;

import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.datasets.SharedData;
import io.vigil.server.eventsearch.EmbeddingRepository;
import io.vigil.server.eventsearch.EventSearch;
import io.vigil.server.eventsearch.FeatureScales;
import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import io.vigil.server.eventsearch.MiniLmEmbedder;
import io.vigil.server.eventsearch.SearchAnswer;
import io.vigil.server.eventsearch.SearchFilters;
import io.vigil.server.eventsearch.SearchHit;
import io.vigil.server.eventsearch.SearchableEvent;
import io.vigil.server.eventsearch.SimilarEvent;
import io.vigil.server.eventsearch.StoredEvents;
import io.vigil.server.eventsearch.TextEmbedder;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Event search at 100,000 events (BENCHMARKS.md, "Event search"), through {@code EventSearch}'s public
 * API on a real index and an embedded PostgreSQL:
 * <ol>
 *   <li>embedding throughput of all-MiniLM-L6-v2, one and two threads;</li>
 *   <li>top-10 similar events over the first 100,000 rows of KDDTrain+ (38 numeric features, scales from
 *       the same rows), queried with KDDTest+ rows: latency, and recall@10 against brute force over the
 *       standardised vectors computed here (a hit counts if it is no farther than the 10th true neighbour:
 *       NSL-KDD has many identical rows);</li>
 *   <li>search in words over the same 100,000 events: each event's text vector is one of 6,000 real
 *       embeddings of distinct event texts (made from the rows), plus noise of 0.002 per component that
 *       only breaks ties between the copies (embedding 100,000 texts would take half an hour here), queries
 *       embedded beforehand so the time is the search's after the embedding; recall@10 against brute-force cosine.</li>
 * </ol>
 * {@code java -Xmx3g -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.EventSearchTiming [events]}
 */
public final class EventSearchTiming {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final String TYPE = "nsl-kdd";
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int DISTINCT_TEXTS = 6_000;
    private static final double TEXT_NOISE = 0.002; // breaks ties between copies of one text without blurring one text into another

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<String[]> train = rows("KDDTrain+.txt");
        List<String[]> test = rows("KDDTest+.txt");
        List<String> numeric = numericColumns(train.get(0));
        List<String[]> stored = train.subList(0, Math.min(n, train.size()));
        List<FeatureScale> scales = scales(stored, numeric);
        MiniLmEmbedder model = new MiniLmEmbedder();

        embeddingThroughput(model, texts(test, 600));
        if (args.length > 1 && args[1].equals("embedding-only")) return;

        // the text vectors: DISTINCT_TEXTS real embeddings, each event one of them plus noise
        List<String> distinct = texts(train, DISTINCT_TEXTS);
        float[][] base = new float[distinct.size()][];
        for (int i = 0; i < base.length; i++) base[i] = model.embed(distinct.get(i));
        Random random = new Random(22);
        Map<String, float[]> vectorOfText = new ConcurrentHashMap<>();
        List<SearchableEvent> events = new ArrayList<>();
        float[][] eventText = new float[stored.size()][];
        float[][] eventFeatures = new float[stored.size()][];
        for (int i = 0; i < stored.size(); i++) {
            String text = distinct.get(i % distinct.size()) + " #" + i;
            eventText[i] = noisy(base[i % base.length], random);
            vectorOfText.put(text, eventText[i]);
            Map<String, Object> input = input(stored.get(i), numeric);
            eventFeatures[i] = standardised(scales, input);
            String severity = i % 10 == 0 ? "critical" : i % 3 == 0 ? "warning" : "info";
            events.add(new SearchableEvent(new UUID(0, i), TYPE, NOW.minusSeconds(30L * i), severity, i % 17 == 0, List.of(), input, text));
        }
        List<String> queries = List.of("denial of service flood of SYN packets", "port scan probing many services",
                "password guessing against telnet", "unusual ftp data transfer", "normal web browsing", "smurf attack with icmp echo",
                "remote to local attack on a mail server", "user to root privilege escalation", "many connections with errors to one host",
                "a host sweeping the network");
        for (String q : queries) vectorOfText.put(q, model.embed(q));
        TextEmbedder precomputed = new TextEmbedder() {
            @Override
            public String model() {
                return model.model();
            }

            @Override
            public int dimensions() {
                return model.dimensions();
            }

            @Override
            public float[] embed(String text) {
                float[] v = vectorOfText.get(text);
                if (v == null) throw new IllegalStateException("not precomputed: " + text);
                return v;
            }
        };

        Path dir = Files.createTempDirectory("vigil-bench-search-");
        try (Database db = Database.start(DatabaseSettings.embedded(dir.resolve("postgres")))) {
            FeatureScales featureScales = type -> TYPE.equals(type) ? Optional.of(scales) : Optional.empty();
            StoredEvents none = new StoredEvents() {
                @Override
                public long count() {
                    return 0;
                }

                @Override
                public void forEach(Consumer<? super SearchableEvent> sink) {}
            };
            try (EventSearch search = new EventSearch(dir, featureScales, none, new EmbeddingRepository(db.jdbi()), precomputed,
                    Clock.fixed(NOW, ZoneOffset.UTC), 10_000)) {
                search.start();
                long t0 = System.nanoTime();
                for (int i = 0; i < events.size(); i += 1_000) search.index(events.subList(i, Math.min(events.size(), i + 1_000)));
                if (!search.awaitSearchable(Duration.ofHours(1))) throw new IllegalStateException("not searchable within an hour");
                System.out.printf(Locale.ROOT, "indexed %d events (features and text vectors) in %.1f s%n", events.size(),
                        (System.nanoTime() - t0) / 1e9);
                similar(search, test, numeric, scales, eventFeatures);
                words(search, queries, vectorOfText, eventText, events);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void embeddingThroughput(MiniLmEmbedder model, List<String> texts) throws InterruptedException {
        for (int i = 0; i < 50; i++) model.embed(texts.get(i)); // load and warm
        for (int threads : new int[] {1, 2}) {
            int per = texts.size() / 2;
            Thread[] workers = new Thread[threads];
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int from = t * per;
                workers[t] = new Thread(() -> {
                    for (int i = from; i < from + per; i++) model.embed(texts.get(i));
                });
                workers[t].start();
            }
            for (Thread w : workers) w.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "embedding, %d thread(s): %d texts (mean %d chars) in %.2f s = %.0f texts/s%n", threads,
                    per * threads, texts.stream().mapToInt(String::length).sum() / texts.size(), seconds, per * threads / seconds);
        }
    }

    private static void similar(EventSearch search, List<String[]> test, List<String> numeric, List<FeatureScale> scales,
                                float[][] stored) {
        Random random = new Random(7);
        int warm = 300;
        int measured = 1_000;
        double[] millis = new double[measured];
        double[] cpu = new double[measured];
        double recall = 0;
        for (int q = 0; q < warm + measured; q++) {
            Map<String, Object> input = input(test.get(random.nextInt(test.size())), numeric);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<SimilarEvent> near = search.similar(TYPE, input, 10, SearchFilters.NONE);
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            if (q < warm) continue;
            millis[q - warm] = (t1 - t0) / 1e6;
            cpu[q - warm] = (c1 - c0) / 1e6;
            recall += recall(near.stream().mapToDouble(SimilarEvent::distance).toArray(), standardised(scales, input), stored);
        }
        report("similar, top 10 of " + stored.length, millis, cpu, recall / measured);
    }

    private static void words(EventSearch search, List<String> queries, Map<String, float[]> vectors, float[][] texts,
                              List<SearchableEvent> events) {
        for (SearchFilters filters : List.of(SearchFilters.NONE, new SearchFilters(NOW.minus(Duration.ofDays(7)), null,
                java.util.Set.of("critical"), null, null, null, null))) {
            int warm = 100;
            int measured = 500;
            double[] millis = new double[measured];
            double[] cpu = new double[measured];
            double recall = 0;
            for (int q = 0; q < warm + measured; q++) {
                String query = queries.get(q % queries.size());
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                SearchAnswer a = search.search(query, filters, 10);
                long t1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                if (q < warm) continue;
                millis[q - warm] = (t1 - t0) / 1e6;
                cpu[q - warm] = (c1 - c0) / 1e6;
                recall += cosineRecall(a.hits(), vectors.get(query), texts, events, filters);
            }
            report("search in words, top 10 of " + texts.length + (filters.isEmpty() ? "" : ", critical in the last 7 days"), millis, cpu,
                    recall / measured);
        }
    }

    /** Recall@10 by distance: a hit counts if it is no farther than the 10th nearest of brute force (ties count). */
    private static double recall(double[] hitDistances, float[] query, float[][] stored) {
        double[] d = new double[stored.length];
        for (int i = 0; i < stored.length; i++) d[i] = Math.sqrt(squared(stored[i], query));
        Arrays.sort(d);
        double tenth = d[Math.min(9, d.length - 1)];
        int ok = 0;
        for (double h : hitDistances) if (h <= tenth + 1e-3 * (1 + tenth)) ok++;
        return ok / 10.0;
    }

    private static double cosineRecall(List<SearchHit> hits, float[] query, float[][] texts, List<SearchableEvent> events, SearchFilters f) {
        List<Double> sims = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            SearchableEvent e = events.get(i);
            if (f.from() != null && e.at().isBefore(f.from())) continue;
            if (f.severities() != null && !f.severities().contains(e.severity())) continue;
            sims.add(cosine(texts[i], query));
        }
        sims.sort((a, b) -> Double.compare(b, a));
        double tenth = sims.get(Math.min(9, sims.size() - 1));
        int ok = 0;
        for (SearchHit h : hits) if (h.similarity() >= tenth - 1e-4) ok++;
        return ok / 10.0;
    }

    private static void report(String what, double[] millis, double[] cpu, double recall) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(Locale.ROOT, "%s: %d queries, wall mean %.2f ms, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms;"
                        + " CPU of the querying thread p50 %.2f ms, p90 %.2f ms; recall@10 %.4f%n", what, millis.length,
                Arrays.stream(millis).average().orElse(0), sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)],
                sorted[(int) (sorted.length * 0.99)], cpuSorted[cpuSorted.length / 2], cpuSorted[(int) (cpuSorted.length * 0.9)], recall);
    }

    private static float[] noisy(float[] v, Random random) {
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] + TEXT_NOISE * random.nextGaussian());
            norm += out[i] * out[i];
        }
        for (int i = 0; i < v.length; i++) out[i] /= (float) Math.sqrt(norm);
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double squared(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    /** (x - mean) / std, computed here rather than by the server's code: the recall is checked against an independent vector. */
    private static float[] standardised(List<FeatureScale> scales, Map<String, Object> input) {
        float[] v = new float[scales.size()];
        for (int i = 0; i < v.length; i++) {
            FeatureScale s = scales.get(i);
            double x = ((Number) input.get(s.name())).doubleValue();
            v[i] = (float) ((x - s.mean()) / (s.std() > 0 ? s.std() : 1));
        }
        return v;
    }

    private static List<FeatureScale> scales(List<String[]> rows, List<String> numeric) {
        List<FeatureScale> scales = new ArrayList<>();
        for (String name : numeric) {
            int c = NslKdd.COLUMNS.indexOf(name);
            double sum = 0;
            double sq = 0;
            for (String[] r : rows) {
                double x = Double.parseDouble(r[c]);
                sum += x;
                sq += x * x;
            }
            double mean = sum / rows.size();
            scales.add(new FeatureScale(name, mean, Math.sqrt(Math.max(0, sq / rows.size() - mean * mean))));
        }
        return scales;
    }

    private static Map<String, Object> input(String[] row, List<String> numeric) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name : numeric) m.put(name, Double.parseDouble(row[NslKdd.COLUMNS.indexOf(name)]));
        m.put("service", row[2]);
        return m;
    }

    /** Event texts made from rows: the kind of traffic, its service and flag, a few counts; the first {@code limit} distinct. */
    private static List<String> texts(List<String[]> rows, int limit) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String[] r : rows) {
            String label = r[NslKdd.COLUMNS.indexOf(NslKdd.LABEL)];
            String text = String.format(Locale.ROOT, "%s traffic on %s over %s, flag %s. Prediction event, severity %s. The nsl-kdd model says %s."
                            + " Source host 10.0.%s.%s. Top features: src_bytes = %s, count = %s, serror_rate = %s.",
                    label.equals("normal") ? "Ordinary" : "Suspicious " + label, r[2], r[1], r[3], label.equals("normal") ? "info" : "critical",
                    label, r[22].length() > 2 ? "1" : r[22], r[23].length() > 2 ? "2" : r[23], r[4], r[22], r[24]);
            seen.putIfAbsent(text, true);
            if (seen.size() == limit) break;
        }
        return new ArrayList<>(seen.keySet());
    }

    private static List<String> numericColumns(String[] first) {
        List<String> names = new ArrayList<>();
        for (String c : NslKdd.COLUMNS) {
            if (c.equals(NslKdd.LABEL) || c.equals(NslKdd.DIFFICULTY)) continue;
            try {
                Double.parseDouble(first[NslKdd.COLUMNS.indexOf(c)]);
                names.add(c);
            } catch (NumberFormatException e) {
                // categorical: protocol_type, service, flag
            }
        }
        return names;
    }

    private static List<String[]> rows(String file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.dataset("nsl-kdd/" + file), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private EventSearchTiming() {}
}
