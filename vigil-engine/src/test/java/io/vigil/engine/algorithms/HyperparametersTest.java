package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.classifiers.GradientBoostingTrainer;
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
                .hasMessage("hyperparameter 'max_depth' of gbm must be an integer, got 'six' (a string)");
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", 2.5))).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> gbm.validate(Map.of("eta", true))).hasMessageContaining("must be a number");
    }

    @Test
    void wrongKindsAreNamedInJsonWordsNotJavaClasses() {
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", Map.of("a", 1)))).hasMessageEndingWith("got an object");
        assertThatThrownBy(() -> gbm.validate(Map.of("eta", java.util.List.of(1)))).hasMessageEndingWith("got an array");
        assertThatThrownBy(() -> gbm.validate(Map.of("max_depth", new java.math.BigInteger("9".repeat(30)))))
                .hasMessageEndingWith("got " + "9".repeat(30) + " (a number)");
        assertThatThrownBy(() -> gbm.validate(Map.of("tree_method", "x".repeat(1000))))
                .hasMessageEndingWith("got '" + "x".repeat(60) + "…'");
    }

    @Test
    void everyInvalidParameterIsReportedAtOnce() {
        Map<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("max_depth", 99);
        raw.put("nonsense", 1);
        raw.put("eta", "fast");
        raw.put("rounds", 10);
        assertThatThrownBy(() -> gbm.validate(raw)).isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
            assertThat(e.problems()).hasSize(3);
            assertThat(e.problems().get(0)).startsWith("unknown hyperparameter 'nonsense' for gbm");
            assertThat(e.problems()).anyMatch(p -> p.startsWith("hyperparameter 'max_depth' of gbm must be in [1, 16]"))
                    .anyMatch(p -> p.startsWith("hyperparameter 'eta' of gbm must be a number"));
            assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
        });
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
        // the built-in ones register as any other provider's, and are listed first, in this order, whatever the class path's order
        assertThat(Algorithms.names().subList(0, 7))
                .containsExactly("gbm", "random_forest", "logistic_regression", "isolation_forest", "zscore", "iqr", "mad");
        assertThatThrownBy(() -> Algorithms.trainer("svm")).hasMessageContaining("unknown algorithm 'svm'");
    }

    @Test
    void xgboostAndScikitLearnNamesAreReadAsTheEnginesOwn() {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("n_estimators", 50);
        given.put("learning_rate", 0.1);
        given.put("max_depth", 6);
        given.put("subsample", 0.8);
        given.put("colsample_bytree", 0.7);
        given.put("min_child_weight", 2);
        given.put("reg_lambda", 3.0);
        given.put("reg_alpha", 0.5);

        assertThat(gbm.canonical(given)).containsExactly(Map.entry("rounds", 50), Map.entry("eta", 0.1), Map.entry("max_depth", 6),
                Map.entry("subsample", 0.8), Map.entry("colsample_bytree", 0.7), Map.entry("min_child_weight", 2),
                Map.entry("lambda", 3.0), Map.entry("alpha", 0.5));
        Hyperparameters p = gbm.validate(given);
        assertThat(p.getInt("rounds")).isEqualTo(50);
        assertThat(p.getDouble("eta")).isEqualTo(0.1);
        assertThat(p.getDouble("lambda")).isEqualTo(3.0);
        assertThat(p.asMap()).doesNotContainKeys("n_estimators", "learning_rate", "reg_lambda");
    }

    @Test
    void aHyperparameterGivenUnderTwoOfItsNamesIsRefusedAndAnAliasMeaningNothingHereIsUnknown() {
        assertThatThrownBy(() -> gbm.validate(Map.of("rounds", 10, "n_estimators", 20)))
                .hasMessageContaining("hyperparameter 'rounds' of gbm is given twice");
        // scikit-learn's C is an inverse regularisation strength: no engine parameter means it
        assertThatThrownBy(() -> Algorithms.trainer("logistic_regression").validate(Map.of("C", 1.0)))
                .hasMessageContaining("unknown hyperparameter 'C' for logistic_regression")
                .hasMessageContaining("lambda (reg_lambda)");
    }

    @Test
    void algorithmsAreFoundByTheNamesOtherLibrariesGiveThem() {
        assertThat(Algorithms.trainer("xgboost").algorithm()).isEqualTo("gbm");
        assertThat(Algorithms.canonicalName("gradient_boosting")).isEqualTo("gbm");
        assertThat(Algorithms.canonicalName("gbm")).isEqualTo("gbm");
        assertThat(Algorithms.aliases()).containsEntry("xgboost", "gbm").doesNotContainKey("gbm");
        assertThatThrownBy(() -> Algorithms.trainer("catboost")).hasMessageContaining("; also ").hasMessageContaining("xgboost");
    }
}
