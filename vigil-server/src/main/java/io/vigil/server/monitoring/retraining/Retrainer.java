package io.vigil.server.monitoring.retraining;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.TrainRequest;
import io.vigil.server.models.TrainingJob;
import io.vigil.server.models.TrainingPayload;
import io.vigil.server.models.TrainingSubmission;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a retraining: from the deployed version's own settings (its dataset, hold-out fraction or
 * validation dataset, hyperparameters, search and seed), on the newest data of its lineage
 * ({@link RetrainingData}), queued through {@link TrainingSubmission} like any training. Records the
 * trigger with its reason whether or not a job could be queued, and tells {@link RetrainingNotices}.
 */
final class Retrainer {
    private static final Logger log = LoggerFactory.getLogger(Retrainer.class);

    private final ModelRepository models;
    private final TrainingSubmission training;
    private final JobQueue queue;
    private final RetrainingData data;
    private final TriggerRepository triggers;
    private final RetrainingNotices notices;
    private final RetrainingDecisions decisions;
    private final Clock clock;

    Retrainer(ModelRepository models, TrainingSubmission training, JobQueue queue, RetrainingData data, TriggerRepository triggers,
              RetrainingNotices notices, RetrainingDecisions decisions, Clock clock) {
        this.models = models;
        this.training = training;
        this.queue = queue;
        this.data = data;
        this.triggers = triggers;
        this.notices = notices;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Whether the model has a training queued or running (one at a time; a trigger waits for it to end). */
    boolean training(UUID modelId) {
        return queue.active(modelId).stream().anyMatch(j -> TrainingJob.KIND.equals(j.kind()));
    }

    /**
     * Retrains deployed {@code model} for {@code firing} under {@code policy}, the training queued as
     * {@code by}; answers the trigger as recorded. With {@code refuse}, a training that cannot be
     * queued is a {@link VigilException} for the caller (a manual run) rather than a recorded
     * {@code not_started} trigger.
     */
    Trigger retrain(RegisteredModel model, RetrainingPolicy policy, Firing firing, Caller by, boolean refuse) {
        Instant now = clock.instant();
        ModelVersion deployed = models.getVersion(model.id(), model.deployedVersion());
        Map<String, Object> detail = new LinkedHashMap<>(firing.detail());
        UUID jobId = null;
        RetrainingData.Chosen chosen = null;
        String outcome = Trigger.TRAINING;
        String why = null;
        try {
            if (deployed.imported()) {
                throw VigilException.conflict("version " + deployed.version() + " of model " + model.modelName() + " was imported from a file"
                        + " trained elsewhere, so Vigil has no data or settings to retrain it with: retrain it where it was made and import"
                        + " the new file, or deploy a version trained in Vigil");
            }
            TrainingPayload settings = ComparisonRows.settings(deployed);
            chosen = data.choose(model, deployed, settings.datasetId(), policy.includeFeedback(), now);
            Job job = training.submit(model.id(), new TrainRequest(chosen.training().id(), settings.trainTestSplit(),
                    settings.validationDatasetId(), settings.hyperparameters(), settings.tuning(), null, settings.seed(), null), by);
            jobId = job.id();
        } catch (RuntimeException e) {
            if (refuse) {
                throw e;
            }
            outcome = Trigger.NOT_STARTED;
            why = "no training queued: " + e.getMessage();
            log.atWarn().addKeyValue("modelId", model.id()).addKeyValue("reason", firing.reason().wire()).addKeyValue("error", e.getMessage())
                    .log("retraining not started");
        }
        if (chosen != null && chosen.feedbackSince() != null) {
            detail.put("feedbackSince", chosen.feedbackSince().toString());
        }
        Trigger t = new Trigger(Uuids.random(), model.id(), firing.reason().wire(), firing.observed(), firing.threshold(), detail, now,
                by.name(), deployed.version(), policy.promotion(), jobId, chosen == null ? null : chosen.base().id(),
                chosen == null || chosen.feedback() == null ? null : chosen.feedback().id(),
                chosen == null ? null : chosen.training().id(), chosen == null ? 0 : chosen.feedbackRows(),
                chosen == null ? null : chosen.feedbackUntil(), outcome, why, null, null, jobId == null ? now : null);
        triggers.insert(t);
        log.atInfo().addKeyValue("modelId", model.id()).addKeyValue("reason", t.reason()).addKeyValue("observed", t.observed())
                .addKeyValue("threshold", t.threshold()).addKeyValue("jobId", jobId).addKeyValue("feedbackRows", t.feedbackRows())
                .addKeyValue("by", by.name()).log("retraining triggered");
        notices.triggered(t, by);
        if (jobId != null && queue.find(jobId).map(j -> j.state().isFinished()).orElse(false)) {
            decisions.decideLater(t.id()); // it ended before its trigger was recorded, so the job listener found no trigger
        }
        return t;
    }

    /** A manual run's refusal when the model cannot be retrained now. */
    static VigilException notDeployed(RegisteredModel model) {
        return VigilException.conflict("model " + model.modelName() + " has no deployed version: retraining starts from the"
                + " deployed version's settings and data; deploy one first");
    }
}
