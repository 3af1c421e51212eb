package io.vigil.server.monitoring.retraining;

import io.vigil.server.auth.Caller;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.persistence.AdvisoryLock;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of every enabled policy of a deployed model, off the request path (every
 * {@code retraining.checkSeconds}). Instances that share a database take turns: a round runs under a
 * PostgreSQL advisory lock, and an instance that does not get it skips its round; each trigger is
 * also claimed on its policy row. A model with a training queued or running, or within its
 * cool-down, is passed over; the first condition that holds queues a training as {@code vigil}.
 * The round then decides the triggers whose jobs ended unseen.
 */
final class RetrainingRound {
    private static final Logger log = LoggerFactory.getLogger(RetrainingRound.class);
    private static final AdvisoryLock LOCK = AdvisoryLock.named("vigil:retraining-round");

    /** What a round did. */
    record Result(boolean ran, int policies, int triggered) {}

    private final Jdbi jdbi;
    private final PolicyRepository policies;
    private final ModelRepository models;
    private final Conditions conditions;
    private final Retrainer retrainer;
    private final RetrainingDecisions decisions;
    private final Clock clock;

    RetrainingRound(Jdbi jdbi, PolicyRepository policies, ModelRepository models, Conditions conditions, Retrainer retrainer,
                    RetrainingDecisions decisions, Clock clock) {
        this.jdbi = jdbi;
        this.policies = policies;
        this.models = models;
        this.conditions = conditions;
        this.retrainer = retrainer;
        this.decisions = decisions;
        this.clock = clock;
    }

    Result run() {
        return LOCK.tryRun(jdbi, () -> {
            Result r = evaluate();
            decisions.decideMissed();
            return r;
        }).orElse(new Result(false, 0, 0)); // another instance is evaluating
    }

    private Result evaluate() {
        long start = System.nanoTime();
        int evaluated = 0;
        int triggered = 0;
        for (PolicyRepository.Stored stored : policies.enabledOfDeployed()) {
            evaluated++;
            try {
                if (evaluate(stored)) {
                    triggered++;
                }
            } catch (RuntimeException e) { // one model's trouble (a version without a drift profile...) stops no other
                log.atWarn().setCause(e).addKeyValue("modelId", stored.modelId()).log("retraining policy not evaluated");
            }
        }
        log.atDebug().addKeyValue("policies", evaluated).addKeyValue("triggered", triggered)
                .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000).log("retraining round");
        return new Result(true, evaluated, triggered);
    }

    private boolean evaluate(PolicyRepository.Stored stored) {
        Instant now = clock.instant();
        if (Conditions.inCooldown(stored, now)) {
            return false;
        }
        RegisteredModel model = models.get(stored.modelId());
        if (model.deployedVersion() == null || retrainer.training(model.id())) {
            return false;
        }
        Optional<Firing> firing = conditions.check(stored, model.deployedVersion(), now);
        if (firing.isEmpty()) {
            return false;
        }
        Firing f = firing.get();
        if (!policies.claim(model.id(), now, now.minus(stored.policy().cooldownLength()), f.slot(), f.reason() == TriggerReason.SCHEDULE)) {
            return false;
        }
        retrainer.retrain(model, stored.policy(), f, Caller.VIGIL, false);
        return true;
    }
}
