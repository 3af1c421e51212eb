package io.vigil.server.monitoring;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import io.vigil.server.monitoring.alerts.AlertMonitoring;
import io.vigil.server.monitoring.alerts.AlertNotifier;
import io.vigil.server.monitoring.alerts.Happening;
import io.vigil.server.monitoring.alerts.RuleKind;
import io.vigil.server.monitoring.alerts.channels.AlertDeliveries;
import io.vigil.server.monitoring.alerts.channels.AlertNotice;
import io.vigil.server.monitoring.experiments.DecisionListener;
import io.vigil.server.monitoring.experiments.Experiment;
import io.vigil.server.monitoring.experiments.ExperimentRequest;
import io.vigil.server.monitoring.experiments.ExperimentStatus;
import io.vigil.server.monitoring.experiments.Experiments;
import io.vigil.server.monitoring.experiments.VersionRef;
import io.vigil.server.monitoring.retraining.ChallengerExperiments;
import io.vigil.server.monitoring.retraining.RetrainingAlerts;
import io.vigil.server.monitoring.retraining.Trigger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports by which the rooms of monitoring reach each other, filled in: alerts go to the alert
 * channels; experiment decisions and retraining become alerts ({@code experiment_decision},
 * {@code retraining} rules); retraining starts its challengers as A/B tests.
 */
final class MonitoringLinks {
    private static final Logger log = LoggerFactory.getLogger(MonitoringLinks.class);

    private MonitoringLinks() {}

    /** Alerting's notices, as the alert channels queue them for delivery. */
    static AlertNotifier toChannels(AlertDeliveries deliveries) {
        return (n, channelIds) -> deliveries.enqueue(new AlertNotice(n.alertId(), n.ruleName(), n.kind(), n.severity(), n.state(),
                n.modelId(), n.modelName(), n.version(), n.summary(), n.details(), n.firstSeen(), n.lastSeen(), n.occurrences()),
                channelIds);
    }

    /** Each experiment decision, as an alert of the {@code experiment_decision} rules that watch the model now deployed for it. */
    static DecisionListener decisionAlerts(AlertMonitoring alerting) {
        return d -> {
            Experiment e = d.experiment();
            VersionRef deployed = e.status() == ExperimentStatus.PROMOTED ? e.challenger() : e.champion();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("experimentId", e.id().toString());
            details.put("experiment", e.name());
            details.put("modelType", e.modelType());
            details.put("mode", e.mode());
            details.put("outcome", d.outcome());
            details.put("reason", d.reason());
            details.put("champion", e.champion().toString());
            details.put("challenger", e.challenger().toString());
            details.put("decidedBy", d.decidedBy());
            details.put("automatic", d.automatic());
            details.put("figures", d.figures());
            String summary = String.format(Locale.ROOT, "experiment %s (%s, challenger %s against champion %s): %s, %s", e.name(),
                    e.modelType(), e.challenger(), e.champion(), d.outcome(), d.reason());
            alerting.happened(new Happening(RuleKind.EXPERIMENT_DECISION, deployed.modelId(), null, deployed.version(), d.at(), summary,
                    details));
        };
    }

    /** Each retraining trigger and its decision, as an alert of the {@code retraining} rules that watch the model. */
    static RetrainingAlerts retrainingAlerts(AlertMonitoring alerting) {
        return new RetrainingAlerts() {
            @Override
            public void triggered(Trigger t) {
                String what = t.jobId() != null ? "training job " + t.jobId() + " queued" : "no training started: " + t.outcomeDetail();
                alerting.happened(happening(t, t.championVersion(), t.triggeredAt(),
                        "retraining triggered by " + t.reason() + observed(t) + ": " + what));
            }

            @Override
            public void decided(Trigger t) {
                String what = t.newVersion() == null ? t.outcome() : t.outcome() + " (version " + t.newVersion() + ")";
                int deployed = Trigger.PROMOTED.equals(t.outcome()) && t.newVersion() != null ? t.newVersion() : t.championVersion();
                alerting.happened(happening(t, deployed, t.decidedAt() != null ? t.decidedAt() : t.triggeredAt(), "retraining (" + t.reason() + ") decided: " + what
                                + (t.outcomeDetail() == null ? "" : ", " + t.outcomeDetail())));
            }
        };
    }

    private static Happening happening(Trigger t, int version, Instant at, String summary) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("triggerId", t.id().toString());
        details.put("reason", t.reason());
        details.put("observed", t.observed());
        details.put("threshold", t.threshold());
        details.put("triggeredBy", t.triggeredBy());
        details.put("championVersion", t.championVersion());
        details.put("jobId", t.jobId() == null ? null : t.jobId().toString());
        details.put("outcome", t.outcome());
        details.put("outcomeDetail", t.outcomeDetail());
        details.put("newVersion", t.newVersion());
        return new Happening(RuleKind.RETRAINING, t.modelId(), null, version, at, summary, details);
    }

    private static String observed(Trigger t) {
        return t.observed() == null || t.threshold() == null ? ""
                : String.format(Locale.ROOT, " (%.3f against %.3f)", t.observed(), t.threshold());
    }

    /**
     * Retraining's {@code challenger} promotion, as an A/B test that Vigil starts: 10 % of the type's traffic, decided
     * (promoted or stopped) on its own; none when the type already runs an experiment or the request is refused.
     */
    static ChallengerExperiments challengers(Experiments experiments) {
        return (modelId, modelType, champion, challenger, metric) -> {
            try {
                ExperimentRequest request = new ExperimentRequest("retrained " + modelType + " v" + challenger, modelType,
                        new VersionRef(modelId, champion), new VersionRef(modelId, challenger), "ab", null, null, metric, null, null,
                        null, true, true, null);
                return Optional.of(experiments.start(request, Caller.VIGIL).experiment().id().toString());
            } catch (VigilException refused) {
                log.atWarn().addKeyValue("modelId", modelId).addKeyValue("version", challenger).addKeyValue("reason", refused.detail())
                        .log("no A/B test for a retrained version");
                return Optional.empty();
            }
        };
    }
}
