package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/**
 * A model as the list and {@code GET /ml/models/{id}} show it: its definition and state, the
 * hold-out and validation figures of the version that serves ({@link ModelHeadline}), and the
 * metrics of its latest version, so that models of one slot compare at a glance.
 *
 * @param latestMetrics null while the model has no version
 * @param headline      null while the model has no version
 */
public record ModelListing(@JsonUnwrapped RegisteredModel model, Map<String, Double> latestMetrics, ModelHeadline headline) {}
