package io.vigil.server.serving.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.VigilException;
import io.vigil.server.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Loaded versions: one load per version however many ask at once, least recently used out past the budget. */
class LoadedModelsTest {
    private static final UUID MODEL = UUID.randomUUID();
    private final AtomicInteger loads = new AtomicInteger();

    private LoadedModel fake(LoadedModels.Key key, long weight) {
        loads.incrementAndGet();
        return new LoadedModel(new ModelRef(key.modelId(), "m", key.version()), "slot", null, Map.of(), List.of(), new int[0],
                0, null, weight, true, new PredictionIds());
    }

    @Test
    void theLeastRecentlyUsedVersionGoesPastTheBudget() {
        LoadedModels models = new LoadedModels(key -> fake(key, 4), 10);
        models.get(MODEL, 1);
        models.get(MODEL, 2);
        models.get(MODEL, 1); // 1 is now more recent than 2
        models.get(MODEL, 3); // 12 bytes > 10: 2 goes
        assertThat(models.loaded()).containsExactly(new LoadedModels.Key(MODEL, 1), new LoadedModels.Key(MODEL, 3));
        assertThat(loads.get()).isEqualTo(3);
        models.get(MODEL, 2); // back, pushing out 1
        assertThat(models.loaded()).containsExactly(new LoadedModels.Key(MODEL, 3), new LoadedModels.Key(MODEL, 2));
        assertThat(loads.get()).isEqualTo(4);
    }

    @Test
    void explanationTablesCountAgainstTheBudgetOnceBuilt() {
        TrainedModel trained = TinyModels.attackWhenSumPositive();
        LoadedModels models = new LoadedModels(key -> LoadedModel.of(new ModelRef(key.modelId(), "m", key.version()), "intrusion",
                trained, 1_000, true), 1_000_000);
        LoadedModel m = models.get(MODEL, 1);
        assertThat(m.memoryBytes()).isEqualTo(1_000);
        m.explainer().explain(new float[] {0.3f, -0.1f});
        assertThat(m.memoryBytes()).isGreaterThan(1_000);
        LoadedVersions described = models.describe();
        assertThat(described.versions().get(0)).asString().contains("bytes=" + m.memoryBytes());
        assertThat(described.usedBytes()).isEqualTo(m.memoryBytes());
    }

    @Test
    void aVersionLargerThanTheBudgetIsStillServed() {
        LoadedModels models = new LoadedModels(key -> fake(key, 100), 10);
        assertThat(models.get(MODEL, 1).ref().version()).isEqualTo(1);
        assertThat(models.get(MODEL, 2).ref().version()).isEqualTo(2);
        assertThat(models.loaded()).containsExactly(new LoadedModels.Key(MODEL, 2));
    }

    @Test
    void concurrentRequestsForOneVersionShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LoadedModels models = new LoadedModels(key -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fake(key, 1);
        }, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LoadedModel>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> models.get(MODEL, 7)));
            }
            Thread.sleep(100);
            release.countDown();
            LoadedModel first = answers.get(0).get(5, TimeUnit.SECONDS);
            for (Future<LoadedModel> f : answers) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(loads.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsNotKeptAndIsTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        LoadedModels models = new LoadedModels(key -> {
            if (attempts.incrementAndGet() == 1) {
                throw VigilException.notFound("not yet");
            }
            return fake(key, 1);
        }, 1_000);
        assertThatThrownBy(() -> models.get(MODEL, 1)).isInstanceOf(VigilException.class);
        assertThat(models.get(MODEL, 1).ref().version()).isEqualTo(1);
    }
}
