package io.vigil.server.securityevents;

import io.vigil.engine.rules.CompiledRules;
import io.vigil.engine.rules.DualScore;
import io.vigil.engine.rules.RuleVerdict;
import io.vigil.server.core.Uuids;
import io.vigil.server.monitoring.live.LiveEvaluation;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionExplanation;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.ThreatVerdict;
import io.vigil.server.serving.scoring.Verdicts;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verdict on each scored record, on the request thread: the model's threat score, the model
 * type's fast rules on the raw record (the engine's {@code rules}), joined by {@link DualScore}
 * (maximum threat wins), divergence judged by the type's margin. A verdict at or above the type's
 * event threshold, or one a rule fired on, raises a security event, handed to {@link EventIntake}
 * (stored off the request path). Costs about a microsecond with no event; an event costs its
 * explanation (when the caller did not ask for one) and a queue offer.
 */
public final class VerdictEvents implements Verdicts {
    private static final Logger log = LoggerFactory.getLogger(VerdictEvents.class);

    /** Counts divergent verdicts by model type and direction ({@code rules_only}, {@code ml_only}). */
    @FunctionalInterface
    public interface DivergenceMeter {
        DivergenceMeter OFF = (type, direction) -> {};

        void divergent(String modelType, String direction);
    }

    private final Clock clock;
    private final VerdictLimits.Source limits;
    private final Function<String, CompiledRules> rules;
    private final EventIntake intake;
    private final DivergenceMeter meter;
    private final Map<ModelRef, Integer> normalClasses = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    /**
     * @param rules each model type's compiled rules ({@link CompiledRules#NONE} without any)
     */
    public VerdictEvents(Clock clock, VerdictLimits.Source limits, Function<String, CompiledRules> rules, EventIntake intake,
                         DivergenceMeter meter) {
        this.clock = clock;
        this.limits = limits;
        this.rules = rules;
        this.intake = intake;
        this.meter = meter;
    }

    /** Turns verdicts on or off for every model type (the {@code events.fromPredictions} setting). */
    public void enable(boolean on) {
        this.enabled = on;
    }

    @Override
    public boolean judges(LoadedModel model) {
        return enabled && model.modelType() != null;
    }

    @Override
    public ThreatVerdict judge(LoadedModel model, Map<String, Object> record, PredictionResult result,
                               Supplier<PredictionExplanation> explanation) {
        String type = model.modelType();
        VerdictLimits limit = limits.of(type);
        CompiledRules typeRules = rules.apply(type);
        double ml = mlThreat(model, result);
        RuleVerdict ruled = typeRules.isEmpty() ? RuleVerdict.NONE : typeRules.evaluate(record);
        DualScore dual = DualScore.combine(ml, ruled, !typeRules.isEmpty(), limit.event(), limit.divergenceMargin());
        String divergence = dual.divergence().divergent() ? dual.divergence().wire() : null;
        Double mlScore = Double.isNaN(ml) ? null : ml;
        Double ruleScore = typeRules.isEmpty() ? null : ruled.threat();
        UUID eventId = null;
        if (dual.score() >= limit.event() || ruled.anyFired()) {
            Instant at = clock.instant();
            eventId = Uuids.timeOrdered(at);
            PredictionExplanation why = explanation.get();
            Verdict verdict = new Verdict(result.predictionId(), result.label(), result.confidence(), mlScore, ruleScore, limit.event(),
                    divergence, dual.fired(), why == null ? null : why.contributions().stream()
                    .map(c -> new Verdict.Contribution(c.feature(), c.value(), c.contribution())).toList(), normalClass(model));
            intake.offer(event(eventId, at, model, record, dual, mlScore, limit, verdict));
            if (divergence != null) {
                meter.divergent(type, divergence);
                log.atInfo().addKeyValue("event", eventId).addKeyValue("modelType", type).addKeyValue("divergence", divergence)
                        .addKeyValue("ml", mlScore).addKeyValue("rules", ruleScore).addKeyValue("fired", dual.fired())
                        .log("the model and the rules disagree");
            }
        } else if (divergence != null) {
            meter.divergent(type, divergence); // cannot happen: one side said attack, so the verdict is an event
        }
        return new ThreatVerdict(mlScore, ruleScore, dual.score(), limit.event(), dual.fired(), divergence, eventId);
    }

    private static SecurityEvent event(UUID id, Instant at, LoadedModel model, Map<String, Object> record, DualScore dual, Double ml,
                                       VerdictLimits limit, Verdict verdict) {
        boolean byModel = ml != null && ml >= limit.event();
        String severity = dual.score() >= limit.critical() ? "critical" : dual.score() >= limit.event() ? "warning" : "info";
        Entities who = Entities.of(record);
        String what = byModel ? "'" + verdict.label() + "' verdict" : "Rule " + String.join(", ", dual.fired());
        String title = what + (who.sourceHost() != null ? " from " + who.sourceHost() : who.assetId() != null ? " on " + who.assetId() : "")
                + (who.destinationHost() != null ? " to " + who.destinationHost() : "");
        return new SecurityEvent(id, byModel ? "prediction" : "rule", severity, title, who.assetId(), who.sourceHost(),
                who.destinationHost(), who.userName(), dual.score(), byModel ? "model" : "rules", model.ref().id(), model.ref().version(),
                at, at, at, 1, Map.of(), at, model.modelType(), verdict, record, null, null);
    }

    /**
     * The model's threat score: an anomaly score as it is; 1 − P(normal) for a classifier with a
     * normal class; P(second class) for any other binary one; NaN (none) otherwise.
     */
    private double mlThreat(LoadedModel model, PredictionResult r) {
        if (r.anomalyScore() != null) {
            return Math.max(0, Math.min(1, r.anomalyScore()));
        }
        List<String> classes = model.trained().classes();
        int normal = normalClasses.computeIfAbsent(model.ref(), k -> LiveEvaluation.normalClass(classes));
        Map<String, Double> p = r.probabilities();
        if (normal >= 0) {
            return clamp(1 - p.getOrDefault(classes.get(normal), 0.0));
        }
        return classes.size() == 2 ? clamp(p.getOrDefault(classes.get(1), 0.0)) : Double.NaN;
    }

    /** The model's class that means benign, or null (detectors; classifiers without one). */
    private String normalClass(LoadedModel model) {
        if (model.isDetector()) {
            return null;
        }
        int normal = normalClasses.computeIfAbsent(model.ref(), k -> LiveEvaluation.normalClass(model.trained().classes()));
        return normal < 0 ? null : model.trained().classes().get(normal);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
