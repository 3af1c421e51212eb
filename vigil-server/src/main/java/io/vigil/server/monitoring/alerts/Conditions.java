package io.vigil.server.monitoring.alerts;

import io.vigil.engine.drift.CategorySketch;
import io.vigil.engine.drift.Distances;
import io.vigil.engine.drift.InputDrift;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.drift.DriftAnswer;
import io.vigil.server.monitoring.health.ErrorRates;
import io.vigil.server.monitoring.health.ModelFigures;
import io.vigil.server.monitoring.live.LiveGlance;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a rule's condition for one model's deployed version (or, for a server-wide rule, the
 * server) from the figures of a round. Threat rules are not judged here: their predictions are
 * watched as they are recorded ({@link ThreatWatch}).
 */
final class Conditions {
    private Conditions() {}

    static Verdict judge(AlertRule rule, RegisteredModel model, ModelFigures round) {
        return switch (rule.kind()) {
            case DRIFT_SHARE -> driftShare(rule, model, round);
            case ACCURACY_DROP -> accuracyDrop(rule, model, round);
            case ERROR_RATE -> errorRate(rule, round);
            case LATENCY_P99 -> latency(rule, model, round);
            case CLASS_MIX_SHIFT -> classMix(rule, model, round);
            case THREAT_PREDICTION, EXPERIMENT_DECISION, RETRAINING ->
                    throw new IllegalArgumentException(rule.kind().wire() + " rules fire as things happen, not in rounds");
        };
    }

    private static Verdict driftShare(AlertRule rule, RegisteredModel model, ModelFigures round) {
        Optional<DriftAnswer> last = round.drift(model.id());
        int version = model.deployedVersion();
        if (last.isEmpty() || last.get().version() != version) {
            return Verdict.unknown("no drift evaluation of version " + version + " yet");
        }
        DriftAnswer a = last.get();
        Double share = a.drift().driftShare();
        if (share == null) {
            return Verdict.unknown("no input had enough live values for a verdict over " + a.window() + " (" + a.drift().status() + ")");
        }
        Map<String, Object> observed = observed(share, rule);
        observed.put("window", a.window());
        observed.put("evaluatedAt", a.to());
        observed.put("liveRows", a.drift().liveRows());
        observed.put("driftedInputs", a.drift().driftedInputs());
        observed.put("testedInputs", a.drift().testedInputs());
        observed.put("mostDrifted", a.drift().mostDrifted(5).stream().map(InputDrift::name).toList());
        return Verdict.of(share >= rule.threshold(), String.format(Locale.ROOT,
                "%d of %d inputs of model %s drifted over the last %s (share %.2f, threshold %.2f)", a.drift().driftedInputs(),
                a.drift().testedInputs(), model.modelName(), a.window(), share, rule.threshold()), observed);
    }

    private static Verdict accuracyDrop(AlertRule rule, RegisteredModel model, ModelFigures round) {
        int version = model.deployedVersion();
        LiveGlance g = round.glance(model.id(), version, rule.window());
        if (g.feedback() < rule.minSamples()) {
            return Verdict.unknown(g.feedback() + " predictions with feedback over the last " + rule.window() + "; the rule needs "
                    + rule.minSamples());
        }
        double live = g.accuracy();
        Optional<ModelFigures.OwnAccuracy> own = round.ownAccuracy(model.id(), version);
        if (own.isEmpty() && rule.floor() == null) {
            return Verdict.unknown("version " + version + " has no accuracy of its own to compare with; give the rule a floor");
        }
        Map<String, Object> observed = observed(live, rule);
        observed.put("floor", rule.floor());
        observed.put("feedback", g.feedback());
        observed.put("window", rule.window());
        own.ifPresent(o -> {
            observed.put("ownAccuracy", o.value());
            observed.put("ownAccuracySource", o.source());
            observed.put("drop", o.value() - live);
        });
        boolean dropped = own.isPresent() && own.get().value() - live > rule.threshold();
        boolean low = rule.floor() != null && live < rule.floor();
        String text = String.format(Locale.ROOT, "live accuracy of model %s version %d is %.4f over the last %s (%d rows with feedback)",
                model.modelName(), version, live, rule.window(), g.feedback())
                + own.map(o -> String.format(Locale.ROOT, ", %.1f points below its %s accuracy %.4f (allowed: %.1f)",
                        (o.value() - live) * 100, o.source(), o.value(), rule.threshold() * 100)).orElse("")
                + (rule.floor() == null ? "" : String.format(Locale.ROOT, "; floor %.4f", rule.floor()));
        return Verdict.of(dropped || low, text, observed);
    }

