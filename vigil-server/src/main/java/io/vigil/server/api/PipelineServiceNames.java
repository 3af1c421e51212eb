package io.vigil.server.api;

import io.vigil.server.http.Dialect;
import java.util.Map;

/**
 * The pipeline service's names for Vigil's fields, where they are other words and not only snake_case: its
 * README's {@code {"name", "description", "algorithm", "parameters"}} is Vigil's {@code modelName} and
 * {@code hyperparameters}. Its algorithm and hyperparameter names (XGBoost's, scikit-learn's) need no entry:
 * the engine knows them everywhere. What a request makes is located under its paths ({@code /api/v1/models/...}).
 */
final class PipelineServiceNames {
    static final Dialect DIALECT = Dialect.snakeCase(Map.of("modelName", "name", "hyperparameters", "parameters"))
            .withPath("/ml/models/", "/api/v1/models/");

    private PipelineServiceNames() {}
}
