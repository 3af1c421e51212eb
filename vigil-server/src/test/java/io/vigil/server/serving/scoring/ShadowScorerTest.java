package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.serving.models.Arm;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode off the request path: copies are scored by the challenger on the shadow's thread and
 * logged as shadows of the champion's predictions (row k of a copy names the champion's id + k);
 * agreement is counted; a full queue drops copies and counts them without ever blocking the offer;
 * a copy the challenger refuses is counted as failed.
 */
class ShadowScorerTest {
    private static final TrainedModel STRONG = TinyModels.gbm(400, 20, 3);
    private static final TrainedModel WEAK = TinyModels.gbm(400, 1, 1);
    private static final LoadedModel CHAMPION = LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", 1), "intrusion", STRONG, 0, false);
    private static final LoadedModel CHALLENGER = LoadedModel.of(new ModelRef(CHAMPION.ref().id(), "m", 2), "intrusion", WEAK, 0, false);
    private static final UUID EXPERIMENT = UUID.randomUUID();
    private static final ExperimentArm SHADOW = new ExperimentArm(EXPERIMENT, Arm.SHADOW, ExperimentArm.STICKY);
    private static final ExperimentArm CHAMPION_ARM = new ExperimentArm(EXPERIMENT, Arm.CHAMPION, ExperimentArm.STICKY);
    private static final ModelSelector CHALLENGER_SELECTOR = ModelSelector.ofId(CHALLENGER.ref().id(), 2);

