package io.vigil.server.monitoring.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What monitoring publishes beside the metrics of serving: each deployed model's drift share and
 * per-input drift statistic from the last drift evaluation ({@code vigil_drift_share{model}},
 * {@code vigil_drift_score{model,feature}}; rewritten after each, on the instance that ran it), its
 * live accuracy ({@code vigil_live_accuracy{model}}, every instance), the alerts fired
 * ({@code vigil_alerts_raised_total{rule,severity}}) and how long an evaluation round takes
 * ({@code vigil_alerts_evaluation_seconds}). Labels are model, input and rule names: bounded.
 */
final class AlertMeters {
    static final String EVALUATION = "vigil.alerts.evaluation";

    private final MeterRegistry registry;
    private final MultiGauge driftShare;
    private final MultiGauge driftScore;
    private final MultiGauge liveAccuracy;
    private final Timer evaluation;

    AlertMeters(MeterRegistry registry) {
        this.registry = registry;
        this.driftShare = MultiGauge.builder(VigilMetrics.DRIFT_SHARE).description("Share of a model's inputs that drifted, 0 to 1")
                .register(registry);
        this.driftScore = MultiGauge.builder(VigilMetrics.DRIFT_SCORE)
                .description("An input's drift statistic (by its method: KS D, chi-square, Jensen-Shannon, PSI, Wasserstein)").register(registry);
        this.liveAccuracy = MultiGauge.builder(VigilMetrics.LIVE_ACCURACY)
                .description("Accuracy of a deployed model's predictions against feedback, last 24 hours").register(registry);
        this.evaluation = Timer.builder(EVALUATION).description("Time of one evaluation round of the alert rules and health")
                .register(registry);
    }

    void fired(AlertRule rule) {
        Counter.builder(VigilMetrics.ALERTS_RAISED).description("Alerts raised (a new alert, or a new one after its rule's cool-down)")
                .tags("rule", rule.name(), "severity", rule.severity().wire()).register(registry).increment();
    }

    /** One deployed model's last drift: its share (null without a verdict) and each input's statistic. */
    record ModelDrift(String model, Double share, Map<String, Double> scores) {}

    /** Rewrites the drift gauges: the models of {@code drift}, and none else. */
    void drift(List<ModelDrift> drift) {
        List<MultiGauge.Row<?>> shares = new ArrayList<>();
        List<MultiGauge.Row<?>> scores = new ArrayList<>();
        for (ModelDrift d : drift) {
            if (d.share() != null) {
                shares.add(MultiGauge.Row.of(Tags.of("model", d.model()), d.share()));
            }
            d.scores().forEach((feature, score) -> scores.add(MultiGauge.Row.of(Tags.of("model", d.model(), "feature", feature), score)));
        }
        driftShare.register(shares, true);
        driftScore.register(scores, true);
    }

    /** Rewrites the live-accuracy gauge: by model name, the models with feedback. */
    void liveAccuracy(Map<String, Double> byModel) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byModel.forEach((model, accuracy) -> rows.add(MultiGauge.Row.of(Tags.of("model", model), accuracy)));
        liveAccuracy.register(rows, true);
    }

    Timer evaluation() {
        return evaluation;
    }
}
