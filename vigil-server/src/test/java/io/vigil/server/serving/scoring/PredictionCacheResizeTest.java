package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.serving.models.ModelRef;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prediction cache resized while in use: off drops every entry, on again starts empty, a new size holds. */
class PredictionCacheResizeTest {
    private final ModelRef model = new ModelRef(UUID.randomUUID(), "m", 1);
    private final AtomicInteger scored = new AtomicInteger();

    @Test
    void offDropsEveryEntryOnAgainStartsEmptyAndTheCountsAreKept() {
        PredictionCache cache = new PredictionCache(100, Duration.ofMinutes(1));
        ask(cache, 1);
        ask(cache, 1);
        assertThat(scored.get()).as("the second was a hit").isEqualTo(1);
        assertThat(cache.maxSize()).isEqualTo(100);

        cache.resize(0, Duration.ofMinutes(1));
        assertThat(cache.enabled()).isFalse();
        assertThat(cache.size()).isZero();
        ask(cache, 1);
        assertThat(scored.get()).as("off: scored again").isEqualTo(2);

        cache.resize(10, Duration.ofMinutes(1));
        assertThat(cache.enabled()).isTrue();
        assertThat(cache.maxSize()).isEqualTo(10);
        ask(cache, 1);
        assertThat(scored.get()).as("on again: empty").isEqualTo(3);
        ask(cache, 1);
        assertThat(scored.get()).isEqualTo(3);
        assertThat(cache.stats().hitCount()).as("hits since start").isEqualTo(2);
    }

    @Test
    void aSmallerSizeEvictsDownToIt() {
        PredictionCache cache = new PredictionCache(1000, Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            ask(cache, i);
        }
        cache.resize(50, Duration.ofMinutes(1));
        assertThat(cache.maxSize()).isEqualTo(50);
        assertThat(cache.size()).as("evicted as the size is set").isLessThanOrEqualTo(50);
    }

    private void ask(PredictionCache cache, float x) {
        cache.get(model, new float[] {x, 2f}, 2, () -> {
            scored.incrementAndGet();
            return new ScoredRows();
        });
    }
}
