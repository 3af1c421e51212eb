package io.vigil.server.models;

import io.vigil.engine.evaluation.EvaluationReport;
import java.util.List;

/** A confusion matrix as stored and shown: {@code counts[actual][predicted]}, in the order of {@code classes}. */
public record ConfusionCounts(List<String> classes, long[][] counts) {

    static ConfusionCounts of(EvaluationReport report) {
        return new ConfusionCounts(report.confusion().classes(), report.confusion().counts());
    }
}
