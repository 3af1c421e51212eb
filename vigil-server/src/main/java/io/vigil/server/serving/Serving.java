package io.vigil.server.serving;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.EventBus;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobWorkers;
import io.vigil.server.models.DeploymentNotices;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.persistence.Notifications;
import io.vigil.server.serving.api.InferenceProtocolApi;
import io.vigil.server.serving.api.PredictionsApi;
import io.vigil.server.serving.api.ServingStats;
import io.vigil.server.serving.batch.BatchScoringJob;
import io.vigil.server.serving.log.PredictionObserver;
import io.vigil.server.serving.log.PredictionRecorder;
import io.vigil.server.serving.log.RecordedWindowEvents;
import io.vigil.server.serving.models.LoadedModels;
import io.vigil.server.serving.models.LoadedVersions;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.TrafficSplits;
import io.vigil.server.serving.models.WindowStates;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.ScoringMeters;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Serving, wired: loaded models, the resolver, the cache, the recorder, the HTTP handlers, and the
 * {@code batch_predict} job it registers on the workers; and for experiments, the traffic splits
 * it routes by ({@link #splits()}, kept by monitoring) and the shadow scorer ({@link #shadows()}).
 */
public final class Serving implements AutoCloseable {
    private final LoadedModels loaded;
    private final ModelResolver resolver;
    private final PredictionCache cache;
    private final PredictionRecorder recorder;
    private final PredictionsApi api;
    private final TrafficSplits splits = new TrafficSplits();
    private final ShadowScorer shadows;
    private final Predictor predictor;
    private final io.vigil.server.models.ModelDefinitions definitions;
    private volatile Notifications.Subscription deployments;

    /**
     * @param meters where predictions are counted and timed for the metrics ({@link ScoringMeters#OFF}: nowhere)
     * @param observer sees every prediction the log takes (monitoring's per-minute figures)
     */
    public Serving(ServingSettings settings, Jdbi jdbi, ModelRegistry models, EventBus events, Clock clock, DatasetService datasets,
                   JobQueue queue, JobWorkers workers, ScoringMeters meters, PredictionObserver observer) {
        ModelRepository repository = models.repository();
        this.definitions = models.definitions();
        // a version's window state is restored from the raw events the prediction log recorded (none when it records nothing)
        WindowStates windows = new WindowStates(settings.recordQueue() > 0 ? new RecordedWindowEvents(jdbi) : WindowStates.RecordedEvents.NONE,
                settings.windowEntities(), clock);
        this.loaded = new LoadedModels(repository, models.bundles(), settings.modelBudgetBytes(), windows);
        this.resolver = new ModelResolver(repository, loaded, events);
        models.lifecycle().addDeploymentListener(resolver); // a deploy answers once this instance serves it
        this.cache = new PredictionCache(settings.cacheSize(), settings.cacheTtl());
        models.lifecycle().addDeploymentListener(new CacheInvalidation(cache));
        this.recorder = new PredictionRecorder(jdbi, settings.recordQueue(), settings.recordRate(), observer);
        this.predictor = new Predictor(cache, recorder, clock, meters);
        this.shadows = new ShadowScorer(predictor, resolver::resolve, settings.shadowQueue());
        BatchScoringJob batchScoring = new BatchScoringJob(resolver, loaded, datasets, queue);
        workers.register(BatchScoringJob.KIND, batchScoring);
        this.api = new PredictionsApi(resolver, predictor, this::stats, new InferenceProtocolApi(resolver, predictor, repository),
                batchScoring, splits, shadows);
    }

    /**
     * Follows the deploys, rollbacks and retirements of every instance sharing the database, as
     * they commit ({@link DeploymentNotices}; this instance's own are skipped, as its listeners have
     * followed them already): the resolver replaces the affected answers (the new version loaded
     * before it is swapped in) and the cache drops the models' outputs. The
     * resolver's own re-check of each answer ({@code ModelResolver.RECHECK}) is the fallback for a
     * notice lost with a connection.
     */
    public void followDeployments(Notifications notifications) {
        deployments = notifications.subscribe(DeploymentNotices.CHANNEL, payload -> DeploymentNotices.parse(payload)
                .filter(n -> !n.madeBy(notifications.instance())).ifPresent(n -> {
                    resolver.servingChanged(n.modelType(), n.modelIds());
                    cache.invalidate(n.modelIds());
                }), null, null);
    }

    /** A local move drops the outputs of the models involved before it answers. */
    private record CacheInvalidation(PredictionCache cache) implements io.vigil.server.models.DeploymentListener {
        @Override
        public void prepare(java.util.UUID modelId, int version) {
            // nothing to load
        }

        @Override
        public void servingChanged(String modelType, java.util.Set<java.util.UUID> modelIds) {
            cache.invalidate(modelIds);
        }
    }

    /** The deployed version of {@code modelId}, loaded; empty when it has none deployed (or no such model). */
    public java.util.Optional<LoadedModel> deployedVersion(java.util.UUID modelId) {
        try {
            Integer deployed = definitions.listing(modelId).model().deployedVersion();
            return deployed == null ? java.util.Optional.empty()
                    : java.util.Optional.of(resolver.resolve(ModelSelector.ofId(modelId, deployed)));
        } catch (io.vigil.server.core.VigilException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Scores {@code records} in order with {@code model}, explained, through the one scoring path
     * (checked, window state updated, metered, logged), as {@code POST /ml/models/{id}/batch-predict}, but with no threat
     * verdicts: the caller (the asset service) makes its own events.
     */
    public BatchResult score(LoadedModel model, java.util.List<java.util.Map<String, Object>> records, boolean explain, int topK) {
        return predictor.predictBatchUnjudged(model, records, explain, topK);
    }

    /**
     * Scores a stream's records with the model deployed to {@code modelType}, as {@code POST /ml/predict} with that
     * type and {@code instances} scores them: judged (threat verdicts, events), explained when asked, checked,
     * metered and logged. By columns when nothing needs each record on its own, else record by record. Each answer
     * in record order: a {@code PredictionResult} or a {@code RowOutcome}. A {@code VigilException} (not found)
     * when no model is deployed to the type.
     */
    public BatchResult scoreStream(String modelType, io.vigil.server.serving.scoring.Instances records, boolean explain) {
        LoadedModel model = resolver.resolve(ModelSelector.ofType(modelType));
        if (explain || model.windows() != null || predictor.judges(model)) {
            return predictor.predictBatch(model, records.records(), explain, Predictor.DEFAULT_TOP_K);
        }
        return predictor.predictInstances(model, records).results();
    }

    /** The running experiments serving routes by; whoever reads them replaces them. */
    public TrafficSplits splits() {
        return splits;
    }

    /** Shadow mode's scorer: its per-experiment counts are drained by monitoring. */
    public ShadowScorer shadows() {
        return shadows;
    }

    /** Where each prediction of a judged model type gets its threat verdict (security events plug in here). */
    public void judgeWith(io.vigil.server.serving.scoring.Verdicts verdicts) {
        predictor.judgeWith(verdicts);
    }

    /** The model resolver and the predictor, for the protocols served outside the HTTP layer (gRPC). */
    public ModelResolver resolver() {
        return resolver;
    }

    public Predictor predictor() {
        return predictor;
    }

    public PredictionsApi api() {
        return api;
    }

    /** The prediction cache, whose size and time to live change at run time (the {@code cache} settings section). */
    public PredictionCache predictionCache() {
        return cache;
    }

    /** Counters for operators: cache hits and misses, recorder backlog and drops, loaded versions. */
    public ServingStats stats() {
        CacheStats s = cache.stats();
        LoadedVersions memory = loaded.describe();
        return new ServingStats(memory.versions(), new ServingStats.Memory(memory.usedBytes(), memory.budgetBytes()),
                new ServingStats.Cache(cache.enabled(), cache.size(), s.hitCount(), s.missCount(),
                        s.requestCount() == 0 ? 0.0 : s.hitRate()),
                new ServingStats.Recording(recorder.queued(), recorder.written(), recorder.dropped(), recorder.failed()));
    }

    /** Stops background work; queued prediction records are written first. */
    @Override
    public void close() {
        try {
            if (deployments != null) {
                deployments.close();
            }
            shadows.close(); // the copies queued are scored and handed to the log first
            resolver.close();
        } finally {
            recorder.close();
        }
    }
}
