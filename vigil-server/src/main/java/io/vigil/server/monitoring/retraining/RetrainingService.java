package io.vigil.server.monitoring.retraining;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.RegisteredModel;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A model's retraining as its routes see it: the policy, the history of triggers, and a run now. */
public final class RetrainingService {
    private static final Logger log = LoggerFactory.getLogger(RetrainingService.class);

    private final ModelRepository models;
    private final PolicyRepository policies;
    private final TriggerRepository triggers;
    private final Retrainer retrainer;
    private final Clock clock;

    RetrainingService(ModelRepository models, PolicyRepository policies, TriggerRepository triggers, Retrainer retrainer, Clock clock) {
        this.models = models;
        this.policies = policies;
        this.triggers = triggers;
        this.retrainer = retrainer;
        this.clock = clock;
    }

    /** The model's policy (its defaults when it has none); a 404 for no such model. */
    public PolicyAnswer policy(UUID modelId) {
        RegisteredModel model = models.get(modelId);
        Optional<PolicyRepository.Stored> stored = policies.find(modelId);
        RetrainingPolicy p = stored.map(PolicyRepository.Stored::policy).orElse(RetrainingPolicy.defaults());
        Instant next = p.schedule() == null || stored.isEmpty() ? null : CronSchedule.parse(p.schedule()).nextSlot(clock.instant()).orElse(null);
        return new PolicyAnswer(modelId, model.modelName(), stored.isPresent(), p, p.triggers(), next,
                stored.map(PolicyRepository.Stored::lastTriggeredAt).orElse(null), stored.map(PolicyRepository.Stored::updatedBy).orElse(null),
                stored.map(PolicyRepository.Stored::updatedAt).orElse(null));
    }

    /** Replaces the model's policy, checked field by field (a 400 naming each bad one). */
    public PolicyAnswer setPolicy(UUID modelId, RetrainingPolicy requested, Caller by) {
        RegisteredModel model = models.get(modelId);
        FieldErrors errors = new FieldErrors();
        requested.check(errors, model);
        errors.throwIfAny();
        if (!policies.put(modelId, requested, by.name(), clock.instant())) {
            throw VigilException.notFound("no model with id " + modelId);
        }
        log.atInfo().addKeyValue("modelId", modelId).addKeyValue("by", by.name()).addKeyValue("triggers", requested.triggers())
                .addKeyValue("enabled", requested.enabled()).log("retraining policy changed");
        return policy(modelId);
    }

    /** The model's triggers, newest first. */
    public Page<Trigger> history(UUID modelId, int page, int size) {
        models.get(modelId);
        return triggers.history(modelId, page, size);
    }

    /**
     * Retrains the deployed model now, by {@code by}'s request (reason {@code manual}), under its policy
     * (or the defaults); the cool-down is not asked, but restarts. A 409 when the model has no
     * deployed version or is training already.
     */
    public Trigger run(UUID modelId, Caller by) {
        RegisteredModel model = models.get(modelId);
        if (model.deployedVersion() == null) {
            throw Retrainer.notDeployed(model);
        }
        if (retrainer.training(modelId)) {
            throw VigilException.conflict("model " + model.modelName() + " is training already; retrain it when that job ends");
        }
        Optional<PolicyRepository.Stored> stored = policies.find(modelId);
        RetrainingPolicy policy = stored.map(PolicyRepository.Stored::policy).orElse(RetrainingPolicy.defaults());
        Trigger t = retrainer.retrain(model, policy, Firing.manual(), by, true);
        if (stored.isPresent()) {
            policies.claim(modelId, t.triggeredAt(), null, null, false);
        }
        return t;
    }
}
