package io.vigil.server.models;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /ml/models/{id}/validate}: which version, on which dataset, with which gates. */
public record ValidateRequest(Integer version, UUID datasetId, Map<String, Double> thresholds) {

    /** The fields' own ranges and sizes; whether each threshold names a metric is known after evaluating. */
    void check(FieldErrors errors) {
        errors.integer("version", version, 1, Integer.MAX_VALUE);
        errors.required("datasetId", datasetId, "the dataset to validate on is required");
        if (thresholds != null && errors.size("thresholds", thresholds, RequestLimits.THRESHOLDS)
                && errors.storable("thresholds", thresholds)) {
            thresholds.forEach((metric, value) -> {
                if (value == null || !Double.isFinite(value)) {
                    errors.add("thresholds." + metric, "must be a finite number; got " + value);
                }
            });
        }
    }
}
