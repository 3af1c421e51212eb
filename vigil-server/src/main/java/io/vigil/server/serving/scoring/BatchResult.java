package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.serving.models.ModelRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The answer for several records, in request order: each item is a {@link PredictionResult} or,
 * for a record that could not be scored, a {@link RowOutcome} with its error. {@code partial} is
 * true when at least one record failed; {@code modelInputs} names the model's inputs, once, when a
 * record carried a field the model does not know (else null, and left out).
 */
public record BatchResult(ModelRef model, int count, int failed, boolean partial,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> modelInputs, List<Object> predictions) {

    /**
     * One answer for a batch an experiment split: record r is the next item of part
     * {@code partOf[r]} (each part answers its records in request order). The first part names the
     * model at the top (the slot's champion).
     */
    public static BatchResult merge(List<BatchResult> parts, int[] partOf) {
        List<Iterator<Object>> next = new ArrayList<>(parts.size());
        int failed = 0;
        List<String> inputs = null;
        for (BatchResult part : parts) {
            next.add(part.predictions().iterator());
            failed += part.failed();
            inputs = inputs == null ? part.modelInputs() : inputs;
        }
        List<Object> predictions = new ArrayList<>(partOf.length);
        for (int part : partOf) {
            predictions.add(next.get(part).next());
        }
        return new BatchResult(parts.get(0).model(), partOf.length, failed, failed > 0, inputs, predictions);
    }
}
