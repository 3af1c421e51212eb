package io.vigil.server.serving.api;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Json;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.serving.batch.BatchScoringJob;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.serving.models.TrafficSplit;
import io.vigil.server.serving.models.TrafficSplits;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.StoredFeatures;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * HTTP handlers of serving: {@code POST /ml/predict}, {@code POST /ml/models/{id}/predict} and
 * {@code /batch-predict}, and the serving statistics.
 */
public final class PredictionsApi {
    private volatile StoredFeatures storedFeatures = StoredFeatures.NONE;
    static final int MAX_INSTANCES = RequestLimits.PREDICTION_RECORDS;
    static final int MAX_TOP_K = 1_000;

    private final ModelResolver resolver;
    private final Predictor predictor;
    private final Supplier<ServingStats> stats;
    private final InferenceProtocolApi inferenceProtocol;
    private final BatchScoringJob batchScoring;
    private final TrafficSplits splits;
    private final ExperimentRouting experiments;

    /** @param splits the running experiments: a prediction for a slot one of them splits is routed by it */
    public PredictionsApi(ModelResolver resolver, Predictor predictor, Supplier<ServingStats> stats, InferenceProtocolApi inferenceProtocol,
                   BatchScoringJob batchScoring, TrafficSplits splits, ShadowScorer shadows) {
        this.resolver = resolver;
        this.predictor = predictor;
        this.stats = stats;
        this.inferenceProtocol = inferenceProtocol;
        this.batchScoring = batchScoring;
        this.splits = splits;
        this.experiments = new ExperimentRouting(resolver, predictor, shadows);
    }

    /** The Open Inference Protocol v2 handlers over the same models. */
    public InferenceProtocolApi inferenceProtocol() {
        return inferenceProtocol;
    }

    /** {@code POST /ml/predict}: the model from modelType (its active deployment), modelId or modelName. */
    public void predict(Context ctx) {
        PredictRequest r = Bodies.json(ctx, PredictRequest.class);
        List<FieldError> errors = new ArrayList<>();
        int selectors = (r.modelType() != null ? 1 : 0) + (r.modelId() != null ? 1 : 0) + (r.modelName() != null ? 1 : 0);
        if (selectors != 1) {
            errors.add(new FieldError("modelType", "give exactly one of modelType (its deployed model), modelId or modelName"));
        }
        if (r.datasetId() != null) {
            errors.add(new FieldError("datasetId", "a stored dataset is scored by POST /ml/models/{id}/batch-predict"));
        }
        FieldErrors names = new FieldErrors(); // looked up in PostgreSQL, which cannot even hold a NUL
        names.name("modelType", r.modelType(), RequestLimits.MODEL_NAME_LENGTH);
        names.name("modelName", r.modelName(), RequestLimits.MODEL_NAME_LENGTH);
        errors.addAll(names.list());
        if (r.modelType() != null && r.version() != null) {
            errors.add(new FieldError("version", "a version goes with modelId or modelName; modelType uses the deployed one"));
        }
        ModelSelector selector = r.modelType() != null ? ModelSelector.ofType(r.modelType())
                : r.modelId() != null ? ModelSelector.ofId(r.modelId(), r.version()) : ModelSelector.ofName(r.modelName(), r.version());
        answer(ctx, r, selector, errors, false);
    }

    /** {@code POST /ml/models/{id}/predict}: one record or {@code instances}. */
    public void predictWithModel(Context ctx) {
        PredictRequest r = Bodies.json(ctx, PredictRequest.class);
        List<FieldError> errors = noSelectors(r);
        if (r.datasetId() != null) {
            errors.add(new FieldError("datasetId", "a stored dataset is scored by POST /ml/models/{id}/batch-predict"));
        }
        answer(ctx, r, ModelSelector.ofId(modelId(ctx), r.version()), errors, false);
    }

    /**
     * {@code POST /ml/models/{id}/batch-predict}: {@code instances}, scored now; or {@code datasetId},
     * scored by a job (202): its result is a new dataset with prediction columns.
     */
    public void batchPredict(Context ctx) {
        PredictRequest r = Bodies.json(ctx, PredictRequest.class);
        if (r.datasetId() != null) {
            // a stored dataset is raw data: scoring one into another needs the datasets' right, not only predicting's
            Caller caller = Callers.require(ctx, Access.DATA, "scoring a stored dataset (datasetId)");
            List<FieldError> errors = noSelectors(r);
            if (r.features() != null || r.instances() != null || r.explain() != null || r.topK() != null) {
                errors.add(new FieldError("datasetId", "score either a stored dataset (datasetId) or instances, not both"));
            }
            if (!errors.isEmpty()) {
                throw VigilException.invalid(errors);
            }
            io.vigil.server.jobs.Job job = batchScoring.submit(ModelSelector.ofId(modelId(ctx), r.version()), r.datasetId(), caller);
            ctx.status(202).header("Location", "/ml/jobs/" + job.id()).json(job);
            return;
        }
        answer(ctx, r, ModelSelector.ofId(modelId(ctx), r.version()), noSelectors(r), true);
    }

