package io.vigil.server.serving.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.Uuids;
import io.vigil.server.persistence.BinaryCopy;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.models.PredictionIds;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Single predictions get consecutive ids per model version and millisecond, and the log writes each run as one row. */
class PredictionRunsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00.000Z");
    private static final TrainedModel TRAINED = TinyModels.gbm(200, 5, 2);

    private static LoadedModel model(int version) {
        return LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", version), "intrusion", TRAINED, 0, false);
    }

    private static PredictionBatchRecord predict(LoadedModel model, Instant at, double x) {
        Map<String, Object> features = Map.of("x", x, "proto", "tcp");
        PredictionResult result = Predictor.standalone(Clock.fixed(at, ZoneOffset.UTC)).predict(model, features, false, 0);
        return PredictionBatchRecord.single(at, model, features, result, 1_000);
    }

    @Test
    void predictionsInTheSameMillisecondHaveConsecutiveIdsAndALaterOneStartsANewBlock() {
        LoadedModel m = model(1);
        UUID a = predict(m, T0, 1).firstId();
        UUID b = predict(m, T0.plusNanos(400_000), 2).firstId();
        UUID behind = predict(m, T0, 3).firstId(); // a clock read a little behind joins the block
        assertThat(b).isEqualTo(Uuids.inBlock(a, 1));
        assertThat(behind).isEqualTo(Uuids.inBlock(a, 2));
        UUID later = predict(m, T0.plusMillis(1), 4).firstId();
        assertThat(later.getMostSignificantBits() >>> 16).as("its id carries its own millisecond").isEqualTo(T0.toEpochMilli() + 1);
        assertThat(later).isNotEqualTo(Uuids.inBlock(a, 3));
        assertThat(model(1).predictionIds().next(T0)).as("another version has its own ids")
                .isNotEqualTo(Uuids.inBlock(a, 3));
    }

    @Test
    void eachRunOfConsecutiveIdsOfOneVersionIsOneRowWhateverTheOrderTheyCameIn() {
        LoadedModel first = model(1);
        LoadedModel second = model(2);
        List<PredictionBatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(predict(first, T0, i));
            records.add(predict(second, T0, -i));
        }
        Collections.shuffle(records, new Random(5));
        BinaryCopy copy = new BinaryCopy();
        assertThat(PredictionRecorder.appendRuns(copy, new ArrayList<>(records))).isZero();
        assertThat(copy.rows()).as("one run per version").isEqualTo(2);

        records.removeIf(r -> r.model() == first && (r.firstId().getLeastSignificantBits() & 0xFFFF) == 2); // a gap
        records.add(predict(first, T0.plusMillis(1), 9)); // a new block
        copy.reset();
        PredictionRecorder.appendRuns(copy, records);
        assertThat(copy.rows()).as("the gap splits the first version's run, the new block is its own").isEqualTo(4);
    }

    @Test
    void aJoinedRunHoldsItsPredictionsInIdOrderUnderTheFirstId() {
        LoadedModel m = model(1);
        List<PredictionBatchRecord> run = List.of(predict(m, T0, 1.5), predict(m, T0, -2.5), predict(m, T0, 3.5));
        PredictionBatchRecord joined = PredictionBatchRecord.join(run);
        assertThat(joined.size()).isEqualTo(3);
        assertThat(joined.firstId()).isEqualTo(run.get(0).firstId());
        assertThat(java.util.Arrays.copyOf(joined.numbers(), 3)).containsExactly(1.5f, -2.5f, 3.5f);
        assertThat(java.util.Arrays.copyOf(joined.categories(), 3)).containsExactly("tcp", "tcp", "tcp");
        for (int k = 0; k < 3; k++) {
            assertThat(joined.labels()[k]).isEqualTo(run.get(k).labels()[0]);
            assertThat(joined.probabilities()[2 * k + 1]).isEqualTo(run.get(k).probabilities()[1]);
        }
    }

    @Test
    void idsStayUniqueWhenManyThreadsPredictAtOnce() throws Exception {
        PredictionIds ids = new PredictionIds();
        ConcurrentLinkedQueue<UUID> all = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    all.add(ids.next(T0.plusMillis(i / 10_000))); // 5 ms, 40,000 each: blocks fill and roll over
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        Set<UUID> distinct = new HashSet<>(all);
        assertThat(distinct).hasSize(200_000);
    }
}
