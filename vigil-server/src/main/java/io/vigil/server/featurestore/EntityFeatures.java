package io.vigil.server.featurestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ml/features/{name}/entities/{key}}: an entity's latest feature values.
 *
 * @param at         the time of the entity's latest event
 * @param stale      that event is older than the definition's {@code staleAfter}
 * @param features   each feature's value (null when it has none: see {@code missing})
 * @param missing    features without a value (a window with no event of a value, a lag before the first event)
 * @param outOfRange features whose value lies outside the definition's range for it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EntityFeatures(String name, int version, String entity, Instant at, Instant updatedAt, boolean stale,
                             Map<String, Double> features, List<String> missing, List<OutOfRange> outOfRange) {

    /** A value outside its expected range. */
    public record OutOfRange(String feature, double value, Double min, Double max) {}
}
