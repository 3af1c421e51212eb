package io.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DualScoreTest {
    static final RuleVerdict SYN = new RuleVerdict(0.95, List.of("syn-flood"));
    static final RuleVerdict WEAK = new RuleVerdict(0.4, List.of("odd-port"));

    @Test
    void theHigherThreatWins() {
        DualScore d = DualScore.combine(0.2, SYN, true, 0.5, 0.2);
        assertThat(d.score()).isEqualTo(0.95);
        assertThat(d.ml()).isEqualTo(0.2);
        assertThat(d.rules()).isEqualTo(0.95);
        assertThat(d.fired()).containsExactly("syn-flood");
        assertThat(DualScore.combine(0.7, WEAK, true, 0.5, 0.2).score()).isEqualTo(0.7);
        assertThat(DualScore.combine(0.7, RuleVerdict.NONE, true, 0.5, 0.2).score()).isEqualTo(0.7);
        assertThat(d.attack(0.5)).isTrue();
        assertThat(d.attack(0.96)).isFalse();
    }

    @Test
    void rulesSayAttackAndMlSaysBenignBeyondTheMargin() {
        // threshold 0.5, margin 0.2: the other side must be under 0.3
        assertThat(DualScore.combine(0.29, SYN, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.RULES_ONLY);
        assertThat(DualScore.combine(0.3, SYN, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.combine(0.4, SYN, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.combine(0.0, new RuleVerdict(0.5, List.of("r")), true, 0.5, 0.0).divergence())
                .isEqualTo(Divergence.RULES_ONLY);
    }

    @Test
    void mlSaysAttackAndNoRuleDoes() {
        assertThat(DualScore.combine(0.9, RuleVerdict.NONE, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.ML_ONLY);
        assertThat(DualScore.combine(0.9, new RuleVerdict(0.29, List.of("r")), true, 0.5, 0.2).divergence()).isEqualTo(Divergence.ML_ONLY);
        assertThat(DualScore.combine(0.9, WEAK, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE); // 0.4 is within the margin
        assertThat(DualScore.combine(0.49, RuleVerdict.NONE, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.combine(0.9, SYN, true, 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE);
    }

    @Test
    void withoutRulesOrWithoutAnMlScoreNothingDiverges() {
        DualScore noRules = DualScore.combine(0.9, RuleVerdict.NONE, false, 0.5, 0.2);
        assertThat(noRules.divergence()).isEqualTo(Divergence.NONE);
        assertThat(noRules.score()).isEqualTo(0.9);
        DualScore ruleOnly = DualScore.combine(Double.NaN, SYN, true, 0.5, 0.2);
        assertThat(ruleOnly.divergence()).isEqualTo(Divergence.NONE);
        assertThat(ruleOnly.score()).isEqualTo(0.95);
        assertThat(Divergence.RULES_ONLY.wire()).isEqualTo("rules_only");
        assertThat(Divergence.ML_ONLY.divergent()).isTrue();
    }

    @Test
    void evaluatesCompiledRulesOnTheRecord() {
        CompiledRules rules = RuleSet.parse(CompiledRulesTest.SET).compile();
        DualScore d = DualScore.of(0.1, rules, Map.of("count", 511, "flag", "S0"), 0.5, 0.2);
        assertThat(d.fired()).containsExactly("syn-flood", "half-open");
        assertThat(d.score()).isEqualTo(0.95);
        assertThat(d.divergence()).isEqualTo(Divergence.RULES_ONLY);
        assertThat(DualScore.of(0.9, CompiledRules.NONE, Map.of(), 0.5, 0.2).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.of(0.9, rules, Map.of("count", 1, "flag", "SF"), 0.5, 0.2).divergence()).isEqualTo(Divergence.ML_ONLY);
    }

    @Test
    void refusesScoresAndSettingsOffTheirScale() {
        assertThatThrownBy(() -> DualScore.combine(1.2, SYN, true, 0.5, 0.2)).hasMessageContaining("ML threat");
        assertThatThrownBy(() -> DualScore.combine(0.5, SYN, true, -0.1, 0)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> DualScore.combine(0.5, SYN, true, 0.5, 1.5)).hasMessageContaining("margin");
        assertThatThrownBy(() -> DualScore.combine(0.5, SYN, true, 0.5, Double.NaN)).hasMessageContaining("margin");
    }

    @Test
    void aMarginAtTheThresholdLetsNothingDiverge() {
        // threshold - margin = 0: the other side would have to be below 0
        assertThat(DualScore.combine(0.0, SYN, true, 0.5, 0.5).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.combine(1.0, RuleVerdict.NONE, true, 0.5, 0.5).divergence()).isEqualTo(Divergence.NONE);
        assertThat(DualScore.combine(1.0, RuleVerdict.NONE, true, 0.5, 0.49).divergence()).isEqualTo(Divergence.ML_ONLY);
        assertThat(DualScore.combine(0.0, SYN, true, 0.0, 0.0).divergence()).as("threshold 0: everything is an attack").isEqualTo(Divergence.NONE);
    }
}
