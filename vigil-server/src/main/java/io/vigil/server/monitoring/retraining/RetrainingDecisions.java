package io.vigil.server.monitoring.retraining;

import io.vigil.server.auth.Caller;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobListener;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobState;
import io.vigil.server.models.ModelLifecycle;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.TrainingJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a triggered training ends. As a {@link JobListener} it hears the job end and
 * hands the decision to the retraining thread (listeners must not block); the evaluation round also
 * decides what an instance missed (it stopped, or the job ended before its trigger was recorded).
 * One instance claims each decision. A failed job fails the trigger; a new version is compared with
 * the deployed one ({@link ChampionComparison}) and the policy's promotion applied: deployed through
 * the registry by {@code vigil}, handed to an A/B test, or registered.
 */
final class RetrainingDecisions implements JobListener {
    private static final Logger log = LoggerFactory.getLogger(RetrainingDecisions.class);
    /** A claim older than this is taken to have died with its instance, and decided again. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(15);

    private final TriggerRepository triggers;
    private final PolicyRepository policies;
    private final JobQueue queue;
    private final ModelRepository models;
    private final ModelLifecycle lifecycle;
    private final ChampionComparison comparison;
    private final ChallengerExperiments experiments;
    private final RetrainingNotices notices;
    private final Executor background;
    private final Clock clock;

    RetrainingDecisions(TriggerRepository triggers, PolicyRepository policies, JobQueue queue, ModelRepository models,
                        ModelLifecycle lifecycle, ChampionComparison comparison, ChallengerExperiments experiments,
                        RetrainingNotices notices, Executor background, Clock clock) {
        this.triggers = triggers;
        this.policies = policies;
        this.queue = queue;
        this.models = models;
        this.lifecycle = lifecycle;
        this.comparison = comparison;
        this.experiments = experiments;
        this.notices = notices;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public void onStateChange(Job before, Job after) {
        boolean ended = after.state().isFinished() && (before == null || !before.state().isFinished());
        if (ended && TrainingJob.KIND.equals(after.kind())) {
            background.execute(() -> triggers.byJob(after.id()).ifPresent(t -> decide(t.id())));
        }
    }

    /** Decides trigger {@code id} on the retraining thread. */
    void decideLater(UUID id) {
        background.execute(() -> decide(id));
    }

    /** Decides every trigger whose job has ended and that no live instance is deciding. */
    void decideMissed() {
        for (UUID id : triggers.undecided(clock.instant().minus(STALE_CLAIM))) {
            triggers.find(id).filter(t -> t.jobId() != null && queue.find(t.jobId()).map(j -> j.state().isFinished()).orElse(true))
                    .ifPresent(t -> decide(t.id()));
        }
    }

    /**
     * Decides trigger {@code id} if this instance claims it first; a decision that throws fails the
     * trigger. Runs on the retraining thread: nothing escapes it.
     */
    void decide(UUID id) {
        try {
            Instant now = clock.instant();
            if (triggers.claimDecision(id, now, now.minus(STALE_CLAIM))) {
                triggers.find(id).ifPresent(this::decideClaimed);
            }
        } catch (RuntimeException e) { // the database went away: the round decides it again once the claim is stale
            log.atWarn().setCause(e).addKeyValue("trigger", id).log("retraining decision not recorded");
        }
    }

    private void decideClaimed(Trigger t) {
        Decision d;
        try {
            d = decision(t);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("modelId", t.modelId()).addKeyValue("trigger", t.id()).log("retraining decision failed");
            d = new Decision(Trigger.FAILED, "the decision failed: " + e.getMessage(), null, null);
        }
        triggers.decide(t.id(), d.outcome(), d.detail(), d.newVersion(), d.comparison(), clock.instant());
        log.atInfo().addKeyValue("modelId", t.modelId()).addKeyValue("trigger", t.id()).addKeyValue("reason", t.reason())
                .addKeyValue("outcome", d.outcome()).addKeyValue("newVersion", d.newVersion()).log("retraining decided");
        triggers.find(t.id()).ifPresent(notices::decided);
    }

    private record Decision(String outcome, String detail, Integer newVersion, Comparison comparison) {}

    private Decision decision(Trigger t) {
        Optional<Job> job = queue.find(t.jobId());
        if (job.isEmpty() || job.get().state() != JobState.SUCCEEDED) {
            return new Decision(Trigger.FAILED, job.map(j -> "the training job " + j.id() + " ended " + j.state().wire()
                    + (j.error() == null ? "" : ": " + j.error())).orElse("the training job is gone"), null, null);
        }
        int newVersion = job.get().result().path("version").asInt();
        RegisteredModel model = models.get(t.modelId());
        if (model.deployedVersion() == null) {
            return new Decision(Trigger.REGISTERED, "no version of " + model.modelName() + " is deployed any more: nothing to"
                    + " compare with", newVersion, null);
        }
        RetrainingPolicy policy = policies.find(t.modelId()).map(PolicyRepository.Stored::policy).orElse(RetrainingPolicy.defaults());
        ModelVersion champion = models.getVersion(model.id(), model.deployedVersion());
        ModelVersion challenger = models.getVersion(model.id(), newVersion);
        Comparison c;
        try {
            c = comparison.compare(model, champion, challenger, policy, t.feedbackRows());
        } catch (ComparisonRows.NoFairRows e) {
            return new Decision(Trigger.REGISTERED, "not compared with the champion: " + e.getMessage(), newVersion, null);
        }
        String figures = policy.metric() + " " + c.challengerValue() + " against the champion's " + c.championValue()
                + " (version " + c.champion() + ") on " + c.rowCount() + " rows";
        return switch (policy.promotionRule()) {
            case NEVER -> new Decision(Trigger.REGISTERED, "registered (promotion never): " + figures, newVersion, c);
            case IF_BETTER -> {
                if (!c.better()) {
                    yield keptChampion(figures, newVersion, c);
                }
                lifecycle.deploy(model.id(), newVersion, Caller.VIGIL);
                notices.deployed(t, newVersion);
                yield new Decision(Trigger.PROMOTED, "deployed: " + figures, newVersion, c);
            }
            case CHALLENGER -> {
                if (!c.better()) {
                    yield keptChampion(figures, newVersion, c);
                }
                Optional<String> experiment = experiments.start(model.id(), model.modelType(), c.champion(), newVersion, policy.metric());
                yield new Decision(Trigger.CHALLENGER, experiment.map(e -> "A/B experiment " + e + " started: ")
                        .orElse("validated, not deployed: no A/B experiment could be started; ") + figures, newVersion, c);
            }
        };
    }

    private static Decision keptChampion(String figures, int newVersion, Comparison c) {
        return new Decision(Trigger.KEPT_CHAMPION, "not better by at least " + c.minImprovement() + ": " + figures, newVersion, c);
    }
}
