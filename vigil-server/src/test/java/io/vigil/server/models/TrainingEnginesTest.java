package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainingBackends;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server alone has no training backend (vigil-spark is not on its class path): a training asked for on Spark is
 * refused with the engines it has, and the in-process engine is always there. (vigil-spark's {@code SparkTrainingIT}
 * checks the same with Spark present.)
 */
class TrainingEnginesTest {

    @Test
    void withoutTheSparkModuleSparkIsRefusedListingTheEnginesThereAre() {
        assertThat(TrainingBackends.names()).containsExactly("local");
        FieldErrors errors = new FieldErrors();
        TrainingEngines.check("spark", Algorithms.trainer("gbm"), Map.of(), false, false, errors);
        assertThat(errors.list()).extracting(FieldError::field, FieldError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("engine",
                        "no training engine 'spark' on this server's class path (it has: local)"));
    }

    @Test
    void theInProcessEngineNeedsNoBackend() {
        FieldErrors errors = new FieldErrors();
        TrainingEngines.check(null, Algorithms.trainer("gbm"), Map.of("rounds", 5), true, true, errors);
        TrainingEngines.check("local", Algorithms.trainer("mlp"), Map.of(), true, true, errors);
        assertThat(errors.isEmpty()).isTrue();
        assertThat(TrainingEngines.inProcess("local")).isTrue();
        assertThat(TrainingEngines.inProcess("spark")).isFalse();
    }
}
