package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.testing.PredictionRecords;
import io.vigil.server.testing.TinyModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The threat rules on the prediction log's writer thread: which predictions count (an attack class
 * at or above the threshold, of a deployed model the rule watches), and that a flood of them is
 * one firing whose count says how many. What it costs a record is measured and printed.
 */
class ThreatWatchTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final TrainedModel TRAINED = TinyModels.gbm(300, 10, 3); // attack when x > 0, else normal
    private static final LoadedModel MODEL = LoadedModel.of(new ModelRef(UUID.randomUUID(), "kdd-gbm", 3), "intrusion", TRAINED, 0, false);
    private static final LoadedModel OTHER = LoadedModel.of(new ModelRef(UUID.randomUUID(), "other", 1), "intrusion", TRAINED, 0, false);

    private final ThreatWatch watch = new ThreatWatch();

    private static AlertRule threat(String name, UUID model, double threshold, List<String> classes) {
        FieldErrors errors = new FieldErrors();
        AlertRule r = new AlertRuleRequest(name, "threat_prediction", model, null, threshold, null, classes, null, null, null, null, null,
                null, null, null).toRule(null, AlertRuleRequest.Source.API, UUID.randomUUID(), "ds", AT, errors);
        assertThat(errors.list()).isEmpty();
        return r;
    }

    private static PredictionBatchRecord batch(LoadedModel model, int rows, double x) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add(Map.of("x", x + i * 1e-4, "proto", "tcp"));
        }
        return PredictionRecords.batch(model, AT, records);
    }

    private static ThreatFiring only(List<Firing> firings) {
        assertThat(firings).hasSize(1);
        return (ThreatFiring) firings.get(0);
    }

    @Test
    void anAttackPredictionAboveTheThresholdCountsForEachRuleThatWatchesTheModel() {
        AlertRule any = threat("any-attack", null, 0.5, List.of());
        AlertRule mine = threat("kdd-attack", MODEL.ref().id(), 0.5, List.of());
        AlertRule others = threat("other-attack", OTHER.ref().id(), 0.5, List.of());
        AlertRule normals = threat("normals", null, 0.5, List.of("normal"));
        watch.watch(List.of(any, mine, others, normals), Set.of(MODEL.ref().id(), OTHER.ref().id()));

        watch.recorded(batch(MODEL, 30, 2.0)); // 30 attacks
        watch.recorded(batch(MODEL, 20, -2.0)); // 20 normals
        watch.recorded(PredictionRecords.single(MODEL, AT.plusSeconds(1), Map.of("x", 2.5, "proto", "udp"), 1_000));
        List<Firing> firings = watch.drain();
        Map<String, Long> counts = new java.util.HashMap<>();
        firings.forEach(f -> counts.put(f.rule().name(), f.occurrences()));
        assertThat(counts).isEqualTo(Map.of("any-attack", 31L, "kdd-attack", 31L, "normals", 20L));
        ThreatFiring kdd = (ThreatFiring) firings.stream().filter(f -> f.rule() == mine).findFirst().orElseThrow();
        assertThat(kdd.byClass()).isEqualTo(Map.of("attack", 31L));
        assertThat(kdd.version()).isEqualTo(3);
        assertThat(kdd.modelName()).isEqualTo("kdd-gbm");
        assertThat(kdd.at()).isEqualTo(AT.plusSeconds(1));
        assertThat(kdd.examples()).hasSize(ThreatWatch.EXAMPLES);
        assertThat(kdd.maxConfidence()).isGreaterThan(0.5);
        assertThat(watch.drain()).as("drained").isEmpty();
    }

    @Test
    void belowTheThresholdOrNotDeployedOrNoRuleNothingCounts() {
        watch.recorded(batch(MODEL, 10, 2.0));
        assertThat(watch.drain()).as("no rule yet").isEmpty();
        watch.watch(List.of(threat("certain", null, 1.0, List.of())), Set.of(MODEL.ref().id()));
        watch.recorded(batch(MODEL, 10, 0.01)); // attack, but far from certain
        assertThat(watch.drain()).isEmpty();
        watch.watch(List.of(threat("any", null, 0.0, List.of())), Set.of(OTHER.ref().id()));
        watch.recorded(batch(MODEL, 10, 2.0));
        assertThat(watch.drain()).as("the model is not deployed").isEmpty();
        AlertRule disabled = new AlertRule(UUID.randomUUID(), "off", RuleKind.THREAT_PREDICTION, null, null, 0.0, null, List.of(), null,
                "15m", 1, Severity.CRITICAL, "30m", List.of(), false, null, AlertRule.FROM_API, "ds", AT, "ds", AT);
        watch.watch(List.of(disabled), Set.of(MODEL.ref().id()));
        watch.recorded(batch(MODEL, 10, 2.0));
        assertThat(watch.drain()).as("a disabled rule").isEmpty();
    }

    @Test
    void aFloodOfTenThousandThreatPredictionsIsOneFiringThatCountsThemAll() {
        watch.watch(List.of(threat("flood", null, 0.5, List.of())), Set.of(MODEL.ref().id()));
        PredictionBatchRecord attacks = batch(MODEL, 500, 2.0);
        for (int i = 0; i < 20; i++) {
            watch.recorded(attacks);
        }
        ThreatFiring flood = only(watch.drain());
        assertThat(flood.occurrences()).isEqualTo(10_000);
        assertThat(flood.byClass()).isEqualTo(Map.of("attack", 10_000L));
        assertThat(flood.details(null)).containsEntry("classes", new java.util.TreeMap<>(Map.of("attack", 10_000L)));
    }

    /** Measured, not asserted: a shared machine's timing is no test. The figure goes to BENCHMARKS.md. */
    @Test
    void whatTheWatchCostsARecord() {
        watch.watch(List.of(threat("a", null, 0.5, List.of()), threat("b", MODEL.ref().id(), 0.9, List.of())), Set.of(MODEL.ref().id()));
        PredictionBatchRecord normal = PredictionRecords.single(MODEL, AT, Map.of("x", -2.0, "proto", "tcp"), 1_000);
        PredictionBatchRecord attack = PredictionRecords.single(MODEL, AT, Map.of("x", 2.0, "proto", "tcp"), 1_000);
        PredictionBatchRecord batch = batch(MODEL, 100, -2.0);
        double quiet = perCall(() -> watch.recorded(normal), 2_000_000);
        double matching = perCall(() -> watch.recorded(attack), 2_000_000);
        List<Firing> counted = watch.drain();
        double rows = perCall(() -> watch.recorded(batch), 200_000) / 100;
        watch.watch(List.of(), Set.of());
        double none = perCall(() -> watch.recorded(normal), 2_000_000);
        System.out.printf("threat watch, prediction log's writer thread, two threat rules: a single prediction %.1f ns (normal),"
                + " %.1f ns (an attack, counted); a batch %.1f ns a row; no threat rule %.1f ns%n", quiet, matching, rows, none);
        assertThat(counted.stream().filter(f -> f.rule().name().equals("a")).findFirst().orElseThrow().occurrences())
                .as("every attack prediction counted, warm-up included").isEqualTo(2_400_000);
    }

    private static double perCall(Runnable r, int n) {
        for (int i = 0; i < n / 5; i++) {
            r.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / (double) n;
    }
}
