package io.vigil.server.models;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.evaluation.ClassMetrics;
import io.vigil.engine.features.CategoryShapes;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobLogLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training job tells in its log about what it learned from: the columns it left out on its
 * own, inputs that are usually a leak or a memory of the training data, and figures that rest on
 * too few test rows. Warnings only: whether an input is the signal is the user's call.
 */
final class TrainingWarnings {
    /** Fewer test rows of a class than this, and its precision, recall and F1 are anecdotes. */
    static final int MIN_TEST_ROWS_PER_CLASS = 5;

    /** What to tell about category inputs of each shape: usually a leak, or a memory of the training data. */
    private static final Map<CategoryShapes.Shape, String> SHAPE_WARNINGS = Map.of(
            CategoryShapes.Shape.DATE_TIME, "hold dates or times as text ('%s'), read as categories: the model learns the minutes"
                    + " of its training data, and live events bring values it never saw; drop them (dropColumns), or upload them"
                    + " as ISO-8601 (2017-07-03T08:55:00) to have them read as timestamps",
            CategoryShapes.Shape.HOST_ADDRESS, "are host addresses ('%s'): the model learns which hosts did what in the training"
                    + " data (in a capture, often one attacker's address), which does not carry over to new hosts; drop them"
                    + " (dropColumns) unless those hosts are the signal");

    private TrainingWarnings() {}

    /**
     * Tells in the job's log what became of the columns: the ones left out on their own, and the
     * inputs that are usually a leak or a memory of the training data (timestamps, dates as text,
     * host addresses), which stay inputs because whether they are the signal is the user's call.
     */
    static void describeInputs(JobContext ctx, Pipeline pipeline, PipelineSpec spec) {
        List<String> leftOut = pipeline.dropped().stream().filter(c -> !spec.drop().contains(c)).toList();
        if (!leftOut.isEmpty()) {
            ctx.log(JobLogLevel.INFO, "left out " + leftOut + ": columns without values, categories with a distinct value"
                    + " in most rows (identifiers) or row numbers, which a model cannot learn from; records may still carry them");
        }
        List<String> times = pipeline.inputs().stream()
                .filter(input -> input.valueType() == ColumnType.TIMESTAMP).map(InputField::name).toList();
        if (!times.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "inputs " + times + " are timestamps, read as seconds since the epoch: every live event"
                    + " comes after the training rows, so a split on them says nothing about it; drop them (dropColumns)"
                    + " unless the time itself is the signal");
        }
        List<CategoryShapes.Hint> hints = CategoryShapes.of(pipeline);
        for (CategoryShapes.Shape shape : CategoryShapes.Shape.values()) {
            List<CategoryShapes.Hint> shaped = hints.stream().filter(h -> h.shape() == shape).toList();
            if (!shaped.isEmpty()) {
                ctx.log(JobLogLevel.WARN, "inputs " + shaped.stream().map(CategoryShapes.Hint::input).toList() + " "
                        + SHAPE_WARNINGS.get(shape).formatted(shaped.get(0).example()));
            }
        }
    }

    /**
     * Warns when the figures rest on too few rows: a class with fewer than a handful of test rows
     * (a 10-row dataset evaluates on 2), or none at all (not measured, and left out of the macro averages).
     */
    static void describeTestRows(JobContext ctx, ModelEvaluation.Evaluation evaluation, int testRows) {
        String remedy = "more rows of them would tell (upload more, raise trainTestSplit, or evaluate on a validationDatasetId)";
        if (evaluation.report() == null) {
            if (testRows < MIN_TEST_ROWS_PER_CLASS) {
                ctx.log(JobLogLevel.WARN, "only " + testRows + " test rows: the anomaly rate and scores measured on them say"
                        + " little; upload more rows or raise trainTestSplit");
            }
            return;
        }
        List<String> absent = evaluation.report().classesWithoutRows();
        if (!absent.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "classes " + absent + " have no test rows: nothing measured how the model finds them, and"
                    + " the macro averages leave them out; " + remedy);
        }
        Map<String, Long> few = new LinkedHashMap<>();
        for (ClassMetrics c : evaluation.report().perClass()) {
            if (c.support() > 0 && c.support() < MIN_TEST_ROWS_PER_CLASS) {
                few.put(c.name(), c.support());
            }
        }
        if (!few.isEmpty()) {
            ctx.log(JobLogLevel.WARN, "classes with fewer than " + MIN_TEST_ROWS_PER_CLASS + " test rows (of " + testRows + "): "
                    + few + "; their precision, recall and F1 rest on a handful of rows: " + remedy);
        }
    }
}
