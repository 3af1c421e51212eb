package io.vigil.server.monitoring.experiments;

import io.vigil.server.audit.AuditEvent;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.models.ModelLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an experiment's decisions and makes them known: a promotion deploys the challenger through
 * the registry's own deploy (as any deploy: the slot's locks, this instance serving it before the
 * answer), then ends the experiment; every decision is recorded with its figures in the experiment,
 * in the audit log (by the user who asked, or by {@code vigil}, a system actor, for Vigil's own
 * rules), on the event stream ({@code experiment.decision}) and to the {@link DecisionListener}s.
 */
final class Decisions {
    private static final Logger log = LoggerFactory.getLogger(Decisions.class);
    /** Vigil itself, as the deploys its rules make record who made them. */
    static final Caller SYSTEM = Caller.VIGIL;
    static final String EVENT = "experiment.decision";

    private final ExperimentRepository repository;
    private final ModelLifecycle lifecycle;
    private final AuditLog audit;
    private final EventBus events;
    private final Clock clock;
    private final RunningExperiments running;
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();

    Decisions(ExperimentRepository repository, ModelLifecycle lifecycle, AuditLog audit, EventBus events, Clock clock,
              RunningExperiments running) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.running = running;
    }

    void addListener(DecisionListener listener) {
        listeners.add(listener);
    }

    /** Deploys the challenger for the slot, then ends the experiment {@code promoted}; a deploy the registry refuses is its problem (409...). */
    Experiment promote(Experiment e, Figures figures, Caller by, String reason) {
        lifecycle.deploy(e.challenger().modelId(), e.challenger().version(), by);
        return end(e, ExperimentStatus.PROMOTED, figures, by, reason);
    }

    /** Ends a running experiment; a 409 when it has ended already. */
    Experiment end(Experiment e, ExperimentStatus status, Figures figures, Caller by, String reason) {
        Instant at = clock.instant();
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("outcome", status.wire());
        decision.put("reason", reason);
        decision.put("figures", figures);
        if (!repository.end(e.id(), status, at, by.name(), reason, decision)) {
            throw VigilException.conflict("experiment " + e.name() + " has ended already ("
                    + repository.get(e.id()).status().wire() + ")");
        }
        running.refresh(); // this instance routes no more by it before the answer
        Experiment ended = repository.get(e.id());
        announce(new ExperimentDecision(ended, status.wire(), reason, figures, by.name(), by == SYSTEM, at), by);
        return ended;
    }

    /** A significant difference no automatic rule acts on: told, not acted on. */
    void significant(Experiment e, Figures figures, boolean better) {
        String reason = "the challenger is significantly " + (better ? "better" : "worse") + " (p = " + figures.comparison().pValue()
                + " < " + figures.alphaOfNextLook() + "), and " + (better ? "autoPromote" : "autoStop")
                + " is off: promote or stop it (POST /ml/experiments/" + e.id() + "/" + (better ? "promote" : "stop") + ")";
        announce(new ExperimentDecision(e, better ? ExperimentDecision.CHALLENGER_BETTER : ExperimentDecision.CHALLENGER_WORSE,
                reason, figures, SYSTEM.name(), true, clock.instant()), SYSTEM);
    }

    private void announce(ExperimentDecision d, Caller by) {
        Experiment e = d.experiment();
        log.atInfo().addKeyValue("experimentId", e.id()).addKeyValue("modelType", e.modelType()).addKeyValue("outcome", d.outcome())
                .addKeyValue("by", d.decidedBy()).addKeyValue("reason", d.reason()).log("experiment decision");
        audit.record(auditEvent(d, by));
        events.publish(new Event(EVENT, e.challenger().modelId(), null, d.outcome(), null, d, d.at()));
        for (DecisionListener l : listeners) {
            try {
                l.decided(d);
            } catch (RuntimeException ex) {
                log.atWarn().setCause(ex).addKeyValue("experimentId", e.id()).log("an experiment decision listener failed");
            }
        }
    }

    /** The audit row of a decision: the figures it rests on, by the caller or by {@code vigil}, a system actor. */
    private static AuditEvent auditEvent(ExperimentDecision d, Caller by) {
        Experiment e = d.experiment();
        Map<String, String> object = new LinkedHashMap<>();
        object.put("experiment", e.id().toString());
        object.put("modelType", e.modelType());
        object.put("champion", e.champion().toString());
        object.put("challenger", e.challenger().toString());
        object.put("outcome", d.outcome());
        object.put("reason", d.reason());
        Figures f = d.figures();
        if (f != null) {
            object.put("metric", f.metric().wire());
            object.put("championFeedback", Long.toString(f.champion().feedback()));
            object.put("challengerFeedback", Long.toString(f.challenger().feedback()));
            object.put("championValue", String.valueOf(f.championValue()));
            object.put("challengerValue", String.valueOf(f.challengerValue()));
            if (f.comparison() != null) {
                object.put("difference", Double.toString(f.comparison().difference()));
                object.put("pValue", Double.toString(f.comparison().pValue()));
                object.put("interval", f.comparison().low() + " to " + f.comparison().high());
            }
        }
        String action = "experiment " + d.outcome();
        return d.automatic() ? AuditEvent.bySystem(action, object, 200) : AuditEvent.by(by, action, object, 200, null, null);
    }
}
