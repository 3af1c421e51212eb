package io.vigil.server.streams;

import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.Instances;

/** The scoring path a stream uses: serving's one path ({@code Serving::scoreStream}), judged, checked, metered and logged. */
@FunctionalInterface
public interface StreamScoring {
    /** Each record's answer in order; a {@code VigilException} when the model type has no deployed model. */
    BatchResult score(String modelType, Instances records, boolean explain);
}