    private static Verdict errorRate(AlertRule rule, ModelFigures round) {
        if (!round.errorRatesKept()) {
            return Verdict.unknown("metrics are off (metrics.enabled): requests are not counted");
        }
        Optional<ErrorRates.Rate> rate = round.errors(rule.windowLength());
        long requests = rate.map(ErrorRates.Rate::requests).orElse(0L);
        if (rate.isEmpty() || requests < rule.minSamples()) {
            return Verdict.unknown(requests + " prediction requests over the last " + rule.window() + "; the rule needs " + rule.minSamples());
        }
        ErrorRates.Rate r = rate.get();
        Map<String, Object> observed = observed(r.share(), rule);
        observed.put("requests", r.requests());
        observed.put("errors", r.errors());
        observed.put("since", r.since());
        observed.put("scope", "prediction requests to the instance that evaluated the rule, all models");
        return Verdict.of(r.share() >= rule.threshold(), String.format(Locale.ROOT,
                "%d of %d prediction requests answered with a server error since %s (%.1f %%, threshold %.1f %%)", r.errors(),
                r.requests(), r.since(), r.share() * 100, rule.threshold() * 100), observed);
    }

    private static Verdict latency(AlertRule rule, RegisteredModel model, ModelFigures round) {
        int version = model.deployedVersion();
        LiveGlance g = round.glance(model.id(), version, rule.window());
        if (g.predictions() < rule.minSamples() || g.latencyP99Ms() == null) {
            return Verdict.unknown(g.predictions() + " predictions over the last " + rule.window() + "; the rule needs " + rule.minSamples());
        }
        Map<String, Object> observed = observed(g.latencyP99Ms(), rule);
        observed.put("predictions", g.predictions());
        observed.put("window", rule.window());
        return Verdict.of(g.latencyP99Ms() >= rule.threshold(), String.format(Locale.ROOT,
                "p99 server time per prediction of model %s version %d is %.2f ms over the last %s (threshold %.0f ms)",
                model.modelName(), version, g.latencyP99Ms(), rule.window(), rule.threshold()), observed);
    }

    private static Verdict classMix(AlertRule rule, RegisteredModel model, ModelFigures round) {
        int version = model.deployedVersion();
        Map<String, Long> live = round.glance(model.id(), version, rule.window()).classes();
        long n = live.values().stream().mapToLong(Long::longValue).sum();
        if (n < rule.minSamples()) {
            return Verdict.unknown(n + " predictions over the last " + rule.window() + "; the rule needs " + rule.minSamples());
        }
        Map<String, Long> baseline;
        if (AlertRule.BASELINE_PREVIOUS.equals(rule.baseline())) {
            baseline = round.glanceBefore(model.id(), version, rule.window()).classes();
            long before = baseline.values().stream().mapToLong(Long::longValue).sum();
            if (before < rule.minSamples()) {
                return Verdict.unknown(before + " predictions in the window before; the rule needs " + rule.minSamples());
            }
        } else {
            Optional<CategorySketch> reference = round.profile(model.id(), version).map(ReferenceProfile::prediction)
                    .map(p -> p.categorical());
            if (reference.isEmpty()) {
                return Verdict.unknown("version " + version + " has no class mix of its training rows (trained before profiles,"
                        + " or a detector, whose profile holds anomaly scores): use baseline previous");
            }
            baseline = counts(reference.get());
        }
        Set<String> cells = new LinkedHashSet<>(baseline.keySet());
        cells.addAll(live.keySet());
        long[] ref = new long[cells.size()];
        long[] now = new long[cells.size()];
        int i = 0;
        for (String cell : cells) {
            ref[i] = baseline.getOrDefault(cell, 0L);
            now[i++] = live.getOrDefault(cell, 0L);
        }
        double distance = Distances.jensenShannon(ref, now);
        Map<String, Object> observed = observed(distance, rule);
        observed.put("baseline", rule.baseline());
        observed.put("window", rule.window());
        observed.put("liveClasses", live);
        observed.put("baselineClasses", baseline);
        return Verdict.of(distance >= rule.threshold(), String.format(Locale.ROOT,
                "the predicted-class mix of model %s version %d over the last %s moved from its %s (Jensen-Shannon %.3f, threshold %.3f)",
                model.modelName(), version, rule.window(), AlertRule.BASELINE_PREVIOUS.equals(rule.baseline()) ? "previous window"
                        : "training rows' predictions", distance, rule.threshold()), observed);
    }

    /** A training profile's class counts, its "other" cell included when it has one. */
    private static Map<String, Long> counts(CategorySketch sketch) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> categories = sketch.categories();
        for (int c = 0; c < categories.size(); c++) {
            counts.put(categories.get(c), sketch.counts()[c]);
        }
        if (sketch.other() > 0) {
            counts.put("(other)", sketch.other());
        }
        return counts;
    }

    private static Map<String, Object> observed(double value, AlertRule rule) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("observed", value);
        observed.put("threshold", rule.threshold());
        return observed;
    }
}