    /** {@code GET /ml/serving/stats}. */
    public void stats(Context ctx) {
        ctx.json(stats.get());
    }

    private void answer(Context ctx, PredictRequest r, ModelSelector selector, List<FieldError> errors, boolean batchOnly) {
        if (batchOnly && r.instances() == null) {
            errors.add(new FieldError("instances", "is required: a list of records to score"));
        } else if ((r.features() == null) == (r.instances() == null)) {
            errors.add(new FieldError("features", "give either features (one record) or instances (a list of records)"));
        }
        if (batchOnly && r.features() != null) {
            errors.add(new FieldError("features", "batch-predict takes instances; use /predict for one record"));
        }
        if (r.instances() != null && r.instances().size() > MAX_INSTANCES) {
            errors.add(new FieldError("instances", "at most " + MAX_INSTANCES + " records per request"));
        }
        if (r.topK() != null && (r.topK() < 1 || r.topK() > MAX_TOP_K)) {
            errors.add(new FieldError("topK", "must be from 1 to " + MAX_TOP_K));
        }
        if (r.entity() != null) {
            if (r.features() == null) errors.add(new FieldError("entity", "fills one record: send it as features"));
            if (r.entity().features() == null || r.entity().features().isBlank()) {
                errors.add(new FieldError("entity.features", "the feature definition to read the entity's values from is required"));
            }
            if (r.entity().key() == null || r.entity().key().isBlank()) errors.add(new FieldError("entity.key", "the entity's key is required"));
        }
        if (!errors.isEmpty()) {
            throw VigilException.invalid(errors);
        }
        LoadedModel model = resolver.resolve(selector);
        if (r.entity() != null) {
            r = withStoredFeatures(r, model);
        }
        boolean explain = Boolean.TRUE.equals(r.explain());
        int topK = r.topK() == null ? Predictor.DEFAULT_TOP_K : r.topK();
        // one map lookup: an experiment splits this slot's traffic (while its champion still serves the slot)
        TrafficSplit split = selector.modelType() == null ? null : splits.of(selector.modelType());
        if (split != null && split.championIs(model)) {
            experiments.answer(ctx, r, split, model, explain, topK);
            return;
        }
        if (r.features() != null) { // the hottest answer of all
            Bodies.send(ctx, ContentType.JSON, Json.bytes(predictor.predict(model, r.features(), explain, topK)));
        } else if (explain || model.windows() != null || predictor.judges(model)) { // record by record: each explanation takes
            // far longer than the bookkeeping, window features take each record's event in its order, and verdicts read each raw record
            ctx.json(predictor.predictBatch(model, r.instances().records(), explain, topK));
        } else {
            Bodies.send(ctx, ContentType.JSON, predictor.predictInstances(model, r.instances()).toJson());
        }
    }

    /**
     * The request with the record's missing inputs of {@code model} filled from the entity's latest
     * stored values (the record's own fields win; stored features the model does not read are left out).
     */
    private PredictRequest withStoredFeatures(PredictRequest r, LoadedModel model) {
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        storedFeatures.latest(r.entity().features(), r.entity().key()).forEach((name, value) -> {
            if (model.inputFields().containsKey(name)) record.put(name, value);
        });
        record.putAll(r.features());
        return new PredictRequest(r.modelType(), r.modelId(), r.modelName(), r.version(), record, r.instances(), r.explain(), r.topK(),
                r.datasetId(), r.entity());
    }

    /** Where an entity's stored features come from ({@link StoredFeatures#NONE} until the feature store is wired). */
    public void useStoredFeatures(StoredFeatures features) {
        this.storedFeatures = features;
    }

    private static List<FieldError> noSelectors(PredictRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.modelType() != null || r.modelId() != null || r.modelName() != null) {
            errors.add(new FieldError("modelId", "the model is the one in the path; leave out modelType, modelId and modelName"));
        }
        return errors;
    }

    private static UUID modelId(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw VigilException.notFound("no model with id " + ctx.pathParam("id"));
        }
    }
}
