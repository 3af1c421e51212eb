package io.vigil.server.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.ScoringMeters;
import io.vigil.server.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Prediction meters: made once per version, counted by class (bounded), forgotten once a version is gone and idle. */
class PredictionMetersTest {
    private static final TrainedModel TRAINED = TinyModels.attackWhenSumPositive();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PredictionMeters meters = new PredictionMeters(registry);

    @Test
    void countsByModelVersionAndClassAndTimesSinglesAndBatches() {
        LoadedModel v1 = model("kdd", 1);
        ScoringMeters.Version m = meters.of(v1);
        assertThat(meters.of(v1)).isSameAs(m);
        m.predicted(0, 3);
        m.predicted(1, 1);
        m.scored(2_000, true);
        m.scored(9_000_000, false);
        meters.of(model("kdd", 2)).predicted(1, 5);
        List<String> classes = TRAINED.classes();
        assertThat(count("kdd", "1", classes.get(0))).isEqualTo(3);
        assertThat(count("kdd", "1", classes.get(1))).isEqualTo(1);
        assertThat(count("kdd", "2", classes.get(1))).isEqualTo(5);
        assertThat(registry.get(PredictionMeters.DURATION).tags("model", "kdd", "version", "1", "kind", "single").timer().count()).isEqualTo(1);
        assertThat(registry.get(PredictionMeters.DURATION).tags("model", "kdd", "version", "1", "kind", "batch").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(9.0);
    }

    @Test
    void aModelWithManyClassesCountsThePastTheLimitAsOther() {
        List<String> many = new ArrayList<>();
        for (int c = 0; c < 80; c++) {
            many.add("class-" + c);
        }
        ScoringMeters.Version m = new PredictionMeters(registry).versionMeters(new ModelRef(UUID.randomUUID(), "wide", 1), many);
        m.predicted(3, 1);
        m.predicted(PredictionMeters.MAX_CLASS_LABELS, 2);
        m.predicted(79, 4);
        assertThat(registry.find(PredictionMeters.PREDICTIONS).tag("model", "wide").counters()).hasSize(PredictionMeters.MAX_CLASS_LABELS + 1);
        assertThat(count("wide", "1", "class-3")).isEqualTo(1);
        assertThat(count("wide", "1", "other")).isEqualTo(6);
    }

    @Test
    void aVersionGoneFromMemoryAndIdleForAnHourLosesItsMeters() {
        LoadedModel gone = model("old", 1);
        LoadedModel kept = model("kept", 1);
        meters.of(gone).predicted(0, 1);
        meters.of(kept).predicted(0, 1);
        long hour = PredictionMeters.IDLE.toNanos();
        meters.forgetIdle(Set.of(kept.ref()), 0);
        meters.forgetIdle(Set.of(kept.ref()), hour - 1);
        assertThat(registry.find(PredictionMeters.PREDICTIONS).tag("model", "old").counters()).isNotEmpty();
        meters.forgetIdle(Set.of(kept.ref()), hour);
        assertThat(registry.find(PredictionMeters.PREDICTIONS).tag("model", "old").counters()).isEmpty();
        assertThat(registry.find(PredictionMeters.DURATION).tag("model", "old").timers()).isEmpty();
        assertThat(registry.find(PredictionMeters.PREDICTIONS).tag("model", "kept").counters()).isNotEmpty(); // loaded: kept however idle
        meters.of(gone).predicted(0, 2); // predicting again brings them back, from zero
        assertThat(count("old", "1", TRAINED.classes().get(0))).isEqualTo(2);
    }

    @Test
    void aVersionStillPredictingIsNeverForgotten() {
        LoadedModel busy = model("busy", 1);
        ScoringMeters.Version m = meters.of(busy);
        long hour = PredictionMeters.IDLE.toNanos();
        for (long now = 0; now <= 3 * hour; now += hour / 2) {
            m.scored(1_000, true);
            meters.forgetIdle(Set.of(), now);
        }
        assertThat(registry.find(PredictionMeters.PREDICTIONS).tag("model", "busy").counters()).isNotEmpty();
    }

    private double count(String model, String version, String label) {
        return registry.get(PredictionMeters.PREDICTIONS).tags("model", model, "version", version, "class", label).counter().count();
    }

    private static LoadedModel model(String name, int version) {
        return LoadedModel.of(new ModelRef(UUID.randomUUID(), name, version), "intrusion", TRAINED, 1_000, false);
    }
}
