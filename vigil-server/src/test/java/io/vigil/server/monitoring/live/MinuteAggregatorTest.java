package io.vigil.server.monitoring.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-minute counts: what the prediction log's writer shows the aggregator, counted by model version and minute. */
class MinuteAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:05Z");
    private static final TrainedModel TRAINED = TinyModels.gbm(200, 5, 2);
    private static final LoadedModel V1 = LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", 1), "intrusion", TRAINED, 0, false);
    private static final LoadedModel V2 = LoadedModel.of(new ModelRef(V1.ref().id(), "m", 2), "intrusion", TRAINED, 0, false);

    private final List<Map<MinuteCounts.Key, MinuteCounts>> stored = new ArrayList<>();
    private final MinuteAggregator aggregator = new MinuteAggregator(stored::add, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));

    private static PredictionBatchRecord single(LoadedModel model, Instant at, double x, long nanos) {
        Map<String, Object> features = Map.of("x", x, "proto", "tcp");
        PredictionResult result = Predictor.standalone(Clock.fixed(at, ZoneOffset.UTC)).predict(model, features, false, 0);
        return PredictionBatchRecord.single(at, model, features, result, nanos);
    }

    /** The record the real predictor hands the log for a batch, with the time it measured. */
    private static PredictionBatchRecord batch(LoadedModel model, Instant at, double... xs) {
        List<PredictionBatchRecord> logged = new ArrayList<>();
        PredictionLog capture = PredictionLog.to(logged::add);
        List<Map<String, Object>> records = new ArrayList<>();
        for (double x : xs) {
            records.add(Map.of("x", x, "proto", "udp"));
        }
        new Predictor(new PredictionCache(0, Duration.ZERO), capture, Clock.fixed(at, ZoneOffset.UTC)).predictBatch(model, records, false, 0);
        assertThat(logged).hasSize(1);
        return logged.get(0);
    }

    private MinuteCounts only(LoadedModel model, Instant minute) {
        assertThat(stored).hasSize(1);
        return stored.get(0).get(new MinuteCounts.Key(model.ref().id(), model.ref().version(), minute));
    }

    @Test
    void singlePredictionsAreCountedByVersionAndMinuteWithTheirClassConfidenceAndLatency() {
        PredictionBatchRecord attack = single(V1, T0, 2.5, 40_000); // 40 us
        PredictionBatchRecord normal = single(V1, T0.plusSeconds(30), -2.5, 2_000_000); // 2 ms
        aggregator.recorded(attack);
        aggregator.recorded(normal);
        aggregator.recorded(single(V1, T0.plusSeconds(60), 2.5, 40_000)); // the next minute
        aggregator.recorded(single(V2, T0, 2.5, 40_000)); // another version

        aggregator.flush();

        Instant minute = Instant.parse("2026-12-01T10:00:00Z");
        MinuteCounts c = only(V1, minute);
        assertThat(c.requests).isEqualTo(2);
        assertThat(c.predictions).isEqualTo(2);
        assertThat(c.unrecorded).isZero();
        assertThat(c.classes).containsOnly(Map.entry(attack.labels()[0], 1L), Map.entry(normal.labels()[0], 1L));
        assertThat(attack.labels()[0]).isNotEqualTo(normal.labels()[0]);
        long[] confidence = new long[Histograms.CONFIDENCE_BINS];
        confidence[Histograms.confidenceBin(attack.confidences()[0])]++;
        confidence[Histograms.confidenceBin(normal.confidences()[0])]++;
        assertThat(c.confidence).containsExactly(confidence);
        assertThat(c.latency[Histograms.latencyBin(40_000)]).isEqualTo(1);
        assertThat(c.latency[Histograms.latencyBin(2_000_000)]).isEqualTo(1);
        assertThat(stored.get(0)).containsKeys(new MinuteCounts.Key(V1.ref().id(), 1, minute.plusSeconds(60)),
                new MinuteCounts.Key(V1.ref().id(), 2, minute)).hasSize(3);
    }

    @Test
    void aBatchIsOneRequestAndEachOfItsPredictionsCountsTheBatchsTimeShared() {
        PredictionBatchRecord b = batch(V1, T0, 1, 2, 3, -1);
        aggregator.recorded(b);
        aggregator.flush();

        MinuteCounts c = only(V1, Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(c.requests).isEqualTo(1);
        assertThat(c.predictions).isEqualTo(4);
        assertThat(b.nanos()).as("the predictor measured the call").isPositive();
        assertThat(c.latency[Histograms.latencyBin(b.nanos() / 4)]).isEqualTo(4);
        assertThat(c.classes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            expected.merge(b.labels()[i], 1L, Long::sum);
        }
        assertThat(c.classes).isEqualTo(expected);
    }

    @Test
    void predictionsTheLogLeftOutAreCountedAsUnrecorded() {
        aggregator.unrecorded(single(V1, T0, 1, 1_000), 1);
        aggregator.unrecorded(batch(V1, T0.plusSeconds(1), 1, 2, 3), 3);
        aggregator.flush();

        MinuteCounts c = only(V1, Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(c.unrecorded).isEqualTo(4);
        assertThat(c.predictions).as("nothing recorded").isZero();

        stored.clear();
        aggregator.flush();
        assertThat(stored).as("counted once").isEmpty();
    }

    @Test
    void countsTheDatabaseRefusedAreAddedAtTheNextFlush() {
        List<Map<MinuteCounts.Key, MinuteCounts>> accepted = new ArrayList<>();
        boolean[] refuse = {true};
        MinuteAggregator flaky = new MinuteAggregator(counts -> {
            if (refuse[0]) {
                throw new IllegalStateException("database down");
            }
            accepted.add(counts);
        }, Clock.fixed(T0, ZoneOffset.UTC));
        flaky.recorded(single(V1, T0, 1, 1_000));
        flaky.flush(); // refused: kept
        flaky.recorded(single(V1, T0.plusSeconds(1), 1, 1_000));
        refuse[0] = false;
        flaky.flush();

        assertThat(accepted).hasSize(1);
        MinuteCounts c = accepted.get(0).get(new MinuteCounts.Key(V1.ref().id(), 1, Instant.parse("2026-12-01T10:00:00Z")));
        assertThat(c.predictions).isEqualTo(2);
        assertThat(c.requests).isEqualTo(2);
    }

    @Test
    void nothingCountedStoresNothing() {
        aggregator.flush();
        assertThat(stored).isEmpty();
    }

    @Test
    void latencyPercentilesFromTheBinsAreWithinOneBinOfTheTruth() {
        Random random = new Random(7);
        long[] bins = new long[Histograms.LATENCY_BINS];
        long[] nanos = new long[20_000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (long) (50_000 * Math.exp(random.nextGaussian())); // log-normal around 50 us
            bins[Histograms.latencyBin(nanos[i])]++;
        }
        Arrays.sort(nanos);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exact = nanos[(int) Math.ceil(q * nanos.length) - 1] / 1e6;
            assertThat(Histograms.latencyQuantileMillis(bins, q)).as("p" + (int) (q * 100)).isCloseTo(exact, within(exact * 0.26));
        }
        assertThat(Histograms.latencyQuantileMillis(new long[Histograms.LATENCY_BINS], 0.99)).isNaN();
    }

    @Test
    void binsCoverEveryValue() {
        assertThat(Histograms.latencyBin(0)).isZero();
        assertThat(Histograms.latencyBin(999)).isZero();
        assertThat(Histograms.latencyBin(1_000)).isEqualTo(1);
        assertThat(Histograms.latencyBin(Long.MAX_VALUE)).isEqualTo(Histograms.LATENCY_BINS - 1);
        assertThat(Histograms.confidenceBin(1.0)).isEqualTo(Histograms.CONFIDENCE_BINS - 1);
        assertThat(Histograms.confidenceBin(0.55)).isEqualTo(5);
        assertThat(Histograms.confidenceBin(Double.NaN)).isZero();
    }

    @Test
    void aWindowEndsWithTheCurrentMinuteAndItsStepGrowsWithIt() {
        Instant now = Instant.parse("2026-12-01T10:17:42Z");
        MetricsWindow hour = MetricsWindow.parse("1h", now);
        assertThat(hour.to()).isEqualTo(Instant.parse("2026-12-01T10:18:00Z"));
        assertThat(hour.from()).isEqualTo(Instant.parse("2026-12-01T09:18:00Z"));
        assertThat(hour.bucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(MetricsWindow.parse(null, now)).isEqualTo(hour);
        assertThat(MetricsWindow.parse("15m", now).bucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(MetricsWindow.parse("24h", now).bucket()).isEqualTo(Duration.ofMinutes(15));
        MetricsWindow week = MetricsWindow.parse("7d", now);
        assertThat(week.bucket()).isEqualTo(Duration.ofHours(1));
        assertThat(week.bucketOf(now)).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(MetricsWindow.parse("30d", now).bucket()).isEqualTo(Duration.ofHours(6));
        for (String bad : List.of("90", "0m", "31d", "1w", "1.5h", "-1h", "h", "1000000d")) {
            assertThatThrownBy(() -> MetricsWindow.parse(bad, now)).as(bad).isInstanceOfSatisfying(VigilException.class,
                    e -> assertThat(e.errors().get(0).field()).isEqualTo("window"));
        }
    }
}
