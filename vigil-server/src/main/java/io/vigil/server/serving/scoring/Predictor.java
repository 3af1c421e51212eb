package io.vigil.server.serving.scoring;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.explain.Explanation;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.table.Table;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scores records with a loaded model: validate against its inputs, encode into a per-thread
 * buffer, score (through the cache), explain if asked, record for monitoring. Knows nothing of HTTP.
 */
public final class Predictor {
    public static final int DEFAULT_TOP_K = 10;

    private final PredictionCache cache;
    private final PredictionLog recorder;
    private final Clock clock;
    private final ScoringMeters meters;
    private final ThreadLocal<RowScratch> scratch = ThreadLocal.withInitial(RowScratch::new);
    private volatile Verdicts verdicts = Verdicts.NONE;
    /** The contributions an event's explanation keeps. */
    static final int EVENT_TOP_K = 5;

    public Predictor(PredictionCache cache, PredictionLog recorder, Clock clock) {
        this(cache, recorder, clock, ScoringMeters.OFF);
    }

    /** @param meters where each prediction is counted by model, version and class, and timed */
    public Predictor(PredictionCache cache, PredictionLog recorder, Clock clock, ScoringMeters meters) {
        this.cache = cache;
        this.recorder = recorder;
        this.clock = clock;
        this.meters = meters;
    }

    /** Where each scored record of a judged model type gets its threat verdict ({@link Verdicts#NONE} until wired). */
    public void judgeWith(Verdicts verdicts) {
        this.verdicts = verdicts;
    }

    /** Whether {@code model}'s records get threat verdicts: its batches then go record by record ({@link #predictBatch}). */
    public boolean judges(LoadedModel model) {
        return verdicts.judges(model);
    }

