package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.drift.CategorySketch;
import io.vigil.engine.drift.InputProfile;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.health.ErrorRates;
import io.vigil.server.monitoring.health.FixedFigures;
import io.vigil.server.monitoring.health.ModelFigures;
import io.vigil.server.monitoring.live.LiveGlance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each kind of rule judged from figures a test sets: firing, clear, or unknown with too little to judge. */
class ConditionsTest {
    private static final RegisteredModel MODEL = new RegisteredModel(UUID.randomUUID(), "kdd-gbm", "intrusion", "gbm", Map.of(), null,
            List.of(), "label", null, null, List.of(), true, ModelStatus.DEPLOYED, 1, 1, null, Instant.EPOCH, Instant.EPOCH);

    private final FixedFigures figures = new FixedFigures();

    private static AlertRule rule(String kind, Double threshold, Double floor, String baseline, Integer minSamples) {
        FieldErrors errors = new FieldErrors();
        AlertRule r = new AlertRuleRequest("r", kind, null, null, threshold, floor, null, baseline, "1h", minSamples, null, null, null, null,
                null).toRule(null, AlertRuleRequest.Source.API, UUID.randomUUID(), "ds", Instant.EPOCH, errors);
        assertThat(errors.list()).isEmpty();
        return r;
    }

    private Verdict judge(AlertRule rule) {
        return Conditions.judge(rule, rule.kind().serverWide() ? null : MODEL, figures);
    }

    @Test
    void driftShareFiresAtItsThresholdFromTheLastEvaluationOfTheDeployedVersion() {
        AlertRule rule = rule("drift_share", 0.25, null, null, null);
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
        figures.drift(MODEL.id(), 1, 3, 10);
        Verdict v = judge(rule);
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FIRING);
        assertThat(v.text()).isEqualTo("3 of 10 inputs of model kdd-gbm drifted over the last 1h (share 0.30, threshold 0.25)");
        assertThat(v.observed()).containsEntry("observed", 0.3).containsEntry("threshold", 0.25).containsEntry("driftedInputs", 3);
        figures.drift(MODEL.id(), 1, 2, 10);
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.CLEAR);
        figures.drift(MODEL.id(), 1, 0, 0);
        assertThat(judge(rule).text()).contains("no input had enough live values");
    }

    @Test
    void accuracyDropFiresBelowTheVersionsOwnByMoreThanItsPointsOrBelowItsFloor() {
        AlertRule drop = rule("accuracy_drop", 0.05, null, null, 50);
        figures.glance("1h", new LiveGlance(500, 1.0, Map.of(), 40, 10));
        assertThat(judge(drop).text()).isEqualTo("40 predictions with feedback over the last 1h; the rule needs 50");
        figures.glance("1h", new LiveGlance(500, 1.0, Map.of(), 100, 91));
        assertThat(judge(drop).outcome()).as("no accuracy of its own, no floor").isEqualTo(Verdict.Outcome.UNKNOWN);
        figures.own = new ModelFigures.OwnAccuracy(0.97, "validation");
        Verdict v = judge(drop);
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FIRING);
        assertThat((double) v.observed().get("drop")).isCloseTo(0.06, within(1e-9));
        assertThat(v.text()).contains("0.9100", "6.0 points below its validation accuracy 0.9700 (allowed: 5.0)");
        figures.glance("1h", new LiveGlance(500, 1.0, Map.of(), 100, 93));
        assertThat(judge(drop).outcome()).isEqualTo(Verdict.Outcome.CLEAR);

        AlertRule floor = rule("accuracy_drop", 0.5, 0.95, null, 50);
        assertThat(judge(floor).outcome()).as("0.93 is under the floor").isEqualTo(Verdict.Outcome.FIRING);
        figures.own = null;
        assertThat(judge(floor).outcome()).as("the floor alone judges a version without its own accuracy").isEqualTo(Verdict.Outcome.FIRING);
    }

    @Test
    void theErrorRateIsTheServersAndNeedsEnoughRequests() {
        AlertRule rule = rule("error_rate", 0.05, null, null, 100);
        figures.errors = new ErrorRates.Rate(99, 50, Instant.EPOCH);
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
        figures.errors = new ErrorRates.Rate(1000, 60, Instant.EPOCH);
        Verdict v = judge(rule);
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FIRING);
        assertThat(v.text()).startsWith("60 of 1000 prediction requests answered with a server error");
        figures.errors = new ErrorRates.Rate(1000, 40, Instant.EPOCH);
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.CLEAR);
        figures.errorRatesKept = false;
        assertThat(judge(rule).text()).contains("metrics are off");
    }

    @Test
    void latencyFiresAtItsThresholdInMilliseconds() {
        AlertRule rule = rule("latency_p99", 100.0, null, null, 20);
        figures.glance("1h", new LiveGlance(10, 500.0, Map.of(), 0, 0));
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
        figures.glance("1h", new LiveGlance(100, 150.0, Map.of(), 0, 0));
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.FIRING);
        figures.glance("1h", new LiveGlance(100, 50.0, Map.of(), 0, 0));
        assertThat(judge(rule).outcome()).isEqualTo(Verdict.Outcome.CLEAR);
    }

    @Test
    void theClassMixIsComparedWithTheTrainingRowsPredictionsOrTheWindowBefore() {
        AlertRule reference = rule("class_mix_shift", 0.1, null, "reference", 100);
        figures.glance("1h", new LiveGlance(1000, 1.0, Map.of("normal", 500L, "attack", 500L), 0, 0));
        assertThat(judge(reference).text()).contains("has no class mix of its training rows");
        figures.profile = new ReferenceProfile(ReferenceProfile.FORMAT_VERSION, 1000, 1, 20, 5000, 100, List.of(),
                InputProfile.categorical("prediction", CategorySketch.of(Map.of("normal", 500L, "attack", 500L), 0, 100)));
        Verdict same = judge(reference);
        assertThat(same.outcome()).isEqualTo(Verdict.Outcome.CLEAR);
        assertThat((double) same.observed().get("observed")).isCloseTo(0, within(1e-12));
        figures.glance("1h", new LiveGlance(1000, 1.0, Map.of("normal", 100L, "attack", 900L), 0, 0));
        Verdict moved = judge(reference);
        assertThat(moved.outcome()).isEqualTo(Verdict.Outcome.FIRING);
        assertThat((double) moved.observed().get("observed")).isGreaterThan(0.3);

        AlertRule previous = rule("class_mix_shift", 0.1, null, "previous", 100);
        assertThat(judge(previous).text()).isEqualTo("0 predictions in the window before; the rule needs 100");
        figures.before.put("1h", new LiveGlance(1000, 1.0, Map.of("normal", 100L, "attack", 900L), 0, 0));
        assertThat(judge(previous).outcome()).isEqualTo(Verdict.Outcome.CLEAR);
        figures.glance("1h", new LiveGlance(1000, 1.0, Map.of("normal", 100L, "attack", 400L, "probe", 500L), 0, 0));
        assertThat(judge(previous).outcome()).as("a class the window before never saw").isEqualTo(Verdict.Outcome.FIRING);
    }
}
