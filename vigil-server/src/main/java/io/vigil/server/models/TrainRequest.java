package io.vigil.server.models;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /ml/models/{id}/train}: the dataset, how to hold out test data (a
 * stratified fraction, or a separate dataset), optional hyperparameter overrides and search, queue priority,
 * seed (any 64-bit integer), time limit, and the engine it trains on ({@code local}, the default, or a
 * training backend on the class path such as {@code spark}: {@link TrainingEngines}). Instead of {@code datasetId}, a
 * {@code datasetPath} names a file of the server's import directory ({@code imports.dir}), imported as a dataset with
 * {@code labelColumn} first.
 */
public record TrainRequest(UUID datasetId, Double trainTestSplit, UUID validationDatasetId,
                           Map<String, Object> hyperparameters, Tuning tuning, Integer priority, Long seed,
                           Integer timeLimitSeconds, String engine, String datasetPath, String labelColumn) {

    /** A request naming an uploaded dataset, for an engine. */
    public TrainRequest(UUID datasetId, Double trainTestSplit, UUID validationDatasetId, Map<String, Object> hyperparameters,
                        Tuning tuning, Integer priority, Long seed, Integer timeLimitSeconds, String engine) {
        this(datasetId, trainTestSplit, validationDatasetId, hyperparameters, tuning, priority, seed, timeLimitSeconds, engine, null, null);
    }

    /** A request for the in-process engine. */
    public TrainRequest(UUID datasetId, Double trainTestSplit, UUID validationDatasetId, Map<String, Object> hyperparameters,
                        Tuning tuning, Integer priority, Long seed, Integer timeLimitSeconds) {
        this(datasetId, trainTestSplit, validationDatasetId, hyperparameters, tuning, priority, seed, timeLimitSeconds, null, null, null);
    }

    /** The fields' own ranges and sizes (their JSON types the reader checked), before anything is queued. */
    void check(FieldErrors errors) {
        if (datasetPath == null) {
            errors.required("datasetId", datasetId, "the dataset to train on is required (or datasetPath, a file of the import directory)");
        } else if (datasetId != null) {
            errors.add("datasetPath", "give either datasetId or datasetPath, not both");
        }
        errors.text("datasetPath", datasetPath, RequestLimits.DESCRIPTION_LENGTH);
        errors.name("labelColumn", labelColumn, RequestLimits.DATA_NAME_LENGTH);
        if (labelColumn != null && datasetPath == null) {
            errors.add("labelColumn", "names the label column of a file imported by datasetPath; an uploaded dataset has its own");
        }
        errors.number("trainTestSplit", trainTestSplit, RequestLimits.TRAIN_TEST_SPLIT_MIN, RequestLimits.TRAIN_TEST_SPLIT_MAX);
        if (trainTestSplit != null && validationDatasetId != null) {
            errors.add("validationDatasetId", "give either trainTestSplit or validationDatasetId, not both");
        }
        if (errors.size("hyperparameters", hyperparameters, RequestLimits.HYPERPARAMETERS)) {
            errors.storable("hyperparameters", hyperparameters);
        }
        if (tuning != null) {
            tuning.check(errors);
        }
        errors.integer("priority", priority, RequestLimits.PRIORITY_MIN, RequestLimits.PRIORITY_MAX);
        errors.integer("timeLimitSeconds", timeLimitSeconds, 1, RequestLimits.TIME_LIMIT_SECONDS_MAX);
        if (engine != null && (engine.isBlank() || engine.length() > 64)) errors.add("engine", "an engine's name, such as local or spark");
    }
}
