package io.vigil.server.serving;

import java.util.List;

/**
 * The answer for several records, in request order: each item is a {@link PredictionResult} or,
 * for a record that could not be scored, a {@link RowOutcome} with its error. {@code partial} is
 * true when at least one record failed.
 */
public record BatchResult(ModelRef model, int count, int failed, boolean partial, List<Object> predictions) {}
