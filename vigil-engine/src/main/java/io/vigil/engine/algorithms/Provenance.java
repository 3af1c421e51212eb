package io.vigil.engine.algorithms;

import java.util.Map;

/**
 * How a model was made: enough to repeat the training run or to audit it.
 *
 * @param algorithm        registered algorithm name
 * @param hyperparameters  every hyperparameter, defaults included
 * @param dataSha256       SHA-256 of the training rows as read ({@link io.vigil.engine.table.Table#contentSha256()}:
 *                         names, kinds, every cell), not of the file they came from: equal rows hash
 *                         equal whatever the format; a split's training part hashes differently from the whole
 * @param rows             training rows
 * @param seed             the seed of every random choice
 * @param libraryVersions  library name to version (engine, XGBoost, Java)
 * @param createdAt        ISO-8601 instant training finished
 * @param trainingMillis   wall time of training
 */
public record Provenance(String algorithm, Map<String, Object> hyperparameters, String dataSha256, long rows, long seed,
                         Map<String, String> libraryVersions, String createdAt, long trainingMillis) {
}
