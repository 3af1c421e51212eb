package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A/B tests and shadow comparisons, as the API offers them: start one (checked against the
 * registry), list them, read one with its live figures, stop it, promote its challenger. A start,
 * stop or promotion routes on this instance before it answers ({@link RunningExperiments}).
 */
public final class Experiments {
    private static final Logger log = LoggerFactory.getLogger(Experiments.class);
    static final String STARTED = "experiment.started";

    /** An experiment with its figures now (null once it has ended: its {@code decision} holds those it ended on). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(@JsonUnwrapped Experiment experiment, Figures figures) {}

    private final ExperimentRepository repository;
    private final ExperimentChecks checks;
    private final ExperimentFigures figures;
    private final Decisions decisions;
    private final RunningExperiments running;
    private final DecisionLock lock;
    private final EventBus events;
    private final Clock clock;

    Experiments(ExperimentRepository repository, ExperimentChecks checks, ExperimentFigures figures, Decisions decisions,
                RunningExperiments running, DecisionLock lock, EventBus events, Clock clock) {
        this.repository = repository;
        this.checks = checks;
        this.figures = figures;
        this.decisions = decisions;
        this.running = running;
        this.lock = lock;
        this.events = events;
        this.clock = clock;
    }

    /** Starts an experiment on {@code r.modelType()}'s traffic; 400, 409 or 422 when it cannot. */
    public Detail start(ExperimentRequest r, Caller by) {
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        errors.throwIfAny();
        ExperimentChecks.Classes classes = checks.check(r);
        Instant now = clock.instant();
        Experiment e = new Experiment(UUID.randomUUID(), r.name(), r.modelType(), r.champion(), r.challenger(), r.modeOrDefault(),
                r.splitOrDefault(), r.stickyKey(), r.metric(), classes.positiveClass(), classes.normalClass(), r.minSamplesOrDefault(),
                r.alphaOrDefault(), Boolean.TRUE.equals(r.autoPromote()), Boolean.TRUE.equals(r.autoStop()), r.maxDurationMinutes(),
                ExperimentStatus.RUNNING, 0, now, by.name(), null, null, null, null);
        repository.insert(e);
        running.refresh();
        log.atInfo().addKeyValue("experimentId", e.id()).addKeyValue("modelType", e.modelType()).addKeyValue("mode", e.mode())
                .addKeyValue("split", e.split()).addKeyValue("champion", e.champion()).addKeyValue("challenger", e.challenger())
                .addKeyValue("by", by.name()).log("experiment started");
        Experiment stored = repository.get(e.id());
        events.publish(new Event(STARTED, e.challenger().modelId(), null, ExperimentStatus.RUNNING.wire(), null, stored, now));
        return new Detail(stored, figures.of(stored));
    }

    /** One page of experiments, newest first. */
    public Page<Experiment> list(String status, String modelType, int page, int size) {
        return repository.list(status, modelType, page, size);
    }

    /** One experiment; while it runs, with its figures now. */
    public Detail get(UUID id) {
        Experiment e = repository.get(id);
        return new Detail(e, e.status() == ExperimentStatus.RUNNING ? figures.of(e) : null);
    }

    /** Ends a running experiment: the champion keeps all traffic. */
    public Detail stop(UUID id, Caller by) {
        return lock.run(() -> {
            Experiment e = running(id);
            return new Detail(decisions.end(e, ExperimentStatus.STOPPED, figures.of(e), by, "stopped by " + by.name()), null);
        });
    }

    /** Deploys the challenger for the slot (the registry's deploy: it must be validated) and ends the experiment. */
    public Detail promote(UUID id, Caller by) {
        return lock.run(() -> {
            Experiment e = running(id);
            return new Detail(decisions.promote(e, figures.of(e), by, "promoted by " + by.name()), null);
        });
    }

    private Experiment running(UUID id) {
        Experiment e = repository.get(id);
        if (e.status() != ExperimentStatus.RUNNING) {
            throw VigilException.conflict("experiment " + e.name() + " has ended (" + e.status().wire() + ")");
        }
        return e;
    }
}
