package io.vigil.server.models;

import io.vigil.engine.evaluation.HyperparameterSearch;
import java.util.List;
import java.util.Map;

/** What a hyperparameter search tried, best first, as the job's result and the version's artifacts show it. */
public record TuningReport(String method, String metric, int folds, Map<String, List<Object>> space,
                           HyperparameterSearch.Trial best, List<HyperparameterSearch.Trial> trials) {

    static TuningReport of(Tuning tuning, HyperparameterSearch.Result search) {
        return new TuningReport(tuning.methodOrDefault(), tuning.metricOrDefault(), tuning.foldsOrDefault(), tuning.space(),
                search.best(), search.trials());
    }
}
