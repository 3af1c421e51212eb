package io.vigil.server.serving.api;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.serving.models.Arm;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.TrafficSplit;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.Instances;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.ScoredInstances;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Answers a prediction for a detection slot that an experiment splits: each record meets the arm
 * its sticky key hashes to ({@link TrafficSplit#assign}). A/B: that arm's version answers it.
 * Shadow: the champion answers every record, and the records drawn for the shadow are copied to
 * the challenger after the answer is made ({@link ShadowScorer}). A batch is scored by parts, one
 * per arm (and per kind of assignment), answered in request order with each prediction's arm.
 */
record ExperimentRouting(ModelResolver resolver, Predictor predictor, ShadowScorer shadows) {

    /** Answers {@code r} (already checked) for the slot whose champion is {@code champion}. */
    void answer(Context ctx, PredictRequest r, TrafficSplit split, LoadedModel champion, boolean explain, int topK) {
        String header = split.stickyHeader() == null ? null : ctx.header(split.stickyHeader());
        if (r.features() != null) {
            Object key = header != null ? header : split.stickyField() == null ? null : r.features().get(split.stickyField());
            ExperimentArm arm = split.assign(key);
            LoadedModel model = modelOf(arm, split, champion);
            PredictionResult result = predictor.predict(model, r.features(), explain, topK, answerArm(arm, split, model, champion));
            Bodies.send(ctx, ContentType.JSON, Json.bytes(result));
            if (arm.arm() == Arm.SHADOW) {
                shadows.offer(arm, split.challenger(), r.features(), result);
            }
            return;
        }
        Parts parts = Parts.of(split, r.instances(), header);
        if (explain || champion.windows() != null || predictor.judges(champion)) { // record by record, as without an experiment
            List<Map<String, Object>> records = r.instances().records();
            List<BatchResult> answers = new ArrayList<>();
            for (int p = 0; p < parts.arms.size(); p++) {
                LoadedModel model = modelOf(parts.arms.get(p), split, champion);
                answers.add(predictor.predictBatch(model, records, explain, topK, parts.rows.get(p),
                        answerArm(parts.arms.get(p), split, model, champion)));
            }
            ctx.json(BatchResult.merge(answers, parts.partOf));
            for (int p = 0; p < parts.arms.size(); p++) {
                if (parts.arms.get(p).arm() == Arm.SHADOW) {
                    shadows.offer(parts.arms.get(p), split.challenger(), records, answers.get(p));
                }
            }
            return;
        }
        List<ScoredInstances> answers = new ArrayList<>();
        for (int p = 0; p < parts.arms.size(); p++) {
            LoadedModel model = modelOf(parts.arms.get(p), split, champion);
            answers.add(predictor.predictInstances(model, r.instances(), parts.rows.get(p), answerArm(parts.arms.get(p), split, model,
                    champion)));
        }
        Bodies.send(ctx, ContentType.JSON, ScoredInstances.toJson(answers));
        // copies go after every part is scored: the shadow's thread reads the records too
        for (int p = 0; p < parts.arms.size(); p++) {
            if (parts.arms.get(p).arm() == Arm.SHADOW) {
                shadows.offer(parts.arms.get(p), split.challenger(), r.instances(), answers.get(p));
            }
        }
    }

    /**
     * The version that answers {@code arm}. A challenger that can no longer serve (retired or deleted
     * since the experiment began) leaves its records to the champion, so serving never fails for an
     * experiment's sake; the experiment is ended at its next evaluation.
     */
    private LoadedModel modelOf(ExperimentArm arm, TrafficSplit split, LoadedModel champion) {
        if (arm.arm() != Arm.CHALLENGER) {
            return champion;
        }
        try {
            return resolver.resolve(split.challenger());
        } catch (VigilException e) {
            return champion;
        }
    }

    /** What the answer says of an assignment: the champion's arm when the champion answered (a shadow's copy or a fallback). */
    private static ExperimentArm answerArm(ExperimentArm assigned, TrafficSplit split, LoadedModel model, LoadedModel champion) {
        return assigned.arm() == Arm.CHALLENGER && model != champion || assigned.arm() == Arm.CHAMPION ? assigned
                : split.championOf(assigned);
    }

    /**
     * A batch's records grouped by the arm each meets: the champion's part first (possibly empty:
     * it names the model at the top of the answer), then the others in the order first met.
     */
    private record Parts(List<ExperimentArm> arms, List<int[]> rows, int[] partOf) {
        static Parts of(TrafficSplit split, Instances in, String header) {
            int n = in.size();
            int[] partOf = new int[n];
            List<ExperimentArm> arms = new ArrayList<>(4);
            int[] counts = new int[8];
            ExperimentArm[] assigned = new ExperimentArm[n];
            arms.add(split.championOf(split.assign(null))); // a placeholder champion part, replaced below if records meet one
            boolean championMet = false;
            for (int r = 0; r < n; r++) {
                Object key = header != null ? header : split.stickyField() == null ? null : in.value(split.stickyField(), r);
                ExperimentArm arm = split.assign(key);
                assigned[r] = arm;
                if (!championMet && arm.arm() == Arm.CHAMPION) {
                    arms.set(0, arm);
                    championMet = true;
                }
                int p = arms.indexOf(arm);
                if (p < 0) {
                    arms.add(arm);
                    p = arms.size() - 1;
                }
                partOf[r] = p;
                counts[p]++;
            }
            List<int[]> rows = new ArrayList<>(arms.size());
            for (int p = 0; p < arms.size(); p++) {
                rows.add(new int[counts[p]]);
            }
            int[] filled = new int[arms.size()];
            for (int r = 0; r < n; r++) {
                rows.get(partOf[r])[filled[partOf[r]]++] = r;
            }
            return new Parts(arms, rows, Arrays.copyOf(partOf, n));
        }
    }
}
