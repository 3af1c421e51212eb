package io.vigil.server.featurestore;

import io.vigil.engine.windows.WindowSpec;
import java.util.Map;

/**
 * The body of {@code POST /ml/features}: a new definition, or the next version of one.
 *
 * @param staleAfter how old an entity's latest event may be before its values are reported stale
 *                   ({@code 30m}, {@code 2h}); the longest time window of the spec when absent (an hour without one)
 */
public record FeatureRequest(String name, String description, FeatureSource source, WindowSpec spec,
                             Map<String, FeatureDefinition.Range> ranges, String staleAfter) {}