    /** The scoring path alone, without prediction cache or prediction log: for benchmarks and tools. */
    public static Predictor standalone(Clock clock) {
        return new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, clock);
    }

    /** One record; a problem (422 listing each bad field) when it does not fit the model. */
    public PredictionResult predict(LoadedModel model, Map<String, Object> raw, boolean explain, int topK) {
        return predict(model, raw, explain, topK, null, null);
    }

    /** One record an experiment routed to {@code arm}: its answer and its log record say so. */
    public PredictionResult predict(LoadedModel model, Map<String, Object> raw, boolean explain, int topK, ExperimentArm arm) {
        return predict(model, raw, explain, topK, arm, null);
    }

    /**
     * A shadow copy of the champion's prediction {@code championId}: {@code raw} scored by the
     * challenger (no explanation), logged as the shadow of that prediction; answered to nobody.
     */
    PredictionResult shadow(LoadedModel challenger, Map<String, Object> raw, ExperimentArm arm, UUID championId) {
        return predict(challenger, raw, false, 0, arm, championId);
    }

    private PredictionResult predict(LoadedModel model, Map<String, Object> raw, boolean explain, int topK, ExperimentArm arm,
                                     UUID shadowOf) {
        long begin = System.nanoTime(); // the prediction's server time, for the meters and the prediction log
        checkExplainable(model, explain);
        Map<String, Object> record = NestedFields.flatten(model, raw);
        if (model.windows() != null) {
            List<FieldError> problems = WindowInputs.check(model, record, "features");
            if (!problems.isEmpty()) {
                throw FeatureErrors.unprocessable(model, problems);
            }
            record = WindowInputs.withStandIns(model, record);
        }
        List<FieldError> errors = FeatureValidator.check(model, record, "features");
        if (!errors.isEmpty()) {
            record = FieldNames.match(model, record);
            errors = FeatureValidator.check(model, record, "features");
            if (!errors.isEmpty()) {
                throw FeatureErrors.unprocessable(model, errors);
            }
        }
        WindowInputs.Windowed windowed = model.windows() == null ? null : WindowInputs.apply(model, record); // the record is valid: its event counts
        if (windowed != null) {
            record = windowed.record();
        }
        Instant at = clock.instant();
        ScoringMeters.Version metered = meters.of(model);
        PredictionResult result = score(model, record, explain, topK, "features", true, model.predictionIds().next(at), metered, arm);
        if (windowed != null) {
            result = result.withWindowFeatures(windowed.values());
        }
        if (shadowOf == null) {
            result = judged(model, record, result, topK);
        }
        long took = System.nanoTime() - begin;
        if (recorder.enabled()) {
            PredictionBatchRecord logged = PredictionBatchRecord.single(at, model, record, result, took,
                    windowed == null ? null : windowed.event());
            logged.tag(arm, shadowOf);
            recorder.record(logged);
        }
        metered.scored(took, true);
        return result;
    }

    /**
     * Several records one by one (the path of explained batches; others go by columns through
     * {@link #predictInstances}): a bad one gets its error in its place, the others are scored.
     */
    public BatchResult predictBatch(LoadedModel model, List<Map<String, Object>> raw, boolean explain, int topK) {
        return predictBatch(model, raw, explain, topK, null, null, true);
    }

    /**
     * {@link #predictBatch} for Vigil's own scoring of records it was sent for something else (the
     * asset service's detectors): no threat verdicts, which would repeat the events that service makes itself.
     */
    public BatchResult predictBatchUnjudged(LoadedModel model, List<Map<String, Object>> raw, boolean explain, int topK) {
        return predictBatch(model, raw, explain, topK, null, null, false);
    }

    /**
     * Records {@code rows} of a batch (all of them when null), in that order, for an experiment's
     * {@code arm} (or none): each answer and error names its record's place in the whole batch.
     */
    public BatchResult predictBatch(LoadedModel model, List<Map<String, Object>> raw, boolean explain, int topK, int[] rows,
                                    ExperimentArm arm) {
        return predictBatch(model, raw, explain, topK, rows, arm, true);
    }

    private BatchResult predictBatch(LoadedModel model, List<Map<String, Object>> raw, boolean explain, int topK, int[] rows,
                                     ExperimentArm arm, boolean judge) {
        long begin = System.nanoTime();
        checkExplainable(model, explain);
        ScoringMeters.Version metered = meters.of(model);
        int n = rows == null ? raw.size() : rows.length;
        List<Object> out = new ArrayList<>(n);
        Instant at = clock.instant();
        UUID firstId = Uuids.timeOrderedBlock(at);
        // the whole batch is one record of the prediction log; prediction k's id is the block's k-th
        PredictionBatchRecord log = recorder.enabled() && n > 0 ? new PredictionBatchRecord(at, firstId, model, n) : null;
        if (log != null) {
            log.tag(arm, null);
        }
        int scored = 0;
        boolean unknownFields = false;
        FeatureErrors.Listing listing = new FeatureErrors.Listing();
        for (int j = 0; j < n; j++) {
            int i = rows == null ? j : rows[j];
            Map<String, Object> record = raw.get(i) == null ? null : FieldNames.match(model, NestedFields.flatten(model, raw.get(i)));
            String prefix = "instances[" + i + "]";
            List<FieldError> errors = model.windows() == null ? List.of() : WindowInputs.check(model, record, prefix);
            if (errors.isEmpty() && model.windows() != null && record != null) {
                record = WindowInputs.withStandIns(model, record);
            }
            if (errors.isEmpty()) {
                errors = FeatureValidator.check(model, record, prefix);
            }
            if (errors.isEmpty()) {
                try {
                    // records in their order: each valid one's event counts before the next is read
                    WindowInputs.Windowed windowed = model.windows() == null ? null : WindowInputs.apply(model, record);
                    if (windowed != null) {
                        record = windowed.record();
                    }
                    PredictionResult result = score(model, record, explain, topK, prefix, n == 1, Uuids.inBlock(firstId, scored), metered,
                            arm);
                    if (windowed != null) {
                        result = result.withWindowFeatures(windowed.values());
                    }
                    if (judge) {
                        result = judged(model, record, result, topK);
                    }
                    out.add(result);
                    scored++;
                    if (log != null) {
                        log.add(record, result, windowed == null ? null : windowed.event());
                    }
                    continue;
                } catch (VigilException e) {
                    errors = e.errors();
                }
            }
            unknownFields |= FeatureErrors.anyUnknown(errors);
            out.add(new RowOutcome(i, listing.rowError(errors)));
        }
        long took = System.nanoTime() - begin;
        if (log != null && log.size() > 0) {
            log.took(took);
            recorder.record(log);
        }
        metered.scored(took, false);
        return new BatchResult(model.ref(), n, n - scored, scored < n, unknownFields ? model.inputNames() : null, out);
    }

    /**
     * A batch read by columns: each record is checked, the bad ones get their errors in their
     * place, the others are scored together as one table (no cache, one log record).
     */
    public ScoredInstances predictInstances(LoadedModel model, Instances in) {
        return predictInstances(model, in, null, null);
    }

    /**
     * Records {@code rows} of a batch read by columns (all of them when null) for an experiment's
     * {@code arm} (or none); the others are left to another arm ({@link ScoredInstances#OTHER_ARM}).
     */
    public ScoredInstances predictInstances(LoadedModel model, Instances in, int[] rows, ExperimentArm arm) {
        refuseColumns(model);
        long begin = System.nanoTime();
        CheckedRows checked = CheckedRows.of(model, in, rows);
        ScoringMeters.Version metered = meters.of(model);
        ScoredTable scored = checked.good().length == 0 ? ScoredTable.none(model) // every record refused: each is answered in its place
                : scoreTable(model, TensorTable.of(model, checked.byInput(), checked.good()), metered, begin, arm, null);
        if (checked.good().length == 0) {
            metered.scored(System.nanoTime() - begin, false);
        }
        return new ScoredInstances(checked.scoredRow(), checked.errors(), scored, model.inputNames(), arm);
    }

    /**
     * A shadow copy of a champion's batch: records {@code rows} (those the champion scored, whose
     * first prediction was {@code championFirstId}) scored by the challenger and logged as their
     * shadow. Null, scoring nothing, when the challenger refuses any of them: then its rows would
     * no longer line up with the champion's.
     */
    ScoredTable shadowInstances(LoadedModel challenger, Instances in, int[] rows, ExperimentArm arm, UUID championFirstId) {
        long begin = System.nanoTime();
        if (challenger.windows() != null) {
            return null; // its state takes records one by one: no copy of a batch by columns
        }
        CheckedRows checked = CheckedRows.of(challenger, in, rows);
        if (checked.good().length < rows.length) {
            return null;
        }
        return scoreTable(challenger, TensorTable.of(challenger, checked.byInput(), checked.good()), meters.of(challenger), begin, arm,
                championFirstId);
    }

    /**
     * Every row of a table whose columns are the model's inputs (the inference protocol's tensors):
     * encoded column by column, scored without the cache, logged as one batch.
     */
    public ScoredTable predictTable(LoadedModel model, Table table) {
        refuseColumns(model);
        return scoreTable(model, table, meters.of(model), System.nanoTime(), null, null);
    }

    /**
     * Columns scored together would skip the window features' state, which takes each event in its
     * order: a model with window features scores records one by one ({@link #predictBatch}).
     */
    private static void refuseColumns(LoadedModel model) {
        if (model.windows() != null) {
            throw VigilException.unprocessable("model " + model.ref().name() + " computes window features from each record's event: "
                    + "send records (features, or instances as a list of records), not tensors");
        }
    }

    /** {@link #predictTable} for a call that began at {@code begin} ({@link System#nanoTime()}): one time for meters and log. */
    private ScoredTable scoreTable(LoadedModel model, Table table, ScoringMeters.Version metered, long begin, ExperimentArm arm,
                                   UUID shadowOf) {
        FeatureMatrix x;
        try {
            x = model.trained().pipeline().transform(table);
        } catch (InvalidRecordException e) {
            throw FeatureErrors.unprocessable(model, List.of(new FieldError("inputs", e.getMessage())));
        }
        ScoredRows outputs = Scorer.score(model.trained().model(), x);
        countClasses(outputs, metered);
        Instant at = clock.instant();
        ScoredTable scored = new ScoredTable(model.ref(), Uuids.timeOrderedBlock(at), outputs);
        long took = System.nanoTime() - begin;
        if (recorder.enabled() && outputs.rows() > 0) {
            PredictionBatchRecord log = new PredictionBatchRecord(at, scored.firstId(), model, outputs.rows());
            log.tag(arm, shadowOf);
            log.addAll(table, scored);
            log.took(took);
            recorder.record(log);
        }
        metered.scored(took, false);
        return scored;
    }

    /**
     * {@code cached}: single records go through the prediction cache (the same event repeats, e.g.
     * a retried alert); batches do not, as their mostly distinct rows would only evict those entries.
     */
    private PredictionResult score(LoadedModel model, Map<String, Object> record, boolean explain, int topK, String prefix,
                                   boolean cached, UUID id, ScoringMeters.Version metered, ExperimentArm arm) {
        Model m = model.trained().model();
        int n = model.featureCount();
        RowScratch mine = scratch.get();
        float[] x = mine.features(n);
        try {
            model.trained().pipeline().encode(record, x);
        } catch (InvalidRecordException e) {
            throw FeatureErrors.unprocessable(model, List.of(new FieldError(prefix, e.getMessage())));
        }
        // scored into the thread's rows; the cache keeps a copy of its own
        ScoredRows s = cached && model.cacheable() && cache.enabled()
                ? cache.get(model.ref(), x, n, () -> Scorer.score(m, x, 0, mine.outputs).copy())
                : Scorer.score(m, x, 0, mine.outputs);
        metered.predicted(s.classIndex(0), 1);
        List<String> classes = s.classes();
        Map<String, Double> probabilities = new LinkedHashMap<>(classes.size() * 2);
        for (int c = 0; c < classes.size(); c++) {
            probabilities.put(classes.get(c), s.probability(0, c));
        }
        Double anomalyScore = s.hasAnomalyScores() ? s.anomalyScore(0) : null;
        Boolean anomaly = s.hasAnomalyScores() ? s.isAnomaly(0) : null;
        PredictionExplanation explanation = explain ? explain(model, x, s, record, topK) : null;
        return new PredictionResult(id, s.label(0), probabilities, s.confidence(0), anomalyScore, anomaly, model.ref(), arm,
                explanation);
    }

    /** {@code result} with its threat verdict, when its model type's verdicts are judged. */
    private PredictionResult judged(LoadedModel model, Map<String, Object> record, PredictionResult result, int topK) {
        Verdicts v = verdicts;
        if (!v.judges(model)) {
            return result;
        }
        PredictionResult scored = result;
        ThreatVerdict threat = v.judge(model, record, result, () -> scored.explanation() != null ? scored.explanation()
                : model.explainer() == null ? null : explainRecord(model, record, Math.min(topK, EVENT_TOP_K)));
        return threat == null ? result : result.withThreat(threat);
    }

    /** The explanation of a record scored afresh (an event's, when the caller did not ask for one). */
    private static PredictionExplanation explainRecord(LoadedModel model, Map<String, Object> record, int topK) {
        float[] x = new float[model.featureCount()];
        model.trained().pipeline().encode(record, x);
        ScoredRows s = Scorer.score(model.trained().model(), x, 0, new ScoredRows());
        return explain(model, x, s, record, topK);
    }

    /** Each class's count among a table's rows, told once per class rather than once per row. */
    private static void countClasses(ScoredRows outputs, ScoringMeters.Version metered) {
        if (metered == ScoringMeters.Version.OFF) {
            return;
        }
        int[] counts = new int[outputs.classCount()];
        for (int r = 0; r < outputs.rows(); r++) {
            counts[outputs.classIndex(r)]++;
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                metered.predicted(c, counts[c]);
            }
        }
    }

    private static void checkExplainable(LoadedModel model, boolean explain) {
        if (explain && model.explainer() == null) {
            throw VigilException.unprocessable("model " + model.ref().name() + " (" + model.trained().model().algorithm()
                    + ") cannot explain single predictions; ask without explain"
                    + (model.trained().model() instanceof io.vigil.engine.anomaly.IsolationForestModel
                            ? " (an isolation forest trained before explanations existed: train a new version)" : ""));
        }
    }

    private static PredictionExplanation explain(LoadedModel model, float[] buffer, ScoredRows s, Map<String, Object> record,
                                                 int topK) {
        float[] x = Arrays.copyOf(buffer, model.featureCount()); // the explainer reads the row's length
        // binary models have one margin: the positive (last) class; multiclass: the predicted class
        int output = s.marginCount() == 1 ? 0 : s.classIndex(0);
        String explainedClass = s.marginCount() == 1 ? model.trained().classes().get(model.trained().classes().size() - 1)
                : model.trained().classes().get(s.classIndex(0));
        Explanation e = model.explainer().explain(x, output);
        double[] byInput = new double[model.inputNames().size()];
        double unattributed = 0;
        int[] inputOf = model.inputOfFeature();
        for (int f = 0; f < inputOf.length; f++) {
            if (inputOf[f] >= 0) {
                byInput[inputOf[f]] += e.contributions()[f];
            } else {
                unattributed += e.contributions()[f];
            }
        }
        List<PredictionExplanation.Contribution> all = new ArrayList<>(byInput.length);
        for (int i = 0; i < byInput.length; i++) {
            if (byInput[i] == 0) {
                continue; // an input that did not move the margin is not a reason (a tree never split on it)
            }
            String name = model.inputNames().get(i);
            all.add(new PredictionExplanation.Contribution(name, record.get(name), byInput[i]));
        }
        all.sort(Comparator.comparingDouble((PredictionExplanation.Contribution c) -> Math.abs(c.contribution())).reversed());
        return new PredictionExplanation(explainedClass, model.explainer().marginOf(), e.bias() + unattributed, e.margin(),
                List.copyOf(all.subList(0, Math.min(topK, all.size()))));
    }

    /** One thread's scratch for single records: the encoded row, and its outputs. */
    private static final class RowScratch {
        private float[] features = new float[256];
        final ScoredRows outputs = new ScoredRows();

        float[] features(int n) {
            if (features.length < n) {
                features = new float[Math.max(n, features.length * 2)];
            }
            return features;
        }
    }
}
