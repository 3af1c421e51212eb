package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/**
 * A model as the list shows it: its definition and state, and the headline metrics of its latest
 * version, so that models of one slot trained with different algorithms compare at a glance.
 *
 * @param latestMetrics null while the model has no version
 */
public record ModelListing(@JsonUnwrapped RegisteredModel model, Map<String, Double> latestMetrics) {}
