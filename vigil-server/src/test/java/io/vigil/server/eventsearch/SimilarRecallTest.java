package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10 of the HNSW search with over-fetch, against brute force over the same standardised
 * vectors: 5,000 events of 32 Gaussian features (the hard case for a graph: no clusters), 200 queries.
 */
class SimilarRecallTest {
    private static final int EVENTS = 5_000;
    private static final int DIMS = 32;
    private static final int QUERIES = 200;
    private static final int K = 10;

    @TempDir
    Path dir;

    private final List<FeatureScale> scales = IntStream.range(0, DIMS).mapToObj(i -> new FeatureScale("f" + i, 100.0 * i, 1.0 + i)).toList();
    private final String field = FeatureVectors.field("flows", scales);

    @Test
    void recallAtTenIsAtLeastNinetyFivePercentWithAndWithoutAFilter() {
        Random random = new Random(22);
        List<SearchableEvent> events = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (EventIndex index = EventIndex.open(dir)) {
            for (int i = 0; i < EVENTS; i++) {
                SearchableEvent e = new SearchableEvent(UUID.randomUUID(), "flows", Instant.EPOCH.plusSeconds(i),
                        i % 3 == 0 ? "critical" : "info", false, List.of(), rawInput(random), "");
                float[] v = FeatureVectors.of(scales, e.input());
                index.put(e, field, v, null);
                events.add(e);
                vectors.add(v);
            }
            index.refresh();
            double all = 0;
            double critical = 0;
            Query criticalOnly = LuceneFilters.of(SearchFilters.NONE.withSeverities(Set.of("critical")));
            for (int q = 0; q < QUERIES; q++) {
                float[] query = FeatureVectors.of(scales, rawInput(random));
                all += recall(index.nearest(field, query, K, null), exact(events, vectors, query, null));
                critical += recall(index.nearest(field, query, K, criticalOnly), exact(events, vectors, query, "critical"));
            }
            assertThat(all / QUERIES).isGreaterThanOrEqualTo(0.95);
            assertThat(critical / QUERIES).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void theNearestAreBestFirstWithLucenesEuclideanScore() {
        try (EventIndex index = EventIndex.open(dir)) {
            SearchableEvent near = event(Map.of("f0", 1.0)); // standardised: f0 = (1 - 0) / 1 = 1, the rest (0 - 100 i)/(1 + i)
            SearchableEvent far = event(Map.of("f0", 3.0));
            index.put(near, field, FeatureVectors.of(scales, near.input()), null);
            index.put(far, field, FeatureVectors.of(scales, far.input()), null);
            index.refresh();
            List<EventIndex.Hit> hits = index.nearest(field, FeatureVectors.of(scales, Map.of("f0", 0.0)), 2, null);
            assertThat(hits).extracting(EventIndex.Hit::id).containsExactly(near.id(), far.id());
            assertThat((double) hits.get(0).score()).isCloseTo(1.0 / (1 + 1), org.assertj.core.data.Offset.offset(1e-6)); // d² = 1
            assertThat((double) hits.get(1).score()).isCloseTo(1.0 / (1 + 9), org.assertj.core.data.Offset.offset(1e-6)); // d² = 9
        }
    }

    private SearchableEvent event(Map<String, Object> input) {
        return new SearchableEvent(UUID.randomUUID(), "flows", Instant.EPOCH, "info", false, List.of(), input, "");
    }

    private Map<String, Object> rawInput(Random random) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < DIMS; i++) input.put("f" + i, 100.0 * i + (1.0 + i) * random.nextGaussian());
        return input;
    }

    private static Set<UUID> exact(List<SearchableEvent> events, List<float[]> vectors, float[] query, String severity) {
        return IntStream.range(0, events.size()).filter(i -> severity == null || events.get(i).severity().equals(severity)).boxed()
                .sorted(Comparator.comparingDouble(i -> squaredDistance(vectors.get(i), query))).limit(K)
                .map(i -> events.get(i).id()).collect(java.util.stream.Collectors.toSet());
    }

    private static double recall(List<EventIndex.Hit> hits, Set<UUID> exact) {
        Set<UUID> found = new HashSet<>();
        for (EventIndex.Hit h : hits) found.add(h.id());
        found.retainAll(exact);
        return found.size() / (double) K;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}
