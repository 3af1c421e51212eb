package io.vigil.server.monitoring.experiments;

import io.vigil.server.core.VigilException;
import io.vigil.server.models.Deployment;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.VersionStatus;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled judgement of running experiments, off the request path. Each instance first adds
 * its shadow counts; then one instance at a time (a PostgreSQL advisory lock: the others skip the
 * round) judges each running experiment:
 *
 * <ol>
 *   <li>its champion no longer deployed for the slot, or its challenger gone: it ends {@code stopped};</li>
 *   <li>once both arms have {@code minSamples x 2^k} feedback, look k: a test at {@code alpha / 2^(k+1)}
 *       (so however many looks are taken, the chance of acting on no real difference stays under
 *       {@code alpha}; Bonferroni over the looks). Challenger significantly better: promoted with
 *       {@code autoPromote}; worse: stopped with {@code autoStop}; either without its rule: announced;</li>
 *   <li>past its maximum duration without a decision: {@code inconclusive}, the champion keeps the slot.</li>
 * </ol>
 */
final class ExperimentEvaluator {
    private static final Logger log = LoggerFactory.getLogger(ExperimentEvaluator.class);
    private final DecisionLock lock;
    private final ExperimentRepository repository;
    private final ExperimentFigures figures;
    private final Decisions decisions;
    private final ModelRepository models;
    private final ShadowScorer shadows;
    private final Clock clock;

    ExperimentEvaluator(DecisionLock lock, ExperimentRepository repository, ExperimentFigures figures, Decisions decisions, ModelRepository models,
                        ShadowScorer shadows, Clock clock) {
        this.lock = lock;
        this.repository = repository;
        this.figures = figures;
        this.decisions = decisions;
        this.models = models;
        this.shadows = shadows;
        this.clock = clock;
    }

    /** One round: this instance's shadow counts added, then every running experiment judged (unless another instance is at it). */
    void run() {
        flushShadowCounts();
        lock.tryRun(() -> { // another instance holding it judges this round
            for (Experiment e : repository.running()) {
                try {
                    judge(e);
                } catch (RuntimeException ex) { // one experiment's trouble does not stop the others'
                    log.atWarn().setCause(ex).addKeyValue("experimentId", e.id()).log("experiment evaluation failed; tried again next round");
                }
            }
        });
    }

    /** Adds what this instance's shadow did since the last round (it adds up with the other instances'). */
    void flushShadowCounts() {
        Map<UUID, ShadowFigures> counts = new HashMap<>();
        shadows.drainCounts().forEach((id, c) -> counts.put(id, new ShadowFigures(c.compared(), c.agreed(), c.dropped(), c.failed())));
        if (!counts.isEmpty()) {
            repository.addShadowCounts(counts);
        }
    }

    void judge(Experiment e) {
        String gone = gone(e);
        if (gone != null) {
            decisions.end(e, ExperimentStatus.STOPPED, figures.of(e), Decisions.SYSTEM, gone);
            return;
        }
        Figures f = figures.of(e);
        if (f.comparison() != null && f.samplesPerArm() >= f.samplesForNextLook()) {
            repository.lookTaken(e.id(), e.looks());
            Comparison c = f.comparison();
            if (c.pValue() < f.alphaOfNextLook() && c.difference() != 0) {
                boolean better = c.difference() > 0;
                String why = String.format("look %d at %d feedback per arm: the challenger's %s is %.4f against %.4f, p = %.3g < %.3g",
                        e.looks() + 1, f.samplesPerArm(), f.metric().wire(), f.challengerValue(), f.championValue(), c.pValue(),
                        f.alphaOfNextLook());
                if (better && e.autoPromote()) {
                    promote(e, f, "the challenger is significantly better; " + why);
                    return;
                }
                if (!better && e.autoStop()) {
                    decisions.end(e, ExperimentStatus.STOPPED, f, Decisions.SYSTEM, "the challenger is significantly worse; " + why);
                    return;
                }
                decisions.significant(e, f, better);
            }
        }
        if (e.overdue(clock.instant())) {
            decisions.end(e, ExperimentStatus.INCONCLUSIVE, f, Decisions.SYSTEM, "no significant difference within "
                    + e.maxDurationMinutes() + (e.maxDurationMinutes() == 1 ? " minute" : " minutes") + "; the champion keeps the slot");
        }
    }

    private void promote(Experiment e, Figures f, String reason) {
        try {
            decisions.promote(e, f, Decisions.SYSTEM, reason);
        } catch (VigilException ex) { // the registry refused the deploy (the challenger no longer deployable...)
            decisions.end(e, ExperimentStatus.STOPPED, f, Decisions.SYSTEM, "the challenger won but could not be deployed: "
                    + ex.detail());
        }
    }

    /** Why the experiment cannot go on (its champion replaced, its challenger retired or deleted), or null. */
    private String gone(Experiment e) {
        return models.withHandle(h -> {
            Optional<Deployment> active = models.activeDeployment(h, e.modelType());
            if (active.isEmpty() || !active.get().modelId().equals(e.champion().modelId()) || active.get().version() != e.champion().version()) {
                return "the champion (" + e.champion() + ") is no longer the deployed " + e.modelType() + " model";
            }
            Optional<RegisteredModel> challenger = models.find(h, e.challenger().modelId());
            boolean usable = challenger.isPresent() && challenger.get().status() != ModelStatus.RETIRED
                    && models.version(h, e.challenger().modelId(), e.challenger().version())
                            .filter(v -> v.status() != VersionStatus.RETIRED).isPresent();
            return usable ? null : "the challenger (" + e.challenger() + ") was retired or deleted";
        });
    }
}
