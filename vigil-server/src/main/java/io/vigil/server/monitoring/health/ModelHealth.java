package io.vigil.server.monitoring.health;

import io.vigil.server.core.VigilException;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.drift.DriftAnswer;
import io.vigil.server.monitoring.live.LiveGlance;
import io.vigil.server.monitoring.live.MetricsWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A deployed model's health ({@code GET /ml/models/{id}/health}): whether its version is loaded
 * here, this instance's prediction error rate and the version's p99 latency over
 * {@code health.window}, the share of its inputs that drifted at the last drift evaluation, and
 * its live accuracy over {@code health.accuracyWindow} against its own, each judged by
 * {@link HealthThresholds}. A figure that cannot be known says so and counts neither way.
 */
public final class ModelHealth {
    private final Observations observations;
    private final HealthThresholds t;
    private final Duration window;

    public ModelHealth(Observations observations, HealthThresholds thresholds) {
        this.observations = observations;
        this.t = thresholds;
        this.window = lengthOf(thresholds.window());
    }

    public HealthThresholds thresholds() {
        return t;
    }

    /** The health of the model's deployed version now: 404 for no such model, 409 when it is not deployed. */
    public ModelHealthReport of(UUID modelId) {
        RegisteredModel model = observations.models().get(modelId);
        if (model.deployedVersion() == null) {
            throw VigilException.conflict("model " + model.modelName() + " is not deployed: health watches what a deployed version serves");
        }
        return of(model, observations.round());
    }

    /**
     * The health of every deployed model ({@code GET /ml/health}): each one's report, and the worst of
     * their statuses ({@code healthy} with none deployed).
     */
    public Overview ofDeployed() {
        ModelFigures round = observations.round();
        List<ModelHealthReport> reports = observations.models().deployed().stream().map(m -> of(m, round)).toList();
        HealthStatus worst = reports.stream().map(ModelHealthReport::status).max(java.util.Comparator.naturalOrder())
                .orElse(HealthStatus.HEALTHY);
        return new Overview(worst, round.now(), reports.size(), reports);
    }

    /** The answer of {@code GET /ml/health}. */
    public record Overview(HealthStatus status, java.time.Instant checkedAt, int deployedModels, List<ModelHealthReport> models) {}

    /** The health of {@code model}'s deployed version, read in {@code round}. */
    public ModelHealthReport of(RegisteredModel model, ModelFigures round) {
        UUID id = model.id();
        int version = model.deployedVersion();
        List<HealthCheck> checks = new ArrayList<>();
        boolean loaded = round.loaded(id, version);
        checks.add(new HealthCheck(HealthCheck.LOADED, HealthCheck.Verdict.INFO, loaded, null, null, "this instance",
                loaded ? "version " + version + " is in memory here" : "version " + version + " is not in memory here: it loads on its"
                        + " next prediction on this instance (instances load what they are asked for)"));
        checks.add(errorRate(round));
        checks.add(latency(round, id, version));
        checks.add(drift(round, id, version));
        checks.add(accuracy(round, id, version));
        return ModelHealthReport.of(id, model.modelName(), version, round.now(), checks);
    }

    private HealthCheck errorRate(ModelFigures round) {
        String basis = "prediction requests to this instance over the last " + t.window() + ", all models (a prediction route does"
                + " not say which model answered)";
        if (!round.errorRatesKept()) {
            return HealthCheck.unknown(HealthCheck.ERROR_RATE, t.errorRateDegraded(), t.errorRateFailing(), basis,
                    "metrics are off (metrics.enabled): requests are not counted");
        }
        Optional<ErrorRates.Rate> rate = round.errors(window);
        if (rate.isEmpty() || rate.get().requests() < t.minPredictions()) {
            return HealthCheck.unknown(HealthCheck.ERROR_RATE, t.errorRateDegraded(), t.errorRateFailing(), basis,
                    rate.map(r -> r.requests()).orElse(0L) + " prediction requests in the window; a figure needs " + t.minPredictions());
        }
        ErrorRates.Rate r = rate.get();
        return HealthCheck.atMost(HealthCheck.ERROR_RATE, r.share(), t.errorRateDegraded(), t.errorRateFailing(),
                basis + ": " + r.errors() + " server errors in " + r.requests() + " requests since " + r.since());
    }

