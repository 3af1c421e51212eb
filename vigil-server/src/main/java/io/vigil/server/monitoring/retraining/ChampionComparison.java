package io.vigil.server.monitoring.retraining;

import io.vigil.server.models.ModelLifecycle;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.ValidationReport;
import java.util.Map;

/**
 * Compares a retrained version with the deployed one (the champion) on the same rows
 * ({@link ComparisonRows}), through the registry: the champion is measured, the new version is
 * validated with a gate at the champion's figure plus {@code minImprovement} on the policy's
 * metric, so a version that passes is {@code validated} and may be deployed; the report stays on it.
 */
final class ChampionComparison {
    private final ModelLifecycle lifecycle;
    private final ComparisonRows rows;

    ChampionComparison(ModelLifecycle lifecycle, ComparisonRows rows) {
        this.lifecycle = lifecycle;
        this.rows = rows;
    }

    Comparison compare(RegisteredModel model, ModelVersion champion, ModelVersion challenger, RetrainingPolicy policy,
                       int feedbackRows) throws ComparisonRows.NoFairRows {
        ComparisonRows.Rows on = rows.of(model, champion, challenger, feedbackRows);
        String metric = policy.metric();
        Map<String, Double> championMetrics = lifecycle.measure(model.id(), champion.version(), on.table());
        Double championValue = championMetrics.get(metric);
        if (championValue == null) {
            throw new ComparisonRows.NoFairRows("the champion has no " + metric + " on " + on.description()
                    + " (its figures: " + championMetrics.keySet() + ")");
        }
        boolean higher = policy.higherIsBetter();
        double gate = higher ? championValue + policy.minImprovement() : championValue - policy.minImprovement();
        ValidationReport report = lifecycle.validateOn(model.id(), challenger.version(), on.table(), on.from(), Map.of(metric, gate));
        double challengerValue = report.metrics().get(metric);
        double improvement = higher ? challengerValue - championValue : championValue - challengerValue;
        return new Comparison(metric, champion.version(), challenger.version(), championValue, challengerValue, improvement,
                policy.minImprovement(), report.passed() && improvement > 0, championMetrics, report.metrics(), on.description(),
                on.from().id(), on.table().rowCount());
    }
}