    private final List<PredictionBatchRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Predictor predictor = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.to(logged::add),
            Clock.systemUTC());

    @Test
    void copiesAreScoredByTheChallengerAndLoggedAsShadowsOfTheChampionsPredictions() throws Exception {
        try (ShadowScorer shadows = new ShadowScorer(predictor, s -> CHALLENGER, 100)) {
            List<PredictionResult> champion = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Map<String, Object> flow = Map.of("x", (i - 25) / 10.0, "proto", "tcp");
                PredictionResult answer = predictor.predict(CHAMPION, flow, false, 0, CHAMPION_ARM);
                champion.add(answer);
                shadows.offer(SHADOW, CHALLENGER_SELECTOR, flow, answer);
            }
            ShadowScorer.Counts counts = drainWhen(shadows, 50);
            assertThat(counts.compared()).isEqualTo(50);
            assertThat(counts.dropped()).isZero();
            assertThat(counts.agreed()).isBetween(1L, 50L);
            List<PredictionBatchRecord> shadowRecords = logged.stream().filter(r -> r.arm() == Arm.SHADOW).toList();
            assertThat(shadowRecords).hasSize(50);
            for (int i = 0; i < 50; i++) {
                PredictionBatchRecord r = shadowRecords.get(i);
                assertThat(r.shadowOf()).isEqualTo(champion.get(i).predictionId());
                assertThat(r.experimentId()).isEqualTo(EXPERIMENT);
                assertThat(r.model()).isSameAs(CHALLENGER);
            }
            long agreed = 0;
            for (int i = 0; i < 50; i++) {
                agreed += shadowRecords.get(i).labels()[0].equals(champion.get(i).label()) ? 1 : 0;
            }
            assertThat(counts.agreed()).isEqualTo(agreed);
            assertThat(shadows.drainCounts()).as("drained: back to zero").isEmpty();
        }
    }

    @Test
    void aBatchsCopyLinesUpRowForRowWithTheChampionsPredictions() throws Exception {
        try (ShadowScorer shadows = new ShadowScorer(predictor, s -> CHALLENGER, 100)) {
            Instances in = Json.MAPPER.readValue("[{\"x\": 1.5, \"proto\": \"tcp\"}, {\"x\": \"bad\", \"proto\": \"tcp\"},"
                    + " {\"x\": -1.5, \"proto\": \"udp\"}, {\"x\": 0.2, \"proto\": \"tcp\"}]", Instances.class);
            ScoredInstances champion = predictor.predictInstances(CHAMPION, in, null, CHAMPION_ARM);
            shadows.offer(SHADOW, CHALLENGER_SELECTOR, in, champion);
            ShadowScorer.Counts counts = drainWhen(shadows, 3);
            assertThat(counts.compared()).as("the three the champion scored").isEqualTo(3);
            PredictionBatchRecord copy = logged.stream().filter(r -> r.arm() == Arm.SHADOW).findFirst().orElseThrow();
            assertThat(copy.size()).isEqualTo(3);
            assertThat(copy.shadowOf()).isEqualTo(champion.scored().firstId());
            assertThat(Uuids.inBlock(copy.shadowOf(), 2)).isEqualTo(Uuids.inBlock(champion.scored().firstId(), champion.scoredRow()[3]));
        }
    }

    @Test
    void aFullQueueDropsCopiesAndCountsThemWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        try (ShadowScorer shadows = new ShadowScorer(predictor, s -> {
            busy.countDown();
            await(release); // the challenger is slow to come: copies pile up
            return CHALLENGER;
        }, 2)) {
            Map<String, Object> flow = Map.of("x", 1.0, "proto", "tcp");
            PredictionResult answer = predictor.predict(CHAMPION, flow, false, 0, CHAMPION_ARM);
            shadows.offer(SHADOW, CHALLENGER_SELECTOR, flow, answer);
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue(); // the first is taken, the shadow's thread waits in it
            long begin = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                shadows.offer(SHADOW, CHALLENGER_SELECTOR, flow, answer);
            }
            long micros = (System.nanoTime() - begin) / 1_000;
            assertThat(micros).as("1,000 offers never wait for the shadow").isLessThan(1_000_000);
            assertThat(shadows.queued()).isEqualTo(2);
            release.countDown();
            ShadowScorer.Counts counts = drainWhen(shadows, 3);
            assertThat(counts.compared()).isEqualTo(3);
            assertThat(counts.dropped()).isEqualTo(998);
            System.out.printf("1,000 offers to a full shadow queue: %d us (%.2f us each), 998 dropped and counted%n", micros, micros / 1000.0);
        }
    }

    @Test
    void aCopyTheChallengerRefusesIsCountedAsFailed() throws Exception {
        LoadedModel otherInputs = LoadedModel.of(new ModelRef(UUID.randomUUID(), "o", 1), "intrusion", TinyModels.attackWhenSumPositive(),
                0, false);
        try (ShadowScorer shadows = new ShadowScorer(predictor, s -> otherInputs, 10)) {
            Map<String, Object> flow = Map.of("x", 1.0, "proto", "tcp");
            shadows.offer(SHADOW, CHALLENGER_SELECTOR, flow, predictor.predict(CHAMPION, flow, false, 0, CHAMPION_ARM));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            ShadowScorer.Counts counts;
            do {
                Thread.sleep(10);
                counts = shadows.drainCounts().get(EXPERIMENT);
            } while (counts == null && System.nanoTime() < deadline);
            assertThat(counts).isNotNull();
            assertThat(counts.failed()).isEqualTo(1);
            assertThat(counts.compared()).isZero();
        }
    }

    /** The shadow's counts once {@code compared} rows were compared (added over drains). */
    private static ShadowScorer.Counts drainWhen(ShadowScorer shadows, long compared) throws InterruptedException {
        long c = 0;
        long agreed = 0;
        long dropped = 0;
        long failed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c < compared && System.nanoTime() < deadline) {
            Thread.sleep(10);
            ShadowScorer.Counts d = shadows.drainCounts().get(EXPERIMENT);
            if (d != null) {
                c += d.compared();
                agreed += d.agreed();
                dropped += d.dropped();
                failed += d.failed();
            }
        }
        return new ShadowScorer.Counts(c, agreed, dropped, failed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
