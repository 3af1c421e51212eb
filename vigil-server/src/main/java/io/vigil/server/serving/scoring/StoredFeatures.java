package io.vigil.server.serving.scoring;

import java.util.Map;

/**
 * The port to the feature store: an entity's latest feature values, for a prediction that sends
 * only its entity key and raw event. Missing values are left out (never zero); a stale or unknown
 * entity is refused with a problem that says so.
 */
@FunctionalInterface
public interface StoredFeatures {
    /** Without a feature store: every lookup is refused. */
    StoredFeatures NONE = (definition, key) -> {
        throw io.vigil.server.core.VigilException.unprocessable("this server has no feature store to fill features from");
    };

    /** The latest values of {@code key} in definition {@code definition}, by feature name. */
    Map<String, Double> latest(String definition, String key);
}
