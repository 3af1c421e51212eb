package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.util.Map;
import java.util.UUID;

/**
 * A training job's input, stored as the job's payload (its {@code parameters}) and read back by the
 * job, both through {@link Json#MAPPER}. The field names are the stored contract: jobs queued by
 * an older version run after an upgrade, and a forced dataset delete finds {@code datasetId} and
 * {@code validationDatasetId} in it. Unknown fields are ignored, as the job always did.
 *
 * @param trainTestSplit      the fraction held out for evaluation; absent with a validation dataset
 * @param hyperparameters     the model's, with the request's overrides on top
 * @param tuning              the search to run first, or absent
 * @param engine              the training backend it runs on ({@link TrainingEngines}); absent for this process
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingPayload(UUID datasetId, UUID validationDatasetId, Double trainTestSplit, Map<String, Object> hyperparameters,
                              Tuning tuning, Long seed, String engine) {
    static final double DEFAULT_SPLIT = 0.2;
    static final long DEFAULT_SEED = 42;

    /** A payload's defaults, as the job always read a missing one: the split (without a validation dataset) and the seed. */
    public TrainingPayload {
        if (validationDatasetId == null && trainTestSplit == null) {
            trainTestSplit = DEFAULT_SPLIT;
        }
        if (seed == null) {
            seed = DEFAULT_SEED;
        }
        if (hyperparameters == null) {
            hyperparameters = Map.of();
        }
    }

    /** A payload for the in-process engine. */
    public TrainingPayload(UUID datasetId, UUID validationDatasetId, Double trainTestSplit, Map<String, Object> hyperparameters,
                           Tuning tuning, Long seed) {
        this(datasetId, validationDatasetId, trainTestSplit, hyperparameters, tuning, seed, null);
    }

    JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    static TrainingPayload of(JsonNode payload) {
        return Json.MAPPER.convertValue(payload, TrainingPayload.class);
    }
}