    private HealthCheck latency(ModelFigures round, UUID id, int version) {
        String basis = "server time per prediction of version " + version + ", in ms, over the last " + t.window() + ", all instances";
        LiveGlance g = round.glance(id, version, t.window());
        if (g.predictions() < t.minPredictions() || g.latencyP99Ms() == null) {
            return HealthCheck.unknown(HealthCheck.LATENCY_P99, t.latencyP99DegradedMs(), t.latencyP99FailingMs(), basis,
                    g.predictions() + " predictions in the window; a figure needs " + t.minPredictions());
        }
        return HealthCheck.atMost(HealthCheck.LATENCY_P99, g.latencyP99Ms(), t.latencyP99DegradedMs(), t.latencyP99FailingMs(),
                basis + ": " + g.predictions() + " predictions");
    }

    private HealthCheck drift(ModelFigures round, UUID id, int version) {
        Optional<DriftAnswer> last = round.drift(id);
        String basis = "the share of the version's inputs that drifted at the last drift evaluation";
        if (last.isEmpty()) {
            return HealthCheck.unknown(HealthCheck.DRIFT_SHARE, t.driftShareDegraded(), t.driftShareFailing(), basis,
                    "no drift round has judged this model yet (one runs every alerts.driftEverySeconds)");
        }
        DriftAnswer a = last.get();
        String of = basis + ": version " + a.version() + ", window " + a.window() + " to " + a.to() + ", " + a.drift().liveRows() + " live rows";
        if (a.version() != version) {
            return HealthCheck.unknown(HealthCheck.DRIFT_SHARE, t.driftShareDegraded(), t.driftShareFailing(), of,
                    "the last drift evaluation judged version " + a.version() + ", not the deployed " + version);
        }
        if (a.drift().driftShare() == null) {
            return HealthCheck.unknown(HealthCheck.DRIFT_SHARE, t.driftShareDegraded(), t.driftShareFailing(), of,
                    "no input had enough live values for a verdict (" + a.drift().status() + ")");
        }
        return HealthCheck.atMost(HealthCheck.DRIFT_SHARE, a.drift().driftShare(), t.driftShareDegraded(), t.driftShareFailing(), of);
    }

    private HealthCheck accuracy(ModelFigures round, UUID id, int version) {
        LiveGlance g = round.glance(id, version, t.accuracyWindow());
        Optional<ModelFigures.OwnAccuracy> own = round.ownAccuracy(id, version);
        String basis = "accuracy of version " + version + "'s predictions with feedback over the last " + t.accuracyWindow() + ": "
                + g.feedback() + " rows" + own.map(o -> ", against its " + o.source() + " accuracy " + format(o.value())).orElse("");
        if (g.feedback() < t.minFeedback()) {
            return HealthCheck.unknown(HealthCheck.LIVE_ACCURACY, null, null, basis,
                    g.feedback() == 0 ? "no feedback yet on its predictions in the window (POST /ml/feedback)"
                            : g.feedback() + " predictions with feedback in the window; a figure needs " + t.minFeedback());
        }
        double accuracy = g.accuracy();
        if (own.isEmpty()) {
            return new HealthCheck(HealthCheck.LIVE_ACCURACY, HealthCheck.Verdict.UNKNOWN, accuracy, null, null, basis,
                    "the version has no accuracy of its own to compare with");
        }
        double degradedBelow = own.get().value() - t.accuracyDropDegraded();
        double failingBelow = own.get().value() - t.accuracyDropFailing();
        HealthCheck.Verdict v = accuracy < failingBelow ? HealthCheck.Verdict.FAILING
                : accuracy < degradedBelow ? HealthCheck.Verdict.DEGRADED : HealthCheck.Verdict.OK;
        return new HealthCheck(HealthCheck.LIVE_ACCURACY, v, accuracy, degradedBelow, failingBelow, basis, null);
    }

    /** The length of a span such as {@code 15m} ({@link MetricsWindow}'s form). */
    public static Duration lengthOf(String span) {
        MetricsWindow w = MetricsWindow.parse(span, Instant.EPOCH);
        return Duration.between(w.from(), w.to());
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
