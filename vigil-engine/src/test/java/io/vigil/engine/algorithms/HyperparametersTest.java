package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {
    final Trainer gbm = new GradientBoostingTrainer();

    @Test
    void fillsDefaultsAndAcceptsWholeDoublesForIntegers() {
        Hyperparameters p = gbm.validate(Map.of("max_depth", 4.0, "eta", 0.1));
        assertThat(p.getInt("max_depth")).isEqualTo(4);
        assertThat(p.getDouble("eta")).isEqualTo(0.1);
        assertThat(p.getInt("rounds")).isEqualTo(100);
        assertThat(p.getString("tree_method")).isEqualTo("hist");
    }

    @Test
    void unknownNameListsKnownOnes() {
        assertThatThrownBy(() -> gbm.validate(Map.of("max_dept", 3)))
                .isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("unknown hyperparameter 'max_dept' for gbm").hasMessageContaining("max_depth");
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndGot() {
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", "six")))
                .hasMessage("hyperparameter 'max_depth' of gbm must be an integer, got 'six' (String)");
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", 2.5))).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> gbm.validate(Map.of("eta", true))).hasMessageContaining("must be a number");
    }

    @Test
    void outOfRangeShowsTheRange() {
        assertThatThrownBy(() -> gbm.validate(Map.of("eta", 1.5)))
                .hasMessage("hyperparameter 'eta' of gbm must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> gbm.validate(Map.of("eta", 0))).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", 0))).hasMessageContaining("[1, 16]");
        assertThatThrownBy(() -> gbm.validate(Map.of("tree_method", "gpu")))
                .hasMessageContaining("must be one of [hist, approx, exact]");
    }

    @Test
    void registryKnowsEveryAlgorithm() {
        assertThat(Algorithms.names()).contains("gbm", "random_forest", "logistic_regression", "isolation_forest", "zscore", "iqr", "mad");
        assertThatThrownBy(() -> Algorithms.trainer("svm")).hasMessageContaining("unknown algorithm 'svm'");
    }
}
