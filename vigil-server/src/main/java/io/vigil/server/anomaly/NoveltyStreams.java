package io.vigil.server.anomaly;

import io.vigil.engine.anomaly.NoveltyDetector;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code novelty} statistic: the engine's {@link NoveltyDetector} (62.5 on NAB's standard
 * profile, BENCHMARKS.md) per asset and metric. Its state lives in this instance's memory (at most
 * {@link #MAX_STREAMS} streams, the least recently used dropped) and is trusted only while it has
 * seen exactly the stored metrics: a stream whose last point is not the metric's latest stored one
 * before the points to score (new here, points another instance took, points scored but not
 * stored) is rebuilt by replaying the metric's last {@link #REPLAY} stored points first.
 */
final class NoveltyStreams {
    static final int MAX_STREAMS = 10_000;
    static final int REPLAY = 20_000;
    static final Duration REPLAY_SPAN = Duration.ofDays(7);

    private final AssetMetricsRepository metrics;
    private final Map<String, Stream> streams = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stream> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    private static final class Stream {
        final NoveltyDetector detector = new NoveltyDetector();
        Instant last;
    }

    NoveltyStreams(AssetMetricsRepository metrics) {
        this.metrics = metrics;
    }

    /** Scores one asset's events in time order, each metric by its own stream; a point scores its worst metric. */
    synchronized List<PointScore> score(String assetId, List<AssetEvents.Event> events, double threshold) {
        Instant first = events.get(0).at();
        Map<String, Stream> used = new LinkedHashMap<>();
        List<PointScore> out = new ArrayList<>(events.size());
        for (AssetEvents.Event e : events) {
            double worst = 0;
            List<Map<String, Object>> drivers = new ArrayList<>();
            for (Map.Entry<String, Double> v : e.values().entrySet()) {
                Stream s = used.computeIfAbsent(v.getKey(), metric -> current(assetId, metric, first));
                double score = s.detector.score(e.at().toEpochMilli(), v.getValue());
                s.last = e.at();
                worst = Math.max(worst, score);
                Map<String, Object> driver = new LinkedHashMap<>();
                driver.put("name", v.getKey());
                driver.put("score", score);
                drivers.add(driver);
            }
            drivers.sort(Comparator.comparingDouble((Map<String, Object> d) -> (double) d.get("score")).reversed());
            out.add(new PointScore(e.at(), worst, worst >= threshold, e.values(), drivers, null, null));
        }
        return out;
    }

    /** The metric's stream, caught up with the stored points before {@code first}. */
    private Stream current(String assetId, String metric, Instant first) {
        String key = assetId + '\u0000' + metric;
        Stream s = streams.get(key);
        Instant latestStored = metrics.latestBefore(assetId, metric, first);
        if (s != null && s.last != null && s.last.equals(latestStored)) {
            return s;
        }
        Stream rebuilt = new Stream();
        for (MetricPoint p : metrics.latestPoints(assetId, metric, first.minus(REPLAY_SPAN), first, REPLAY)) {
            rebuilt.detector.score(p.at().toEpochMilli(), p.value());
            rebuilt.last = p.at();
        }
        streams.put(key, rebuilt);
        return rebuilt;
    }
}
