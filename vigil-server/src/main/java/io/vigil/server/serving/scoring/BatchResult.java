package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.serving.models.ModelRef;
import java.util.List;

/**
 * The answer for several records, in request order: each item is a {@link PredictionResult} or,
 * for a record that could not be scored, a {@link RowOutcome} with its error. {@code partial} is
 * true when at least one record failed; {@code modelInputs} names the model's inputs, once, when a
 * record carried a field the model does not know (else null, and left out).
 */
public record BatchResult(ModelRef model, int count, int failed, boolean partial,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> modelInputs, List<Object> predictions) {}
