package io.vigil.server.monitoring.alerts;

import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.health.HealthChanges;
import io.vigil.server.monitoring.health.ModelHealth;
import io.vigil.server.monitoring.health.Observations;
import io.vigil.server.monitoring.live.LiveMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rounds of monitoring. An evaluation round judges every enabled rule against each deployed
 * model it watches (or the server, for a server-wide rule): a condition that holds fires (or adds
 * to the open alert), one that cleared resolves the open alert, one that cannot be judged leaves
 * it as it is; a threat alert with no threat for its window resolves; an open alert whose model is
 * no longer deployed, or whose rule is gone or disabled, resolves (and so does an experiment's or
 * retraining's alert with none for its window); and every deployed model's
 * health is recorded, its changes published. A drift round computes each deployed model's drift
 * over the longest window of its drift rules (else {@code alerts.driftWindow}). The threat watch's
 * sightings are turned into alerts every second.
 */
final class AlertEvaluator {
    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    private static final int PAGE = 500;

    private final AlertRules rules;
    private final Alerts alerts;
    private final Observations observations;
    private final ModelHealth health;
    private final HealthChanges changes;
    private final ThreatWatch watch;
    private final AlertMeters meters;
    private final LiveMetrics live;
    private final String driftWindow;

    AlertEvaluator(AlertRules rules, Alerts alerts, Observations observations, ModelHealth health, HealthChanges changes,
                   ThreatWatch watch, AlertMeters meters, LiveMetrics live, String driftWindow) {
        this.rules = rules;
        this.alerts = alerts;
        this.observations = observations;
        this.health = health;
        this.changes = changes;
        this.watch = watch;
        this.meters = meters;
        this.live = live;
        this.driftWindow = driftWindow;
    }

    /** What one evaluation round did. */
    record Round(int rules, int models, int judged, int fired, int resolved, int healthChanges, long millis) {}

    Round evaluate() {
        long start = System.nanoTime();
        Observations.Round round = observations.round();
        List<RegisteredModel> deployed = deployed();
        List<AlertRule> enabled = rules.enabled();
        Map<String, Alert> open = new HashMap<>();
        alerts.open().forEach(a -> open.put(key(a.ruleId(), a.modelId()), a));
        Map<UUID, AlertRule> byId = new HashMap<>();
        enabled.forEach(r -> byId.put(r.id(), r));
        int judged = 0;
        int fired = 0;
        int resolved = 0;
        for (AlertRule rule : enabled) {
            if (rule.kind().fired()) {
                continue; // fired as predictions are recorded or decisions taken; quiet ones resolve below
            }
            for (RegisteredModel model : targets(rule, deployed)) {
                UUID modelId = model == null ? null : model.id();
                Verdict v;
                try {
                    v = Conditions.judge(rule, model, round);
                } catch (RuntimeException e) {
                    log.atWarn().addKeyValue("rule", rule.name()).addKeyValue("modelId", modelId).addKeyValue("error", e.toString())
                            .log("alert rule not judged this round");
                    continue;
                }
                judged++;
                Alert known = open.remove(key(rule.id(), modelId));
                if (v.outcome() == Verdict.Outcome.FIRING) {
                    fired += alerts.fire(new Firing.Condition(rule, modelId, model == null ? null : model.modelName(),
                            model == null ? null : model.deployedVersion(), round.now(), v.text(), v.observed())) == Alerts.Outcome.OPENED ? 1 : 0;
                } else if (v.outcome() == Verdict.Outcome.CLEAR && known != null) {
                    alerts.close(known, Alerts.VIGIL, "the condition cleared: " + v.text(), rule.channels());
                    resolved++;
                }
            }
        }
        resolved += closeLeftOver(open.values(), byId, deployed, round.now());
        int healthChanges = recordHealth(deployed, round);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Round(enabled.size(), deployed.size(), judged, fired, resolved, healthChanges, millis);
    }

    /**
     * The open alerts no verdict covered this round: a threat's that saw none for its window, or
     * whose model, rule or rule's model is no longer watched; the others (an unknown verdict, a rule
     * not judged) stay.
     */
    private int closeLeftOver(Iterable<Alert> left, Map<UUID, AlertRule> enabled, List<RegisteredModel> deployed, Instant now) {
        int resolved = 0;
        for (Alert a : left) {
            AlertRule rule = a.ruleId() == null ? null : enabled.get(a.ruleId());
            String why = null;
            if (rule == null) {
                why = "its rule was deleted or disabled";
            } else if (a.modelId() != null && deployed.stream().noneMatch(m -> m.id().equals(a.modelId()))) {
                why = "model " + a.modelName() + " is no longer deployed";
            } else if (!rule.kind().serverWide() && !watches(rule, a.modelId())) {
                why = "its rule no longer watches model " + a.modelName();
            } else if (rule.kind().fired() && a.lastSeen().plus(rule.windowLength()).isBefore(now)) {
                why = "no " + rule.kind().happening() + " for " + rule.window() + " since " + a.lastSeen();
            }
            if (why != null) {
                alerts.close(a, Alerts.VIGIL, why, rule == null ? List.of() : rule.channels());
                resolved++;
            }
        }
        return resolved;
    }

    private int recordHealth(List<RegisteredModel> deployed, Observations.Round round) {
        int changed = 0;
        for (RegisteredModel m : deployed) {
            try {
                changed += changes.record(health.of(m, round)) ? 1 : 0;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("modelId", m.id()).addKeyValue("error", e.toString()).log("model health not recorded this round");
            }
        }
        return changed;
    }

    /** Computes each deployed model's drift, then rewrites the drift gauges; a version without a profile is left out. */
    void driftRound() {
        List<RegisteredModel> deployed = deployed();
        List<AlertRule> enabled = rules.enabled();
        DriftService drift = observations.drift();
        List<AlertMeters.ModelDrift> gauges = new ArrayList<>();
        for (RegisteredModel m : deployed) {
            try {
                drift.watch(m.id(), windowFor(m, enabled), m.deployedVersion());
            } catch (VigilException e) { // a version trained before drift profiles: nothing to compare with
                log.atDebug().addKeyValue("modelId", m.id()).addKeyValue("reason", e.detail()).log("no drift for this model");
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("modelId", m.id()).addKeyValue("error", e.toString()).log("drift not computed this round");
            }
            OptionalDouble share = drift.latestDriftShare(m.id());
            gauges.add(new AlertMeters.ModelDrift(m.modelName(), share.isPresent() ? share.getAsDouble() : null,
                    drift.latestDriftScores(m.id())));
        }
        meters.drift(gauges);
    }

    /** The longest window of the drift rules that watch {@code model}, else the default. */
    private String windowFor(RegisteredModel model, List<AlertRule> enabled) {
        return enabled.stream().filter(r -> r.kind() == RuleKind.DRIFT_SHARE && watches(r, model.id()))
                .max((a, b) -> a.windowLength().compareTo(b.windowLength())).map(AlertRule::window).orElse(driftWindow);
    }

    /** Sends the threat watch's sightings since the last drain to the alerts. */
    void threats() {
        for (Firing f : watch.drain()) {
            alerts.fire(f);
        }
    }

    /** Each enabled rule of the happening's kind that watches its model fires: a new alert, or one more for the open one. */
    void happened(Happening h) {
        String modelName = h.modelName();
        for (AlertRule rule : rules.enabled()) {
            if (rule.kind() == h.kind() && watches(rule, h.modelId())) {
                modelName = modelName != null ? modelName : nameOf(h.modelId());
                alerts.fire(new Firing.Condition(rule, h.modelId(), modelName, h.version(), h.at(), h.summary(), h.details()));
            }
        }
    }

    private String nameOf(UUID modelId) {
        try {
            return observations.models().get(modelId).modelName();
        } catch (VigilException gone) { // deleted since: the alert keeps its id
            return null;
        }
    }

    /** Gives the threat watch the enabled rules and the deployed models as they are now. */
    void refreshWatch() {
        watch.watch(rules.enabled(), deployed().stream().map(RegisteredModel::id).collect(Collectors.toSet()));
    }

    /** The live-accuracy gauge's values: each deployed model's accuracy against feedback over the last day. */
    void liveAccuracy() {
        Map<String, Double> byModel = new LinkedHashMap<>();
        for (RegisteredModel m : deployed()) {
            OptionalDouble a = live.accuracy(m.id());
            if (a.isPresent()) {
                byModel.put(m.modelName(), a.getAsDouble());
            }
        }
        meters.liveAccuracy(byModel);
    }

    private List<RegisteredModel> targets(AlertRule rule, List<RegisteredModel> deployed) {
        if (rule.kind().serverWide()) {
            List<RegisteredModel> server = new ArrayList<>();
            server.add(null);
            return server;
        }
        return deployed.stream().filter(m -> watches(rule, m.id())).toList();
    }

    private static boolean watches(AlertRule rule, UUID modelId) {
        return rule.global() || modelId != null && modelId.equals(rule.modelId());
    }

    private List<RegisteredModel> deployed() {
        ModelRepository models = observations.models();
        List<RegisteredModel> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<RegisteredModel> p = models.list(null, "deployed", null, page, PAGE);
            p.items().stream().filter(m -> m.deployedVersion() != null).forEach(all::add);
            if (page >= p.pages()) {
                return all;
            }
        }
    }

    private static String key(UUID ruleId, UUID modelId) {
        return ruleId + "/" + Objects.toString(modelId, "server");
    }
}
