package io.vigil.engine;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The engine's one JSON mapper, for the files a model is made of: bundle manifests, XGBoost's JSON
 * models, detector states.
 * <ul>
 * <li>XGBoost writes non-finite numbers as bare {@code NaN} / {@code Infinity} (a split above a
 *     feature at the float maximum has threshold {@code Infinity}), so they are read. What we
 *     write stays standard JSON (non-finite numbers as strings) unless the writer asks otherwise.</li>
 * <li>Unknown properties are ignored: a bundle written by a later version still loads.</li>
 * </ul>
 */
public final class ModelJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelJson() {
    }
}
