package io.vigil.cli.commands;

import java.util.List;
import java.util.Map;

/** The JSON bodies the models commands send (absent fields are left out). */
final class ModelRequests {
    private ModelRequests() {}

    record Create(String modelName, String modelType, String algorithm, String targetVariable,
                  Map<String, Object> hyperparameters, List<String> features, String description, List<String> tags,
                  List<String> dropColumns, Binarize binarize) {}

    /** Every label but {@code negativeClass} becomes {@code positiveClass} (NSL-KDD: attack names → attack). */
    record Binarize(String negativeClass, String positiveClass) {}

    record Train(String datasetId, Double trainTestSplit, String validationDatasetId,
                 Map<String, Object> hyperparameters, Tuning tuning, Integer priority, Long seed, Integer timeLimitSeconds,
                 String engine) {}

    /** A hyperparameter search by cross-validation before the final training; null fields take the server's defaults. */
    record Tuning(String method, Map<String, List<Object>> space, Integer trials, Integer folds, String metric) {}

    record Validate(String datasetId, Integer version, Map<String, Double> thresholds) {}

    record Deploy(Integer version) {}

    record BatchPredict(String datasetId) {}
}
